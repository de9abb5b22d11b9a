#include "dav/auth/PasswordHash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace caldav::dav::auth {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::vector<unsigned char> unbase64(std::string_view text) {
  std::vector<unsigned char> out(3 * (text.size() / 4) + 3);
  int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) return {};
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

std::vector<unsigned char> derive(std::string_view password, const std::vector<unsigned char>& salt, int iterations) {
  std::vector<unsigned char> key(kHashBytes);
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(key.size()),
                        key.data()) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return key;
}

}  // namespace

std::string hashPassword(std::string_view password, int iterations) {
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  auto key = derive(password, salt, iterations);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + base64(salt.data(), salt.size()) + "$" +
         base64(key.data(), key.size());
}

bool verifyPassword(std::string_view password, std::string_view encoded) {
  constexpr std::string_view kScheme = "pbkdf2-sha256$";
  if (encoded.substr(0, kScheme.size()) != kScheme) return false;
  std::string_view rest = encoded.substr(kScheme.size());
  auto d1 = rest.find('$');
  if (d1 == std::string_view::npos) return false;
  auto d2 = rest.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  int iterations = 0;
  try {
    iterations = std::stoi(std::string(rest.substr(0, d1)));
  } catch (const std::exception&) {
    return false;
  }
  if (iterations < 1 || iterations > 10000000) return false;
  auto salt = unbase64(rest.substr(d1 + 1, d2 - d1 - 1));
  auto expected = unbase64(rest.substr(d2 + 1));
  if (salt.empty() || expected.size() != kHashBytes) return false;
  auto actual = derive(password, salt, iterations);
  return CRYPTO_memcmp(actual.data(), expected.data(), kHashBytes) == 0;
}

}  // namespace caldav::dav::auth
