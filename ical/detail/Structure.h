#pragma once
// Rules of iCalendar's grammar that libical's parser lets through (RFC 5545 §3.3.4, §3.3.5,
// §3.4–§3.6; RFC 7953 §3.1 for VAVAILABILITY). Checked before anything computes with the tree.

#include <libical/ical.h>

namespace caldav::ical::detail {

// Throws InvalidCalendar{ValidCalendarData} if a component sits where iCalendar does not
// allow it: VEVENT, VTODO, VJOURNAL, VFREEBUSY, VTIMEZONE and VAVAILABILITY only directly in
// the VCALENDAR, VALARM only in VEVENT or VTODO, STANDARD/DAYLIGHT only in VTIMEZONE, AVAILABLE
// only in VAVAILABILITY, VCALENDAR never inside anything. Components libical does not know
// (X- components, RFC 9073's VLOCATION …) are left alone; checkContentBytes bounds their depth.
void checkNesting(icalcomponent* root);

// Throws InvalidCalendar{ValidCalendarData} if a DATE or DATE-TIME value anywhere in `root`
// (DATE, DATE-TIME, PERIOD, RDATE, TRIGGER, and RRULE's UNTIL) is not a real date or time:
// month 1–12, day within its month, hour 0–23, minute 0–59, second 0–60 (RFC 5545 §3.3.4,
// §3.3.12: 60 for a leap second). libical parses "20241332T990000" without a word.
void checkDateTimeValues(icalcomponent* root);

}  // namespace caldav::ical::detail
