#pragma once

#include "ical/CalendarObject.h"

#include <string>
#include <string_view>
#include <vector>

namespace caldav::ical {

// The value of the first property `name` ("STATUS", "X-CALDAVD-STATUS", ...) of the first
// component that is not a VTIMEZONE, as text, or "" if it has none.
std::string firstComponentProperty(const CalendarObject& object, std::string_view name);

// RFC 5545 §3.6.1: a VEVENT whose DTSTART is a DATE-TIME and that has neither DTEND nor
// DURATION lasts no time at all. Gives every such VEVENT of `object` DURATION `seconds`
// (a booking calendar's default-duration). Returns true if it changed anything.
bool applyDefaultDuration(CalendarObject& object, std::int64_t seconds);

// The position among the VCALENDAR's top-level components (text order, as
// Instance::source counts) of the master: the first component with an RRULE or RDATE and no
// RECURRENCE-ID; -1 if the object does not recur.
int masterSource(const CalendarObject& object);

// Adds `EXDATE:value` to the master for each RECURRENCE-ID text in `recurrenceIds` (as
// Instance::recurrenceId writes them: UTC, floating or DATE). Returns false, changing
// nothing, if the object has no master or a value does not parse.
bool addExdates(CalendarObject& object, const std::vector<std::string>& recurrenceIds);

}  // namespace caldav::ical
