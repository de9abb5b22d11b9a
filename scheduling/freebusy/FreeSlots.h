#pragma once

#include "scheduling/rules/BookingRules.h"

#include <cstdint>
#include <vector>

namespace caldav::scheduling {

// The bookable time of a booking calendar for a duration (docs/scheduling.md, "Free slots").
//
// Returns the periods P, sorted by start, such that a new booking [s, s + duration) (whole
// seconds s) with rangeStart <= s and s + duration <= rangeEnd passes checkBooking — every rule
// of the calendar: in the past, min-notice, max-advance, min/max-duration, availability,
// overlap with the buffers, the daily limit — if and only if [s, s + duration] lies inside one
// P. Each P is [a, b + duration] for a maximal run [a, b] of accepted starts. Two periods are
// never merged: they may touch or overlap when two runs are less than `duration` apart (e.g.
// on either side of a fully booked day when `duration` is longer than a day), and a booking
// across both is refused.
//
// `facts` are what the rules look at (loadBookingFacts for [rangeStart, rangeEnd)); its
// `added`, `changed` and recurrence fields are ignored. The answer comes from checkBooking
// itself, asked once per stretch of starts over which no fact changes (the starts where a
// rule's outcome can change are finitely many: the ends of busy and unavailable time moved by
// the duration and buffers, the time limits, the starts of days), so it cannot say other than
// the rules. Empty if duration <= 0 or the range is shorter than `duration`.
std::vector<Interval> freeSlots(const BookingCheck& facts, std::int64_t duration, std::int64_t rangeStart,
                                std::int64_t rangeEnd);

}  // namespace caldav::scheduling
