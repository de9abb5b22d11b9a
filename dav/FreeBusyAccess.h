#pragma once

#include "storage/Store.h"

#include <string_view>

namespace caldav::dav {

// The one rule for who may see a calendar user's busy time (CALDAV:read-free-busy, RFC 4791
// §6.1.1; for POST, RFC 6638 §11.3 point 3 lets the server decide whom a recipient's busy
// time is given to). Used by the outbox POST (RFC 6638 §5), the free-busy-query REPORT and the
// free-slots REPORT; ACL grants will be added here, and only here.
//
// Returns true if `user` (an authenticated user name) may read the busy time of `target`:
// `target` itself, and every authenticated user when `target` is a bookable principal (a room
// or resource, UserRecord::kind other than "individual", or a principal that answers
// invitations itself, UserRecord::autoSchedule not empty). Busy time never carries details
// of events (docs/caldav.md, "Free-busy"). `txn` is for the ACL grants to come.
bool canReadFreeBusy(storage::ReadTransaction& txn, std::string_view user, const storage::UserRecord& target);

// For the REPORTs that answer busy time of `path` (a calendar or calendar home): returns if
// `path` belongs to nobody (shared structure, readable by all: dav/Access.h) or `user` may
// read its owner's busy time; throws HttpError 403 DAV:need-privileges naming
// CALDAV:read-free-busy on `path` otherwise (also when the owner does not exist, as for any
// other user's path).
void requireFreeBusyAccess(storage::ReadTransaction& txn, std::string_view user, std::string_view path);

}  // namespace caldav::dav
