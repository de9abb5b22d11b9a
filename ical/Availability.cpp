#include "ical/Availability.h"

#include "ical/InvalidCalendar.h"
#include "ical/detail/LocalTime.h"
#include "ical/detail/Recurrence.h"
#include "ical/detail/Spans.h"
#include "ical/detail/Walk.h"

#include <algorithm>
#include <map>
#include <string>

namespace caldav::ical {

namespace {

// iCalendar times lie in the years 0000-9999; a wider range is clipped to them so that no
// arithmetic on its ends (the recurrence engine adds the largest UTC offset) can overflow.
constexpr std::int64_t kEarliest = -62167219200;  // 0000-01-01T00:00:00Z
constexpr std::int64_t kLatest = 253402300800;    // 10000-01-01T00:00:00Z

// Unix seconds of a value's key: zoned keys are UTC already, floating ones are placed in `zone`.
std::int64_t utcOf(std::int64_t key, bool isFloating, const FloatingZone& zone) {
  return isFloating ? zone.toUtc(key) : key;
}

BusyType busyTypeOf(icalcomponent* vavailability) {
  icalproperty* p = detail::firstProperty(vavailability, ICAL_BUSYTYPE_PROPERTY);
  if (p == nullptr) {
    return BusyType::Unavailable;
  }
  switch (icalproperty_get_busytype(p)) {
    case ICAL_BUSYTYPE_BUSYUNAVAILABLE: return BusyType::Unavailable;
    case ICAL_BUSYTYPE_BUSYTENTATIVE: return BusyType::Tentative;
    default: return BusyType::Busy;  // BUSY, and unknown values (RFC 7953 §3.2)
  }
}

int priorityOf(icalcomponent* vavailability) {
  icalproperty* p = detail::firstProperty(vavailability, ICAL_PRIORITY_PROPERTY);
  const int value = p != nullptr ? icalproperty_get_priority(p) : 0;
  return value >= 0 && value <= 9 ? value : 0;
}

// RFC 7953 §3.1: DTSTART absent = unbounded start; DTEND and DURATION absent = unbounded end.
void setBounds(icalcomponent* vavailability, icalcomponent* root, const FloatingZone& floating,
               Availability& out) {
  icalproperty* dtstart = detail::firstProperty(vavailability, ICAL_DTSTART_PROPERTY);
  std::optional<detail::LocalTime> start;
  if (dtstart != nullptr) {
    start = detail::propertyTime(dtstart, root);
    out.start = utcOf(detail::keyOf(*start), start->isFloating(), floating);
  }
  if (icalproperty* dtend = detail::firstProperty(vavailability, ICAL_DTEND_PROPERTY)) {
    const detail::LocalTime end = detail::propertyTime(dtend, root);
    out.end = utcOf(detail::keyOf(end), end.isFloating(), floating);
  } else if (icalproperty* duration = detail::firstProperty(vavailability, ICAL_DURATION_PROPERTY);
             duration != nullptr && start) {
    out.end = utcOf(detail::addDuration(*start, icalproperty_get_duration(duration)),
                    start->isFloating(), floating);
  }
}

// AVAILABLE components grouped into recurrence sets: overrides (RECURRENCE-ID) join the first
// AVAILABLE with their UID; every other AVAILABLE is a set of its own, also when it repeats a
// UID or has none (RFC 7953 leaves uniqueness to the client; dropping one would lose time).
std::vector<std::vector<icalcomponent*>> recurrenceGroups(icalcomponent* vavailability) {
  std::vector<std::vector<icalcomponent*>> groups;
  std::map<std::string, std::size_t> byUid;
  std::vector<icalcomponent*> overrides;
  for (icalcomponent* c : detail::children(vavailability, ICAL_XAVAILABLE_COMPONENT)) {
    if (detail::firstProperty(c, ICAL_RECURRENCEID_PROPERTY) != nullptr) {
      overrides.push_back(c);
      continue;
    }
    const char* uid = icalcomponent_get_uid(c);
    byUid.emplace(uid != nullptr ? uid : "", groups.size());
    groups.push_back({c});
  }
  for (icalcomponent* c : overrides) {
    const char* uid = icalcomponent_get_uid(c);
    const auto it = byUid.find(uid != nullptr ? uid : "");
    if (it != byUid.end()) {
      groups[it->second].push_back(c);
    } else {
      groups.push_back({c});  // an override without master still describes its own instance
    }
  }
  return groups;
}

// Sorts and merges overlapping or touching periods.
std::vector<AvailablePeriod> merged(std::vector<AvailablePeriod> periods) {
  std::sort(periods.begin(), periods.end(),
            [](const AvailablePeriod& a, const AvailablePeriod& b) { return a.start < b.start; });
  std::vector<AvailablePeriod> result;
  for (const AvailablePeriod& p : periods) {
    if (!result.empty() && p.start <= result.back().end) {
      result.back().end = std::max(result.back().end, p.end);
    } else {
      result.push_back(p);
    }
  }
  return result;
}

// The AVAILABLE time of `vavailability` within [from, to).
std::vector<AvailablePeriod> availableTime(icalcomponent* vavailability, icalcomponent* root,
                                           std::int64_t from, std::int64_t to,
                                           const FloatingZone& floating, std::size_t maxInstances) {
  detail::RecurrenceSet set;
  for (const auto& group : recurrenceGroups(vavailability)) {
    detail::appendRecurrenceSet(group, root, to, maxInstances, set);
    if (set.occurrences.size() > maxInstances) {
      throw InvalidCalendar(InvalidCalendar::Code::TooManyInstances,
                            "the AVAILABLE components of a VAVAILABILITY have more than " +
                                std::to_string(maxInstances) + " instances");
    }
  }
  std::vector<AvailablePeriod> periods;
  for (const detail::Occurrence& occ : set.occurrences) {
    const detail::OccurrenceTimes t = detail::occurrenceTimes(occ, root);
    if (!t.start || !t.end) {
      continue;  // no DTSTART: RFC 7953 §3.1 requires one; such a component gives no time
    }
    const std::int64_t start = std::max(utcOf(*t.start, t.isFloating, floating), from);
    const std::int64_t end = std::min(utcOf(*t.end, t.isFloating, floating), to);
    if (start < end) {
      periods.push_back({start, end});
    }
  }
  return merged(std::move(periods));
}

}  // namespace

std::vector<Availability> expandAvailability(const CalendarObject& object, std::int64_t rangeStart,
                                             std::int64_t rangeEnd, const FloatingZone& floating,
                                             std::size_t maxInstances) {
  std::vector<Availability> result;
  rangeStart = std::clamp(rangeStart, kEarliest, kLatest);
  rangeEnd = std::clamp(rangeEnd, kEarliest, kLatest);
  if (rangeStart >= rangeEnd) {
    return result;
  }
  icalcomponent* root = object.root();
  for (icalcomponent* c : detail::children(root, ICAL_VAVAILABILITY_COMPONENT)) {
    Availability a;
    setBounds(c, root, floating, a);
    const std::int64_t from = std::max(a.start.value_or(rangeStart), rangeStart);
    const std::int64_t to = std::min(a.end.value_or(rangeEnd), rangeEnd);
    if (from >= to) {
      continue;  // applies to no time in the range
    }
    a.priority = priorityOf(c);
    a.busyType = busyTypeOf(c);
    a.available = availableTime(c, root, from, to, floating, maxInstances);
    result.push_back(std::move(a));
  }
  return result;
}

}  // namespace caldav::ical
