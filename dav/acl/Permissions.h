#pragma once

#include "dav/acl/Privileges.h"
#include "storage/Records.h"
#include "storage/Store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::dav::acl {

// What one user may do where, for one request (docs/decisions/0003-acl-grants.md):
//  - the owner of a path (dav::ownerOfPath) holds every privilege on it (DAV:all);
//  - shared structure ("/", "/calendars", "/principals/users", ...) is readable by everyone;
//  - anyone else holds what grants give them: a grant on a node covers the node and every
//    node below it (a calendar's objects, an inbox's members, a home's calendars);
//  - a user who holds any grant in someone's calendar home may also read (discover) that
//    home and that user's principal: listings of the home then show only what they may read.
// Only the owner holds DAV:write-acl: a grantee never changes an ACL.
// Not thread-safe: one object per request (it reads the user's grants at most once).
class Permissions {
 public:
  // `user`'s privileges; their grants are read from `store` (one read transaction) the first
  // time a question concerns a path `user` does not own, and kept until this object dies.
  Permissions(std::string user, storage::Store& store);
  // The same over grants already loaded (all held by `user`).
  Permissions(std::string user, std::vector<storage::GrantRecord> grants);

  const std::string& user() const { return user_; }
  // Returns the privileges `user` holds on the canonical `path`.
  PrivilegeSet on(std::string_view path) const;
  // Returns true if `user` holds every privilege of `wanted` on `path`.
  bool has(std::string_view path, PrivilegeSet wanted) const { return (on(path) & wanted) == wanted; }
  bool canRead(std::string_view path) const { return has(path, privilege::kRead); }
  // Returns true if `user` may change the body or properties of `path` (DAV:write-content).
  bool canWrite(std::string_view path) const { return has(path, privilege::kWriteContent); }

 private:
  const std::vector<storage::GrantRecord>& grants() const;

  std::string user_;
  storage::Store* store_ = nullptr;
  mutable std::optional<std::vector<storage::GrantRecord>> grants_;
};

// Returns true if grants may be set on `node` (the ACL method, `caldavd grant`): a calendar,
// a scheduling inbox or outbox, or a calendar home.
bool carriesGrants(const storage::NodeRecord& node);

// Returns true if `path` is `ancestor` or below it (canonical paths).
bool isAtOrBelow(std::string_view path, std::string_view ancestor);

}  // namespace caldav::dav::acl
