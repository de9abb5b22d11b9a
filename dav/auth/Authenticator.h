#pragma once

#include "dav/auth/CredentialCache.h"
#include "storage/Store.h"

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
  // std::nullopt otherwise (absent, malformed, unknown user, wrong password).
  std::optional<std::string> authenticate(const std::string& authorizationHeader);

 private:
  storage::Store& store_;
  CredentialCache cache_;
};

}  // namespace caldav::dav::auth
