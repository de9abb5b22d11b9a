#include "dav/acl/Permissions.h"

#include "dav/Access.h"
#include "dav/Namespaces.h"

namespace caldav::dav::acl {

bool isAtOrBelow(std::string_view path, std::string_view ancestor) {
  if (ancestor == "/") return !path.empty() && path.front() == '/';
  return path == ancestor ||
         (path.size() > ancestor.size() && path.substr(0, ancestor.size()) == ancestor && path[ancestor.size()] == '/');
}

bool carriesGrants(const storage::NodeRecord& node) {
  const std::string& type = node.resourceType;
  return type == kCalendarType || type == kScheduleInboxType || type == kScheduleOutboxType ||
         type == kCalendarHomeType;
}

Permissions::Permissions(std::string user, storage::Store& store) : user_(std::move(user)), store_(&store) {}

Permissions::Permissions(std::string user, std::vector<storage::GrantRecord> grants)
    : user_(std::move(user)), grants_(std::move(grants)) {}

const std::vector<storage::GrantRecord>& Permissions::grants() const {
  if (!grants_) grants_ = store_->beginRead()->grantsTo(user_);
  return *grants_;
}

PrivilegeSet Permissions::on(std::string_view path) const {
  const std::string owner = ownerOfPath(path);
  if (owner.empty()) return privilege::kRead | privilege::kReadFreeBusy | privilege::kReadCurrentUserPrivilegeSet;
  if (owner == user_) return privilege::kAll;
  PrivilegeSet set = 0;
  bool holdsAnyInHome = false;
  const std::string home = paths::calendarHomePath(owner);
  for (const auto& grant : grants()) {
    if (isAtOrBelow(path, grant.path)) set |= privilegesOf(grant.privileges);
    holdsAnyInHome = holdsAnyInHome || isAtOrBelow(grant.path, home);
  }
  // Discovery: the home (to list what is shared) and the principal (its calendar-home-set).
  if (holdsAnyInHome && (path == home || path == paths::principalPath(owner))) {
    set |= privilege::kRead | privilege::kReadFreeBusy | privilege::kReadCurrentUserPrivilegeSet;
  }
  return set;
}

}  // namespace caldav::dav::acl
