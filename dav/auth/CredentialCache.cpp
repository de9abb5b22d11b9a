#include "dav/auth/CredentialCache.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace caldav::dav::auth {

CredentialCache::CredentialCache(std::chrono::seconds ttl, std::size_t capacity)
    : ttl_(ttl), capacity_(capacity), secret_(32, '\0') {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret_.data()), static_cast<int>(secret_.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
}

std::string CredentialCache::keyFor(std::string_view user, std::string_view password,
                                    std::string_view passwordHash) const {
  std::string message;
  message.reserve(user.size() + password.size() + passwordHash.size() + 2);
  message.append(user).append(1, '\0').append(password).append(1, '\0').append(passwordHash);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

bool CredentialCache::isFresh(const std::string& key) {
  auto it = verifiedUntil_.find(key);
  if (it == verifiedUntil_.end()) return false;
  const auto now = Clock::now();
  if (now >= it->second) {
    verifiedUntil_.erase(it);
    return false;
  }
  it->second = now + ttl_;
  return true;
}

bool CredentialCache::contains(std::string_view user, std::string_view password, std::string_view passwordHash) {
  auto key = keyFor(user, password, passwordHash);
  std::lock_guard lock(mutex_);
  return isFresh(key);
}

bool CredentialCache::verifyOnce(std::string_view user, std::string_view password, std::string_view passwordHash,
                                 const std::function<bool()>& verify) {
  const auto key = keyFor(user, password, passwordHash);
  {
    std::unique_lock lock(mutex_);
    verified_.wait(lock, [&] { return verifying_.count(key) == 0; });
    if (isFresh(key)) return true;
    verifying_.insert(key);
  }
  bool good = false;
  try {
    good = verify();
  } catch (...) {
    std::lock_guard lock(mutex_);
    verifying_.erase(key);
    verified_.notify_all();
    throw;
  }
  {
    std::lock_guard lock(mutex_);
    verifying_.erase(key);
    if (good) store(key);
  }
  verified_.notify_all();
  return good;
}

void CredentialCache::remember(std::string_view user, std::string_view password, std::string_view passwordHash) {
  auto key = keyFor(user, password, passwordHash);
  std::lock_guard lock(mutex_);
  store(key);
}

void CredentialCache::store(const std::string& key) {
  if (verifiedUntil_.size() >= capacity_) verifiedUntil_.clear();
  verifiedUntil_[key] = Clock::now() + ttl_;
}

}  // namespace caldav::dav::auth
