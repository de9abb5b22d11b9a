#pragma once

#include <string>
#include <string_view>

namespace caldav::dav {

// The URL scheme (docs/urls.md) and who owns what. What a user may do in another user's tree
// (grants, RFC 3744) is decided per request by acl::Permissions (dav/acl/Permissions.h), which
// builds on these; canRead/canWrite below are the owner-only rule without grants:
//   /                          service root, readable by every authenticated user
//   /principals/users/NAME/    NAME's principal, readable and writable by NAME only
//   /calendars/NAME/...        NAME's calendar home and everything below it: NAME only
//   /calendars/NAME/inbox, /outbox   NAME's scheduling inbox and outbox (fixed, RFC 6638)
// Anything else under /principals or /calendars belongs to nobody and is read-only
// structure (listings of it show each user only their own entries).
// Busy time is the exception: who may read it is dav/FreeBusyAccess.h (POST to the outbox,
// the free-busy-query and free-slots REPORTs, which authorize themselves).
namespace paths {
inline constexpr std::string_view kPrincipalsRoot = "/principals";
inline constexpr std::string_view kUsersRoot = "/principals/users";
inline constexpr std::string_view kCalendarsRoot = "/calendars";
std::string principalPath(std::string_view user);
std::string calendarHomePath(std::string_view user);
// RFC 6638 §2.2, §2.1: /calendars/NAME/inbox and /calendars/NAME/outbox.
std::string scheduleInboxPath(std::string_view user);
std::string scheduleOutboxPath(std::string_view user);
}  // namespace paths

// Returns the user who owns `path` under the scheme above, or "" for shared structure.
std::string ownerOfPath(std::string_view path);
// Returns true if `user` may read `path` by ownership alone (no grants).
bool canRead(std::string_view user, std::string_view path);
// Returns true if `user` may change `path` (its body, properties or members) by ownership alone.
bool canWrite(std::string_view user, std::string_view path);
// Returns true if `path` is a fixed node that no request may create, delete or move:
// the structure, a principal, a calendar home itself, or its scheduling inbox or outbox.
bool isFixedNode(std::string_view path);
// Returns true if `path` is a user's scheduling inbox or outbox: only the server puts
// members there (RFC 6638 §2.1: the outbox holds none; §2.2: the inbox is filled by
// delivery), so no request may bind a member into it.
bool isSchedulingCollection(std::string_view path);

}  // namespace caldav::dav
