#include "scheduling/rules/BookingRules.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>

namespace caldav::scheduling {
namespace {

std::string slot(const BookingCheck& check, const Interval& interval) {
  return check.describe ? check.describe(interval) : std::string("that time");
}

std::optional<Refusal> checkStatus(const BookingCheck& check) {
  if (!check.newStatus) {
    return Refusal{Precondition::InvalidStatusTransition,
                   "Not saved: the appointment has an unknown status. Use TENTATIVE, CONFIRMED or CANCELLED, or "
                   "X-CALDAVD-STATUS IN-PROGRESS, COMPLETED or NO-SHOW."};
  }
  if (check.oldStatus && !check.policy.transitions.allows(*check.oldStatus, *check.newStatus)) {
    return Refusal{Precondition::InvalidStatusTransition, std::string("Not saved: an appointment that is ") +
                                                              statusName(*check.oldStatus) + " cannot become " +
                                                              statusName(*check.newStatus) + "."};
  }
  return std::nullopt;
}

std::optional<Refusal> checkTimes(const BookingCheck& check) {
  const auto& policy = check.policy;
  for (const auto& instance : check.changed) {
    if (instance.start < check.now) {
      return Refusal{Precondition::InThePast, "Not booked: " + slot(check, instance) + " is in the past."};
    }
    if (policy.minNotice && instance.start < check.now + *policy.minNotice) {
      return Refusal{Precondition::InsufficientNotice,
                     "Not booked: " + slot(check, instance) + " starts too soon. Pick a later time."};
    }
    if (policy.maxAdvance && instance.start > check.now + *policy.maxAdvance) {
      return Refusal{Precondition::TooFarInAdvance,
                     "Not booked: " + slot(check, instance) + " is too far ahead. Pick an earlier time."};
    }
    const std::int64_t length = instance.end - instance.start;
    if ((policy.minDuration && length < *policy.minDuration) || (policy.maxDuration && length > *policy.maxDuration)) {
      return Refusal{Precondition::DurationOutOfRange,
                     "Not booked: " + slot(check, instance) + " is too short or too long for this calendar."};
    }
  }
  return std::nullopt;
}

std::optional<Refusal> checkDailyLimit(const BookingCheck& check) {
  if (!check.policy.maxBookingsPerDay || !check.dayOf) return std::nullopt;
  std::map<std::int64_t, int> perDay;
  for (const auto& booking : check.calendarBookings) ++perDay[check.dayOf(booking.start)];
  for (const auto& instance : check.added) {
    if (++perDay[check.dayOf(instance.start)] > *check.policy.maxBookingsPerDay) {
      return Refusal{Precondition::DailyLimitReached,
                     "Not booked: the day of " + slot(check, instance) + " is fully booked. Pick another day."};
    }
  }
  return std::nullopt;
}

}  // namespace

namespace {

// The positions in `added` of the instances that overlap `busy` (see firstOverlap).
std::vector<std::size_t> overlapping(const std::vector<Interval>& added, const std::vector<Interval>& busy,
                                     std::int64_t before, std::int64_t after, bool firstOnly) {
  // An interval of `busy` overlaps [from, to) iff it starts before `to` and ends after `from`:
  // among those starting before `to` (a prefix, as `busy` is sorted by start), the latest end
  // decides. Prefix maxima make each instance one binary search.
  std::vector<std::int64_t> latestEnd(busy.size());
  std::int64_t running = INT64_MIN;
  for (std::size_t i = 0; i < busy.size(); ++i) latestEnd[i] = running = std::max(running, busy[i].end);
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < added.size(); ++i) {
    const std::int64_t from = added[i].start - before;
    const std::int64_t to = added[i].end + after;
    auto startsBefore = std::partition_point(busy.begin(), busy.end(), [&](const Interval& b) { return b.start < to; });
    const auto count = static_cast<std::size_t>(startsBefore - busy.begin());
    if (count > 0 && latestEnd[count - 1] > from) {
      found.push_back(i);
      if (firstOnly) break;
    }
  }
  return found;
}

}  // namespace

std::optional<Interval> firstOverlap(const std::vector<Interval>& added, const std::vector<Interval>& busy,
                                     std::int64_t before, std::int64_t after) {
  auto found = overlapping(added, busy, before, after, true);
  if (found.empty()) return std::nullopt;
  return added[found.front()];
}

std::optional<std::vector<std::string>> occurrencesToExclude(const BookingCheck& check) {
  if (!check.policy.excludesConflictingOccurrences || check.addedRecurrenceIds.size() != check.added.size() ||
      check.addedIsOverride.size() != check.added.size()) {
    return std::nullopt;
  }
  auto found = overlapping(check.added, check.others, check.policy.bufferBefore, check.policy.bufferAfter, false);
  if (found.empty() || found.size() == check.added.size()) return std::nullopt;
  std::vector<std::string> ids;
  for (auto i : found) {
    if (check.addedRecurrenceIds[i].empty() || check.addedIsOverride[i]) return std::nullopt;
    ids.push_back(check.addedRecurrenceIds[i]);
  }
  return ids;
}

std::optional<Refusal> checkBooking(const BookingCheck& check) {
  if (auto refusal = checkStatus(check)) return refusal;
  if (auto refusal = checkTimes(check)) return refusal;
  if (auto unavailable = firstOverlap(check.added, check.unavailable, 0, 0)) {
    return Refusal{Precondition::OutsideAvailability,
                   "Not booked: " + slot(check, *unavailable) + " is outside the available hours. Pick another time."};
  }
  if (auto conflict = firstOverlap(check.added, check.others, check.policy.bufferBefore, check.policy.bufferAfter)) {
    return Refusal{Precondition::SlotUnavailable,
                   "Not booked: " + slot(check, *conflict) + " overlaps another appointment. Pick another time."};
  }
  return checkDailyLimit(check);
}

}  // namespace caldav::scheduling
