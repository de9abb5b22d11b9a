#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace caldav::dav::auth {

// Remembers recently verified (user, password) pairs so the slow KDF runs once per
// pair per `ttl`, not on every request. Entries are keyed by HMAC-SHA256 under a random
// per-process key: the plain password is never stored, and a memory dump does not give
// a cheap offline test. Thread-safe. Bounded: when full, it is cleared.
class CredentialCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit CredentialCache(std::chrono::seconds ttl = std::chrono::seconds(60), std::size_t capacity = 10000);

  // Returns true if (user, password) was verified and last used less than `ttl` ago and its
  // stored hash is still `passwordHash` (a password change invalidates the entry). A hit
  // extends the entry by `ttl`: a user who keeps working is not made to wait for the KDF
  // again, and the stored hash is compared on every request anyway.
  bool contains(std::string_view user, std::string_view password, std::string_view passwordHash);
  void remember(std::string_view user, std::string_view password, std::string_view passwordHash);

  // contains(), or else runs `verify` and remembers a success, with at most one `verify` at a
  // time per (user, password, hash): concurrent requests with the same credentials (a client
  // opening several connections at once) wait for that one run instead of each running the
  // slow KDF. Returns whether the credentials are good.
  bool verifyOnce(std::string_view user, std::string_view password, std::string_view passwordHash,
                  const std::function<bool()>& verify);

 private:
  // With mutex_ held: true if `key` is present and fresh (and then extended).
  bool isFresh(const std::string& key);
  // With mutex_ held: records `key` as verified now.
  void store(const std::string& key);

  std::string keyFor(std::string_view user, std::string_view password, std::string_view passwordHash) const;

  std::chrono::seconds ttl_;
  std::size_t capacity_;
  std::string secret_;
  std::mutex mutex_;
  std::condition_variable verified_;                   // a verify run ended
  std::unordered_map<std::string, Clock::time_point> verifiedUntil_;
  std::unordered_set<std::string> verifying_;  // keys whose verify runs now
};

}  // namespace caldav::dav::auth
