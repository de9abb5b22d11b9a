#include "dav/auth/Authenticator.h"

#include "dav/auth/PasswordHash.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

#include <sstream>

namespace caldav::dav::auth {
namespace {

std::optional<std::pair<std::string, std::string>> decodeBasic(const std::string& header) {
  constexpr std::size_t kSchemeLength = 6;  // "Basic "
  if (header.size() <= kSchemeLength || Poco::icompare(header.substr(0, kSchemeLength), "basic ") != 0) {
    return std::nullopt;
  }
  std::string encoded = Poco::trim(header.substr(kSchemeLength));
  if (encoded.size() > 4096) return std::nullopt;
  std::string decoded;
  try {
    std::istringstream in(encoded);
    Poco::Base64Decoder decoder(in);
    std::getline(decoder, decoded, '\0');
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  auto colon = decoded.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  return std::make_pair(decoded.substr(0, colon), decoded.substr(colon + 1));
}

}  // namespace

std::optional<std::string> Authenticator::authenticate(const std::string& authorizationHeader) {
  auto credentials = decodeBasic(authorizationHeader);
  if (!credentials) return std::nullopt;
  const auto& [user, password] = *credentials;
  std::optional<storage::UserRecord> record;
  {
    auto txn = store_.beginRead();
    record = txn->findUser(user);
  }
  // A principal without a password (a room, `caldavd principal add`) cannot log in; refused
  // like a wrong password, before any KDF runs.
  if (!record || record->passwordHash.empty()) return std::nullopt;
  const bool good = cache_.verifyOnce(user, password, record->passwordHash, [&] {
    ++kdfRuns_;
    return verifyPassword(password, record->passwordHash);
  });
  if (!good) return std::nullopt;
  return user;
}

}  // namespace caldav::dav::auth
