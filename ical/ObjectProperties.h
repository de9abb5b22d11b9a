#pragma once

#include "ical/CalendarObject.h"

#include <string>
#include <string_view>

namespace caldav::ical {

// The value of the first property `name` ("STATUS", "X-CALDAVD-STATUS", ...) of the first
// component that is not a VTIMEZONE, as text, or "" if it has none.
std::string firstComponentProperty(const CalendarObject& object, std::string_view name);

// RFC 5545 §3.6.1: a VEVENT whose DTSTART is a DATE-TIME and that has neither DTEND nor
// DURATION lasts no time at all. Gives every such VEVENT of `object` DURATION `seconds`
// (a booking calendar's default-duration). Returns true if it changed anything.
bool applyDefaultDuration(CalendarObject& object, std::int64_t seconds);

}  // namespace caldav::ical
