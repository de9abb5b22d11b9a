#pragma once
// The work bound of a VTIMEZONE. libical turns a VTIMEZONE into a table of transitions the
// first time an offset is asked of it: every observance (STANDARD/DAYLIGHT) contributes its
// DTSTART, its RDATEs and every instance of its RRULEs up to the year asked + 5 (at most 2582),
// in one call and under a lock, with no bound of its own in libical 3.0: an observance with
// DTSTART 1601 and FREQ=SECONDLY never returns. These checks run before any offset is asked.

#include <libical/ical.h>

#include <cstdint>

namespace caldav::ical::detail {

// The last year libical expands a zone to (ICALTIMEZONE_MAX_YEAR on 64-bit builds).
constexpr int kZoneExpansionEndYear = 2582;
// Transitions one VTIMEZONE may generate up to kZoneExpansionEndYear, and all the VTIMEZONEs of
// one object together. A zone with two yearly rules from 1601 (as Outlook writes them) needs
// about 2,000.
constexpr std::int64_t kMaxZoneTransitions = 4000;
constexpr std::int64_t kMaxObjectZoneTransitions = 20000;

// Throws InvalidCalendar{ValidCalendarData} if an observance of `vtimezone` has an RRULE that is
// not FREQ=YEARLY (real time zones change at most a few times a year), has more than one BYHOUR,
// BYMINUTE or BYSECOND value, or if an upper bound of the transitions the zone can generate up
// to kZoneExpansionEndYear exceeds kMaxZoneTransitions. Returns that bound.
std::int64_t checkZoneBounds(icalcomponent* vtimezone);

// checkZoneBounds for every VTIMEZONE child of `root`, and kMaxObjectZoneTransitions for their sum.
void checkZoneBoundsIn(icalcomponent* root);

}  // namespace caldav::ical::detail
