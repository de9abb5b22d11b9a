#pragma once
// The VAVAILABILITY components of a calendar object as plain values (RFC 7953 §3): when each
// applies, how it ranks, what its unavailable time counts as, and its AVAILABLE time in a range.
// Combining several components into available and unavailable time is
// scheduling/freebusy/Availability.h.

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace caldav::ical {

// Work bound of expandAvailability: AVAILABLE instances of one VAVAILABILITY, counted from each
// AVAILABLE's own DTSTART up to the end of the range (earlier instances are generated too).
// Weekday working hours reach it after about 75 years.
constexpr std::size_t kMaxAvailableInstances = 20000;

// RFC 7953 §3.2 BUSYTYPE: what the time inside a VAVAILABILITY that no AVAILABLE covers counts
// as. Unknown values (iana-token, x-name) count as BUSY, as §3.2 requires.
enum class BusyType { Unavailable, Busy, Tentative };

// A half-open period [start, end) in Unix seconds (UTC).
struct AvailablePeriod {
  std::int64_t start = 0;
  std::int64_t end = 0;

  bool operator==(const AvailablePeriod&) const = default;
};

// One VAVAILABILITY component.
struct Availability {
  // DTSTART, and DTEND or DTSTART + DURATION (RFC 7953 §3.1); std::nullopt is unbounded.
  // Floating and DATE values are placed in the FloatingZone passed to expandAvailability.
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> end;
  // PRIORITY as written (RFC 5545 §3.8.1.9): 1 highest ... 9 lowest; 0 (also absent or out of
  // range) is undefined and ranks below 9 (RFC 7953 §3.1).
  int priority = 0;
  BusyType busyType = BusyType::Unavailable;  // BUSYTYPE; absent is BUSY-UNAVAILABLE
  // The AVAILABLE time within the requested range and within [start, end): the AVAILABLE
  // instances (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides; DTEND or DURATION) clipped to
  // both, overlapping or touching ones merged, sorted by start. Empty: none of it is available.
  std::vector<AvailablePeriod> available;

  // 1 (PRIORITY 1) ... 9 (PRIORITY 9), 10 (PRIORITY 0): a lower rank wins.
  int rank() const { return priority >= 1 && priority <= 9 ? priority : 10; }
};

// The VAVAILABILITY components of `object` whose [start, end) overlaps [rangeStart, rangeEnd),
// in the order of the object, with their AVAILABLE time within the range (see Availability).
// An object without VAVAILABILITY (or an empty range) gives an empty vector. The range may be
// as wide as std::int64_t; it is clipped to the years 0000-9999. Floating and DATE
// values are wall-clock time in `floating` (RFC 7953 §3.1 follows RFC 5545 §3.3.5).
// An AVAILABLE without DTEND or DURATION lasts a day for a DATE start and no time otherwise.
// Throws InvalidCalendar{TooManyInstances} if one VAVAILABILITY's AVAILABLE components have
// more than `maxInstances` instances up to the end of the range (see kMaxAvailableInstances)
// or a rule is too costly to iterate (ical/detail/Recurrence.h), never iterating unboundedly.
std::vector<Availability> expandAvailability(const CalendarObject& object, std::int64_t rangeStart,
                                             std::int64_t rangeEnd, const FloatingZone& floating,
                                             std::size_t maxInstances = kMaxAvailableInstances);

}  // namespace caldav::ical
