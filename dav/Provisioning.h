#pragma once

#include "storage/Store.h"

#include <string>
#include <string_view>

namespace caldav::dav {

// Returns true if `name` can be a user name: 1-64 characters of [A-Za-z0-9._@-], not
// starting with '.' (it becomes a URL segment in /principals/users/NAME/).
bool isValidUserName(std::string_view name);

inline constexpr const char* kDefaultCalendarName = "calendar";

// Creates user `name` with `password`, its principal /principals/users/NAME, its
// calendar home /calendars/NAME and a default calendar /calendars/NAME/calendar, in one
// transaction. Throws std::invalid_argument for a
// bad name or an empty password, StoreError{AlreadyExists} if the user exists.
// `kdfIterations` below the default is for tests only.
void createUser(storage::Store& store, const std::string& name, const std::string& password, std::int64_t now,
                int kdfIterations = 0);

// Replaces the password of an existing user. Throws StoreError{NotFound} if there is none.
void setPassword(storage::Store& store, const std::string& name, const std::string& password);

}  // namespace caldav::dav
