#pragma once

#include "dav/auth/CredentialCache.h"
#include "storage/Store.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace caldav::dav::auth {

// HTTP Basic authentication (RFC 7617) against the users table. Stateless per request:
// nothing about a connection is remembered, only verified credential digests (see
// CredentialCache), and the stored hash is read on every request so a removed user or a
// changed password takes effect at once.
class Authenticator {
 public:
  explicit Authenticator(storage::Store& store) : store_(store) {}

  // Returns the user name if `authorizationHeader` carries valid Basic credentials,
  // std::nullopt otherwise (absent, malformed, unknown user, wrong password, or a principal
  // without a password, which never logs in).
  std::optional<std::string> authenticate(const std::string& authorizationHeader);

  // How many times the slow KDF ran (each cache miss with a known user), for tests/metrics.
  std::uint64_t kdfRuns() const { return kdfRuns_.load(); }

 private:
  storage::Store& store_;
  CredentialCache cache_;
  std::atomic<std::uint64_t> kdfRuns_{0};
};

}  // namespace caldav::dav::auth
