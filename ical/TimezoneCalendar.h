#pragma once

#include "ical/FloatingZone.h"

#include <string_view>

namespace caldav::ical {

// Parses a time zone given as iCalendar data by a client: the value of CALDAV:calendar-timezone
// (RFC 4791 §5.2.2, set by PROPPATCH or MKCALENDAR) or of a calendar-query's CALDAV:timezone
// (§9.8). Both must be "a valid iCalendar object containing exactly one valid VTIMEZONE
// component": one VCALENDAR (parsed as CalendarObject::parse does) whose only component is
// one VTIMEZONE with a TZID and at least one STANDARD or DAYLIGHT observance.
// Returns the zone; throws InvalidCalendar{ValidCalendarData} with a message for humans if
// the text is anything else (a bare VTIMEZONE, a second VTIMEZONE, an event beside it, ...).
// Values stored before this rule keep being read by FloatingZone::fromVTimezone.
FloatingZone parseTimezoneCalendar(std::string_view text);

}  // namespace caldav::ical
