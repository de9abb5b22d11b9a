#pragma once

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace caldav::ical {

// One row of the time-range index. Times are Unix seconds; floating values (and DATE values)
// are wall-clock seconds as if UTC with isFloating = true, to be placed with the collection's
// FloatingZone at query time (resolveFloating).
//
// [start, end) is the RFC 4791 §9.9 match range of the instance: the instance matches a
// time-range [a, b) exactly when overlapsRange(start, end, a, b). For VEVENT (and VJOURNAL)
// that is the occurrence's own [DTSTART, end); for VTODO the table's inclusive comparisons are
// folded in by widening a side by one second, and "no end" is INT64_MAX (docs/ical.md).
struct Instance {
  std::int64_t start = 0;
  std::int64_t end = 0;
  bool isFloating = false;
  bool isTransparent = false;  // TRANSP:TRANSPARENT, or not a VEVENT: blocks no time
  bool isCancelled = false;    // STATUS:CANCELLED
  bool isTentative = false;    // STATUS:TENTATIVE (free-busy reports it as BUSY-TENTATIVE)
  // The RECURRENCE-ID of the instance in iCalendar text: UTC ("20240105T080000Z") for zoned
  // values, floating ("20240105T090000") or DATE ("20240105") otherwise; empty if the
  // component does not recur.
  std::string recurrenceId;
  // The component that describes the instance: its position among the VCALENDAR's top-level
  // components in text order (0-based), for expandedTextFromIndex().
  int source = -1;
};

struct InstanceSet {
  std::vector<Instance> instances;  // sorted by start
  // Every instance that can overlap a range ending at or before indexedUntil is present
  // (floating instances are expanded 14 h further so that this holds in any zone).
  std::int64_t indexedUntil = 0;
  bool isComplete = true;  // the set has no instance beyond indexedUntil (INT64_MAX if so)
};

// Expands the object's components (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides including
// RANGE=THISANDFUTURE) into instances that start before `horizonEnd`. Non-recurring
// components yield one instance wherever they lie. Throws InvalidCalendar{TooManyInstances}
// if more than `maxInstances` instances start before the horizon, or a rule is too costly to
// iterate; it never iterates unboundedly.
InstanceSet expandInstances(const CalendarObject& object, std::int64_t horizonEnd,
                            std::size_t maxInstances);

// The RFC 4791 §9.9 overlap test (VEVENT form): a positive range overlaps [a, b) if
// start < b && end > a; a zero-length one at t if a <= t < b.
bool overlapsRange(std::int64_t start, std::int64_t end, std::int64_t rangeStart,
                   std::int64_t rangeEnd);

// `instance` with a floating start/end converted to UTC in `zone`; zoned instances unchanged.
Instance resolveFloating(const Instance& instance, const FloatingZone& zone);

}  // namespace caldav::ical
