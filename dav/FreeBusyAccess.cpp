#include "dav/FreeBusyAccess.h"

#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"

#include <string>

namespace caldav::dav {

bool publishesBusyTime(const storage::UserRecord& target) {
  // Bookable principals publish their busy time to everyone who may book them.
  return target.kind != "individual" || !target.autoSchedule.empty();
}

bool canReadFreeBusy(const acl::Permissions& permissions, storage::ReadTransaction& txn, std::string_view path) {
  const std::string owner = ownerOfPath(path);
  if (owner.empty() || permissions.has(path, acl::privilege::kReadFreeBusy)) return true;
  auto target = txn.findUser(owner);
  return target && publishesBusyTime(*target);
}

void requireFreeBusyAccess(const acl::Permissions& permissions, storage::ReadTransaction& txn, std::string_view path) {
  if (canReadFreeBusy(permissions, txn, path)) return;
  const std::string href = hrefFor(path, true);
  throw HttpError(Precondition::NeedPrivileges, "You may not read the busy time of " + href,
                  "<D:resource><D:href>" + xmlEscape(href) +
                      "</D:href><D:privilege><C:read-free-busy xmlns:C=\"urn:ietf:params:xml:ns:caldav\"/>"
                      "</D:privilege></D:resource>");
}

}  // namespace caldav::dav
