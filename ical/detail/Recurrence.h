#pragma once
// The recurrence engine: turns the components of one kind in a VCALENDAR into occurrences,
// applying RRULE, RDATE, EXDATE and RECURRENCE-ID overrides (RFC 5545 §3.8.5, §3.8.4.4).
// Everything that needs instances (index, filters, expand output) goes through here.

#include "ical/detail/LocalTime.h"

#include <libical/ical.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace caldav::ical::detail {

// Sub-daily rules that filter (e.g. FREQ=MINUTELY;BYHOUR=9) make libical step through every
// candidate second/minute/hour inside one call; rules needing more steps than this are refused.
constexpr std::int64_t kMaxRuleSteps = 500000;

struct Occurrence {
  bool hasStart = false;        // false for a VTODO/VJOURNAL/VFREEBUSY without DTSTART
  LocalTime start;              // the occurrence's DTSTART (meaningful if hasStart)
  std::int64_t startKey = 0;    // keyOf(start): UTC seconds, or wall seconds if floating
  std::optional<LocalTime> recurrenceId;  // set for instances of a recurring set
  icalcomponent* source = nullptr;        // the component whose properties describe it
  std::optional<std::int64_t> periodEnd;  // end key given by an RDATE;VALUE=PERIOD
};

struct RecurrenceSet {
  std::vector<Occurrence> occurrences;  // sorted by startKey
  bool isComplete = true;               // false if instances start at or after stopAt
};

// Expands every component of `kind` in `root` (grouped by UID). Recurring sets are cut at
// `stopAt` (UTC; floating starts are compared with stopAt + kMaxUtcOffset so that no zone can
// move a missing instance before stopAt); non-recurring components are always included.
// Throws InvalidCalendar{TooManyInstances} if more than `maxOccurrences` occurrences would be
// produced or a rule is too costly to iterate (see kMaxRuleSteps). Never loops unboundedly:
// libical is asked for at most maxOccurrences + #EXDATE + 1 candidates per rule.
RecurrenceSet expandRecurrenceSet(icalcomponent* root, icalcomponent_kind kind,
                                  std::int64_t stopAt, std::size_t maxOccurrences);

// Expands one recurrence set and appends its occurrences to `out` (unsorted): `group` holds
// the master (the first component without RECURRENCE-ID; none is fine) and its overrides.
// TZIDs resolve against `root`, which need not be the components' parent: the AVAILABLE
// subcomponents of a VAVAILABILITY (RFC 7953 §3.1) use the VCALENDAR's VTIMEZONEs. Cut at
// `stopAt` and bounded by `maxOccurrences` per rule as expandRecurrenceSet is; the caller
// checks the total against its own cap.
void appendRecurrenceSet(const std::vector<icalcomponent*>& group, icalcomponent* root,
                         std::int64_t stopAt, std::size_t maxOccurrences, RecurrenceSet& out);

// Checks that libical can iterate `prop` (an RRULE) from `start` at bounded cost up to
// `stopAt`. Throws InvalidCalendar{ValidCalendarData} for a rule libical rejects and
// InvalidCalendar{TooManyInstances} for a sub-daily rule that is too costly.
void checkRule(icalproperty* rrule, const LocalTime& start, std::int64_t stopAt);

}  // namespace caldav::ical::detail
