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
// Rules whose bound from their parts is too large are iterated to count their transitions
// (up to about 0.1 s each for contrived rules); at most this many per object (or zone).
constexpr int kMaxCountedZoneRules = 4;

// Throws InvalidCalendar{ValidCalendarData} if an observance of `vtimezone` has an RRULE that is
// not FREQ=YEARLY (real time zones change at most a few times a year) or has more than one
// BYHOUR, BYMINUTE or BYSECOND value, or if the zone generates more than kMaxZoneTransitions
// transitions up to kZoneExpansionEndYear. Each rule is first bounded from its parts (DTSTART,
// UNTIL, COUNT, INTERVAL, the number of BYxxx values); only a rule whose bound is too large is
// iterated (yearly with one time of day: each step does at most a year's work per year), and
// at most kMaxZoneTransitions + 1 steps, for at most kMaxCountedZoneRules rules. Returns the (bound of the) number of transitions.
std::int64_t checkZoneBounds(icalcomponent* vtimezone);

// checkZoneBounds for every VTIMEZONE child of `root` (kMaxCountedZoneRules for them all), and
// kMaxObjectZoneTransitions for their sum.
void checkZoneBoundsIn(icalcomponent* root);

}  // namespace caldav::ical::detail
