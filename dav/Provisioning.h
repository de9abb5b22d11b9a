#pragma once

#include "storage/Store.h"

#include <string>
#include <string_view>
#include <vector>

namespace caldav::dav {

// Returns true if `name` can be a user name: 1-64 characters of [A-Za-z0-9._@-], not
// starting with '.' (it becomes a URL segment in /principals/users/NAME/).
bool isValidUserName(std::string_view name);

inline constexpr const char* kDefaultCalendarName = "calendar";
// The mail domain of default calendar user addresses (docs/configuration.md, mail-domain).
inline constexpr const char* kDefaultMailDomain = "localhost";

// Returns true if `address` can be a calendar user address (RFC 6638 §2.4.1, a mailto:
// address without the scheme): LOCAL@DOMAIN, both parts non-empty, one '@', no spaces,
// control characters or characters that need quoting in a URI or XML.
bool isValidEmail(std::string_view address);
// Returns the address a user gets when none is given: the name itself if it contains '@',
// otherwise NAME@`mailDomain`.
std::string defaultEmail(std::string_view name, std::string_view mailDomain);

// Creates user `name` with `password`, its principal /principals/users/NAME, its
// calendar home /calendars/NAME with a default calendar /calendars/NAME/calendar and the
// scheduling inbox and outbox /calendars/NAME/inbox and /calendars/NAME/outbox (RFC 6638
// §2.1, §2.2), in one transaction. `email` is the calendar user address ("" =
// defaultEmail(name, kDefaultMailDomain)). Throws std::invalid_argument for a bad name, an
// empty password or an invalid address, StoreError{AlreadyExists} if the user exists or
// another user has that address (compared without regard to ASCII case).
// `kdfIterations` below the default is for tests only.
void createUser(storage::Store& store, const std::string& name, const std::string& password, std::int64_t now,
                int kdfIterations = 0, const std::string& email = "");

// Bookable principals (`caldavd principal`, docs/configuration.md): rooms, resources and
// people whose invitations the server answers (RFC 6638 §2.4.2 calendar-user-type; how it
// answers is UserRecord::autoSchedule). A principal has no password, so it cannot log in.
//
// Returns true for the kinds `principal add` makes: "individual", "room", "resource".
bool isValidPrincipalKind(std::string_view kind);
// Returns true for "automatic", "accept-if-free", "decline-if-busy" and "none".
bool isValidAutoSchedule(std::string_view autoSchedule);

// Creates principal `name` of `kind` with `autoSchedule` and no password, with everything
// createUser makes (principal, home, default calendar, inbox, outbox), except that the
// default calendar is bookable (booking-rules-enabled true, the default policy otherwise),
// in one transaction. `email` as for createUser. Throws std::invalid_argument for a bad
// name, kind, auto-schedule value or address, StoreError{AlreadyExists} if a user or
// principal has that name or address.
void createPrincipal(storage::Store& store, const std::string& name, const std::string& kind,
                     const std::string& autoSchedule, std::int64_t now, const std::string& email = "");

// Changes the kind and/or (when not "") the auto-schedule value of principal `name`. A user who
// logs in may be made bookable too (a provider whose invitations the server answers by the
// rules of their calendar). Throws std::invalid_argument for an invalid value,
// StoreError{NotFound} if there is no such user.
void setPrincipalScheduling(storage::Store& store, const std::string& name, const std::string& kind,
                            const std::string& autoSchedule);

// Returns true if `user` is a principal made by createPrincipal: one without a password.
bool isPrincipalWithoutLogin(const storage::UserRecord& user);

// Brings users made before scheduling existed up to date, each in its own transaction: gives
// a user without an address defaultEmail(name, mailDomain), and a home without an inbox or
// outbox the missing ones. A node already at the inbox's or outbox's path that is something
// else (a calendar a client made) is left alone and named in the returned warnings.
// Idempotent; the server runs it at start-up. Returns one warning per node left alone.
std::vector<std::string> provisionScheduling(storage::Store& store, std::string_view mailDomain, std::int64_t now);

// Replaces the password of an existing user. Throws StoreError{NotFound} if there is none.
void setPassword(storage::Store& store, const std::string& name, const std::string& password);

}  // namespace caldav::dav
