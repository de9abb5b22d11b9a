#pragma once

#include "dav/acl/Permissions.h"
#include "storage/Store.h"

#include <string_view>

namespace caldav::dav {

// The one rule for who may see a calendar user's busy time (CALDAV:read-free-busy, RFC 4791
// §6.1.1; for POST, RFC 6638 §11.3 point 3 lets the server decide whom a recipient's busy
// time is given to). Used by the outbox POST (RFC 6638 §5), the free-busy-query REPORT and the
// free-slots REPORT. Busy time never carries details of events (docs/caldav.md, "Free-busy").

// Returns true if `target` publishes its busy time to every authenticated user: a bookable
// principal (a room or resource, UserRecord::kind other than "individual", or a principal that
// answers invitations itself, UserRecord::autoSchedule not empty).
bool publishesBusyTime(const storage::UserRecord& target);

// Returns true if the user of `permissions` may read the busy time of `path` (a calendar or a
// calendar home): shared structure (it belongs to nobody), the owner, a holder of
// CALDAV:read-free-busy there (DAV:read includes it; grants, docs/decisions/0003), and every
// user when the owner publishesBusyTime.
bool canReadFreeBusy(const acl::Permissions& permissions, storage::ReadTransaction& txn, std::string_view path);

// The same, throwing HttpError 403 DAV:need-privileges naming CALDAV:read-free-busy on `path`
// when it is false.
void requireFreeBusyAccess(const acl::Permissions& permissions, storage::ReadTransaction& txn, std::string_view path);

}  // namespace caldav::dav
