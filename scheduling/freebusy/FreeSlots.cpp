#include "scheduling/freebusy/FreeSlots.h"

#include <algorithm>

namespace caldav::scheduling {
namespace {

// Local days are 23 to 25 hours long: stepping by an hour meets every change of day.
constexpr std::int64_t kStep = 3600;

// Appends the first instants of the days (facts.dayOf) that begin in (from, to].
void appendDayStarts(const BookingCheck& facts, std::int64_t from, std::int64_t to, std::vector<std::int64_t>& out) {
  std::int64_t day = facts.dayOf(from);
  for (std::int64_t t = from; t < to;) {
    const std::int64_t next = std::min(t + kStep, to);
    if (facts.dayOf(next) != day) {
      // The first instant of the new day lies in (t, next].
      std::int64_t lo = t;
      std::int64_t hi = next;
      while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        (facts.dayOf(mid) == day ? lo : hi) = mid;
      }
      out.push_back(hi);
      day = facts.dayOf(hi);
    }
    t = next;
  }
}

// The starts s at which some rule's outcome for [s, s + duration) may change: a rule refuses
// the starts of a half-open or closed stretch whose ends are listed here (the first start
// refused and the first start accepted again).
std::vector<std::int64_t> breakpoints(const BookingCheck& facts, std::int64_t duration, std::int64_t firstStart,
                                      std::int64_t lastStart) {
  const auto& policy = facts.policy;
  std::vector<std::int64_t> points{firstStart, facts.now};
  if (policy.minNotice) points.push_back(facts.now + *policy.minNotice);
  if (policy.maxAdvance) points.push_back(facts.now + *policy.maxAdvance + 1);
  // firstOverlap: busy [S, E) refuses s when S < s + duration + after and E > s - before.
  for (const auto& busy : facts.others) {
    points.push_back(busy.start - duration - policy.bufferAfter + 1);
    points.push_back(busy.end + policy.bufferBefore);
  }
  for (const auto& unavailable : facts.unavailable) {
    points.push_back(unavailable.start - duration + 1);
    points.push_back(unavailable.end);
  }
  if (policy.maxBookingsPerDay && facts.dayOf) appendDayStarts(facts, firstStart, lastStart, points);
  std::erase_if(points, [&](std::int64_t p) { return p < firstStart || p > lastStart; });
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

}  // namespace

std::vector<Interval> freeSlots(const BookingCheck& facts, std::int64_t duration, std::int64_t rangeStart,
                                std::int64_t rangeEnd) {
  std::vector<Interval> free;
  if (duration <= 0 || rangeEnd - rangeStart < duration) return free;
  const std::int64_t lastStart = rangeEnd - duration;
  const std::vector<std::int64_t> points = breakpoints(facts, duration, rangeStart, lastStart);
  // The booking asked about: new, one instance, no recurrence.
  BookingCheck probe = facts;
  probe.isNew = true;
  probe.oldStatus.reset();
  probe.addedRecurrenceIds = {""};
  probe.addedIsOverride = {false};
  bool inRun = false;  // accepted starts [runStart, runEnd]
  std::int64_t runStart = 0;
  std::int64_t runEnd = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::int64_t s = points[i];
    const std::int64_t stretchEnd = i + 1 < points.size() ? points[i + 1] - 1 : lastStart;
    probe.added = {{s, s + duration}};
    probe.changed = probe.added;
    if (!checkBooking(probe)) {
      if (!inRun) runStart = s;
      inRun = true;
      runEnd = stretchEnd;
    } else if (inRun) {
      free.push_back({runStart, runEnd + duration});
      inRun = false;
    }
  }
  if (inRun) free.push_back({runStart, runEnd + duration});
  return free;
}

}  // namespace caldav::scheduling
