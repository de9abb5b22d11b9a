#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace caldav::dav::auth {

// Remembers recently verified (user, password) pairs so the slow KDF runs once per
// pair per `ttl`, not on every request. Entries are keyed by HMAC-SHA256 under a random
// per-process key: the plain password is never stored, and a memory dump does not give
// a cheap offline test. Thread-safe. Bounded: when full, it is cleared.
class CredentialCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit CredentialCache(std::chrono::seconds ttl = std::chrono::seconds(60), std::size_t capacity = 10000);

  // Returns true if (user, password) was verified less than `ttl` ago and its stored
  // hash is still `passwordHash` (a password change invalidates the entry).
  bool contains(std::string_view user, std::string_view password, std::string_view passwordHash);
  void remember(std::string_view user, std::string_view password, std::string_view passwordHash);

 private:
  std::string keyFor(std::string_view user, std::string_view password, std::string_view passwordHash) const;

  std::chrono::seconds ttl_;
  std::size_t capacity_;
  std::string secret_;
  std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> verifiedUntil_;
};

}  // namespace caldav::dav::auth
