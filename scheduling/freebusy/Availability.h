#pragma once
// Calendar availability (RFC 7953 §4) as a pure model: from VAVAILABILITY components to the
// time that is not available. Used by the booking rule "outside-availability" and by free-busy
// (FBTYPE=BUSY-UNAVAILABLE periods, free slots). No I/O, no clock: everything is passed in.

#include "ical/Availability.h"
#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"

#include <cstdint>
#include <vector>

namespace caldav::scheduling {

using BusyType = ical::BusyType;

// A half-open period [start, end) in Unix seconds (UTC) that is not available, and what it
// counts as in free-busy (BUSYTYPE of the component that decides it).
struct UnavailablePeriod {
  std::int64_t start = 0;
  std::int64_t end = 0;
  BusyType type = BusyType::Unavailable;

  bool operator==(const UnavailablePeriod&) const = default;
};

// RFC 7953 §4: the time within [rangeStart, rangeEnd) that the components mark as not
// available, sorted by start, adjacent periods of the same type merged (periods of different
// types may touch, never overlap).
//
// An instant is decided by the components whose [start, end) contains it:
// - none: it is available (no VAVAILABILITY at all means always available);
// - else only those of the best rank decide (PRIORITY 1 highest ... 9, then 0 = undefined):
//   a higher-priority component overrides lower ones within its own bounds, RFC 7953 §4;
// - the instant is available if one of the deciding components has an AVAILABLE covering it
//   (RFC 7953 leaves components of equal priority open: we take the union of their AVAILABLE
//   time, so the result does not depend on their order); otherwise it is unavailable with the
//   deciding components' BUSYTYPE, the strongest if they differ (BUSY, then BUSY-UNAVAILABLE,
//   then BUSY-TENTATIVE).
// `components` need not be clipped to the range; their `available` lists must be sorted and
// merged (as ical::expandAvailability returns them) and cover at least the range.
std::vector<UnavailablePeriod> unavailablePeriods(const std::vector<ical::Availability>& components,
                                                  std::int64_t rangeStart, std::int64_t rangeEnd);

// The same for the VAVAILABILITY components of `objects` (calendar object resources and the
// CALDAV:calendar-availability value alike; objects without VAVAILABILITY contribute nothing):
// floating and DATE values are placed in `floating`. Throws what ical::expandAvailability
// throws (InvalidCalendar{TooManyInstances} past ical::kMaxAvailableInstances per component).
std::vector<UnavailablePeriod> unavailablePeriods(const std::vector<const ical::CalendarObject*>& objects,
                                                  std::int64_t rangeStart, std::int64_t rangeEnd,
                                                  const ical::FloatingZone& floating);

// True if [start, end) lies entirely in available time: no period of `unavailable` (sorted,
// non-overlapping, as unavailablePeriods returns) overlaps it. Half-open: a booking may end
// where unavailable time starts and start where it ends. A zero-length [t, t) is available
// unless t lies in [period.start, period.end). [start, end) must lie within the range the
// periods were computed for: time outside it is not known to be unavailable.
bool isAvailable(const std::vector<UnavailablePeriod>& unavailable, std::int64_t start, std::int64_t end);

}  // namespace caldav::scheduling
