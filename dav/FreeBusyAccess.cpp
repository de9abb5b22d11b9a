#include "dav/FreeBusyAccess.h"

#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"

#include <string>

namespace caldav::dav {

bool canReadFreeBusy(storage::ReadTransaction& /*txn*/, std::string_view user, const storage::UserRecord& target) {
  if (user == target.name) return true;
  // Bookable principals publish their busy time to everyone who may book them.
  return target.kind != "individual" || !target.autoSchedule.empty();
}

void requireFreeBusyAccess(storage::ReadTransaction& txn, std::string_view user, std::string_view path) {
  const std::string owner = ownerOfPath(path);
  if (owner.empty() || owner == user) return;
  if (auto target = txn.findUser(owner); target && canReadFreeBusy(txn, user, *target)) return;
  const std::string href = hrefFor(path, true);
  throw HttpError(Precondition::NeedPrivileges, "You may not read the busy time of " + href,
                  "<D:resource><D:href>" + xmlEscape(href) +
                      "</D:href><D:privilege><C:read-free-busy xmlns:C=\"urn:ietf:params:xml:ns:caldav\"/>"
                      "</D:privilege></D:resource>");
}

}  // namespace caldav::dav
