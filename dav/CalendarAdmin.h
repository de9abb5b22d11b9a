#pragma once

#include "storage/Store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace caldav::dav {

// The administrator's view of calendars and their booking policy (`caldavd calendar`,
// docs/configuration.md). The policy is the dead properties in urn:caldavd:booking of a
// calendar collection (docs/booking-rules.md); what is written here reads back in PROPFIND
// exactly as if a client had set it with PROPPATCH (properties::deadProperty).

// Policy values as given on the command line: property name (booking-rules-enabled,
// min-notice, ...) and its text. In setBookingPolicy an empty text removes the value.
using PolicyValues = std::vector<std::pair<std::string, std::string>>;

// One calendar collection as `caldavd calendar list` shows it.
struct CalendarSummary {
  std::string path;         // canonical, e.g. /calendars/alice/calendar
  std::string displayName;  // DAV:displayname's text, "" if none
  bool isBookable = false;  // booking-rules-enabled is true
  PolicyValues policy;      // every other policy value set, by property name
};

// Returns true if `name` can be the name of a calendar made by the CLI: the rules of user
// names (isValidUserName), since it becomes one URL segment.
bool isValidCalendarName(const std::string& name);

// Returns why `values` cannot be stored (the first invalid one, checked with
// scheduling::invalidBookingValue), or std::nullopt if every value is valid. With
// `allowRemoval`, an empty text (remove the value) is valid for any policy property.
std::optional<std::string> invalidPolicyValues(const PolicyValues& values, bool allowRemoval);

// Creates the calendar /calendars/OWNER/NAME as MKCALENDAR does (methods::storeCollection),
// with DAV:displayname `displayName` (none if empty) and the policy `values`, in one
// transaction. Throws std::invalid_argument for a bad name, a display name with control
// characters or an invalid value (nothing is stored), StoreError{NotFound} if the user or its
// calendar home does not exist, StoreError{AlreadyExists} if something exists at the path.
void createCalendar(storage::Store& store, const std::string& owner, const std::string& name,
                    const std::string& displayName, const PolicyValues& values, std::int64_t now);

// Sets (or, for an empty text, removes) each policy value of the calendar
// /calendars/OWNER/NAME, all or none. Throws std::invalid_argument if a value is invalid
// (nothing is stored), StoreError{NotFound} if there is no calendar at that path.
void setBookingPolicy(storage::Store& store, const std::string& owner, const std::string& name,
                      const PolicyValues& values);

// Returns the calendars of `owner`, or of every user when `owner` is empty, ordered by path.
// Throws StoreError{NotFound} if `owner` is given and has no calendar home.
std::vector<CalendarSummary> listCalendars(storage::Store& store, const std::string& owner);

}  // namespace caldav::dav
