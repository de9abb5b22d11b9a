#include "scheduling/freebusy/Availability.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <optional>

namespace caldav::scheduling {
namespace {

// Which BUSYTYPE an instant gets when equal-priority components disagree.
int strength(BusyType type) {
  switch (type) {
    case BusyType::Busy: return 3;
    case BusyType::Unavailable: return 2;
    case BusyType::Tentative: return 1;
  }
  return 3;
}

// A component that applies to some of the range, clipped to it.
struct Applicable {
  const ical::Availability* component = nullptr;
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::size_t cursor = 0;  // first AVAILABLE period that may still cover the sweep position
};

// The instants where the answer can change: the range, the components' bounds and the ends of
// their AVAILABLE periods, within the range, sorted and distinct.
std::vector<std::int64_t> boundaries(const std::vector<Applicable>& applicable, std::int64_t rangeStart,
                                     std::int64_t rangeEnd) {
  std::vector<std::int64_t> points{rangeStart, rangeEnd};
  const auto add = [&](std::int64_t t) {
    if (t > rangeStart && t < rangeEnd) points.push_back(t);
  };
  for (const Applicable& a : applicable) {
    add(a.from);
    add(a.to);
    for (const ical::AvailablePeriod& p : a.component->available) {
      add(p.start);
      add(p.end);
    }
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

// Whether AVAILABLE time of `a` covers the elementary segment starting at `t` (segments never
// straddle a period's end, so covering `t` is covering the segment). Calls come with rising `t`.
bool coversSegmentAt(Applicable& a, std::int64_t t) {
  const auto& periods = a.component->available;
  while (a.cursor < periods.size() && periods[a.cursor].end <= t) ++a.cursor;
  return a.cursor < periods.size() && periods[a.cursor].start <= t;
}

// The BUSYTYPE of the segment starting at `t`, or std::nullopt if it is available.
std::optional<BusyType> segmentState(std::vector<Applicable>& applicable, std::int64_t t) {
  int bestRank = 0;
  for (const Applicable& a : applicable) {
    if (a.from <= t && t < a.to && (bestRank == 0 || a.component->rank() < bestRank)) {
      bestRank = a.component->rank();
    }
  }
  if (bestRank == 0) {
    return std::nullopt;  // no component applies here: available
  }
  std::optional<BusyType> type;
  for (Applicable& a : applicable) {
    if (a.from > t || t >= a.to || a.component->rank() != bestRank) continue;
    if (coversSegmentAt(a, t)) return std::nullopt;
    if (!type || strength(a.component->busyType) > strength(*type)) type = a.component->busyType;
  }
  return type;
}

}  // namespace

std::vector<UnavailablePeriod> unavailablePeriods(const std::vector<ical::Availability>& components,
                                                  std::int64_t rangeStart, std::int64_t rangeEnd) {
  std::vector<UnavailablePeriod> result;
  std::vector<Applicable> applicable;
  for (const ical::Availability& c : components) {
    const std::int64_t from = std::max(c.start.value_or(rangeStart), rangeStart);
    const std::int64_t to = std::min(c.end.value_or(rangeEnd), rangeEnd);
    if (from < to) applicable.push_back({&c, from, to, 0});
  }
  if (applicable.empty()) {
    return result;
  }
  const std::vector<std::int64_t> points = boundaries(applicable, rangeStart, rangeEnd);
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const std::optional<BusyType> type = segmentState(applicable, points[i]);
    if (!type) continue;
    if (!result.empty() && result.back().end == points[i] && result.back().type == *type) {
      result.back().end = points[i + 1];
    } else {
      result.push_back({points[i], points[i + 1], *type});
    }
  }
  return result;
}

std::vector<UnavailablePeriod> unavailablePeriods(const std::vector<const ical::CalendarObject*>& objects,
                                                  std::int64_t rangeStart, std::int64_t rangeEnd,
                                                  const ical::FloatingZone& floating) {
  std::vector<ical::Availability> components;
  for (const ical::CalendarObject* object : objects) {
    std::vector<ical::Availability> found = ical::expandAvailability(*object, rangeStart, rangeEnd, floating);
    std::move(found.begin(), found.end(), std::back_inserter(components));
  }
  return unavailablePeriods(components, rangeStart, rangeEnd);
}

bool isAvailable(const std::vector<UnavailablePeriod>& unavailable, std::int64_t start, std::int64_t end) {
  // A zero-length [t, t) is treated as [t, t + 1) second: unavailable if t is.
  const std::int64_t last = end > start ? end : start + (start < std::numeric_limits<std::int64_t>::max() ? 1 : 0);
  // Periods are sorted and disjoint, so their ends rise too: the first ending after `start` is
  // the only candidate for overlapping [start, last).
  const auto it = std::upper_bound(unavailable.begin(), unavailable.end(), start,
                                   [](std::int64_t t, const UnavailablePeriod& p) { return t < p.end; });
  return it == unavailable.end() || it->start >= last;
}

}  // namespace caldav::scheduling
