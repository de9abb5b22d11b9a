#include "ical/detail/TimeRangeMatch.h"

#include "ical/detail/Spans.h"
#include "ical/detail/Walk.h"

#include <algorithm>
#include <functional>

namespace caldav::ical::detail {

namespace {

// libical iterates no further than the year 2582; nothing is expanded past year 3000.
constexpr std::int64_t kFarFuture = 32503680000;
constexpr std::int64_t kFirstWindow = 366 * kSecondsPerDay;

std::int64_t placed(std::int64_t key, bool isFloating, const FloatingZone& zone) {
  if (!isFloating || key == kMinTime || key == kMaxTime) {
    return key;
  }
  return zone.toUtc(key);
}

// Calls `test` on the occurrences of `owner` that start before a growing limit, until it
// returns true or no occurrence is left. `lead` is how far after its start an occurrence may
// still need to be seen (alarms before the start).
bool anyOccurrence(icalcomponent* owner, std::int64_t a, std::int64_t b, std::int64_t lead,
                   ExpansionCache& cache, const std::function<bool(const Occurrence&)>& test) {
  const icalcomponent_kind kind = icalcomponent_isa(owner);
  const bool isBounded = b != kMaxTime;
  const std::int64_t base = std::clamp<std::int64_t>(isBounded ? b : (a == kMinTime ? 0 : a), -kFarFuture, kFarFuture);
  std::int64_t window = isBounded ? 1 : kFirstWindow;
  for (;;) {
    const std::int64_t stopAt = std::min(base + window + lead, kFarFuture);
    const RecurrenceSet& set = cache.get(kind, stopAt);
    for (const Occurrence& occ : set.occurrences) {
      if (occ.source == owner && test(occ)) {
        return true;
      }
    }
    if (isBounded || set.isComplete || stopAt == kFarFuture) {
      return false;
    }
    window *= 4;
  }
}

icaldurationtype durationProperty(icalcomponent* c) {
  icalproperty* p = firstProperty(c, ICAL_DURATION_PROPERTY);
  return p != nullptr ? icalproperty_get_duration(p) : icaldurationtype_null_duration();
}

int repeatCount(icalcomponent* c) {
  icalproperty* p = firstProperty(c, ICAL_REPEAT_PROPERTY);
  return p != nullptr ? std::clamp(icalproperty_get_repeat(p), 0, 1000) : 0;
}

// RFC 5545 §3.8.6.3 TRIGGER: absolute (UTC) or relative to the start (default) or end.
std::vector<std::int64_t> triggers(icalcomponent* alarm, const Occurrence& occ,
                                   const FloatingZone& zone, icalcomponent* root) {
  icalproperty* trigger = firstProperty(alarm, ICAL_TRIGGER_PROPERTY);
  if (trigger == nullptr) {
    return {};
  }
  const icaltriggertype value = icalproperty_get_trigger(trigger);
  std::int64_t first = 0;
  if (!icaltime_is_null_time(value.time)) {
    first = wallSeconds(value.time);
  } else {
    icalparameter* related = icalproperty_get_first_parameter(trigger, ICAL_RELATED_PARAMETER);
    const bool fromEnd =
        related != nullptr && icalparameter_get_related(related) == ICAL_RELATED_END;
    const OccurrenceTimes times = occurrenceTimes(occ, root);
    const std::optional<std::int64_t> base = fromEnd ? times.end : times.start;
    if (!base) {
      return {};
    }
    first = placed(*base, times.isFloating, zone) + icaldurationtype_as_int(value.duration);
  }
  std::vector<std::int64_t> result{first};
  const std::int64_t every = icaldurationtype_as_int(durationProperty(alarm));
  for (int k = 1, n = repeatCount(alarm); k <= n && every > 0; ++k) {
    result.push_back(first + k * every);
  }
  return result;
}

// How long before its occurrence's start an alarm can fire (relative negative triggers).
std::int64_t alarmLead(icalcomponent* alarm) {
  icalproperty* trigger = firstProperty(alarm, ICAL_TRIGGER_PROPERTY);
  if (trigger == nullptr) {
    return 0;
  }
  const icaltriggertype value = icalproperty_get_trigger(trigger);
  if (!icaltime_is_null_time(value.time)) {
    return 0;
  }
  return std::max<std::int64_t>(0, -icaldurationtype_as_int(value.duration)) + kMaxUtcOffset;
}

bool alarmOverlaps(icalcomponent* alarm, std::int64_t a, std::int64_t b, const FloatingZone& zone,
                   ExpansionCache& cache) {
  icalcomponent* parent = icalcomponent_get_parent(alarm);
  if (parent == nullptr) {
    return false;
  }
  return anyOccurrence(parent, a, b, alarmLead(alarm), cache, [&](const Occurrence& occ) {
    for (std::int64_t t : triggers(alarm, occ, zone, cache.root())) {
      if (a <= t && t < b) {  // RFC 4791 §9.9: (start <= trigger-time) AND (end > trigger-time)
        return true;
      }
    }
    return false;
  });
}

}  // namespace

const RecurrenceSet& ExpansionCache::get(icalcomponent_kind kind, std::int64_t stopAt) {
  const auto key = std::make_pair(static_cast<int>(kind), stopAt);
  auto it = sets_.find(key);
  if (it == sets_.end()) {
    it = sets_.emplace(key, expandRecurrenceSet(root_, kind, stopAt, maxOccurrences_)).first;
  }
  return it->second;
}

bool componentOverlaps(icalcomponent* component, std::int64_t a, std::int64_t b,
                       const FloatingZone& zone, ExpansionCache& cache) {
  const icalcomponent_kind kind = icalcomponent_isa(component);
  if (kind == ICAL_VALARM_COMPONENT) {
    return alarmOverlaps(component, a, b, zone, cache);
  }
  return anyOccurrence(component, a, b, 0, cache, [&](const Occurrence& occ) {
    for (const Span& span : matchSpans(occ, kind, cache.root())) {
      if (rangeOverlaps(placed(span.start, span.isFloating, zone),
                        placed(span.end, span.isFloating, zone), a, b)) {
        return true;
      }
    }
    return false;
  });
}

bool propertyOverlaps(icalproperty* property, std::int64_t a, std::int64_t b,
                      const FloatingZone& zone, icalcomponent* root) {
  icalvalue* value = icalproperty_get_value(property);
  if (value == nullptr) {
    return false;
  }
  const icalvalue_kind kind = icalvalue_isa(value);
  if (kind != ICAL_DATE_VALUE && kind != ICAL_DATETIME_VALUE && kind != ICAL_PERIOD_VALUE &&
      kind != ICAL_DATETIMEPERIOD_VALUE) {
    return false;
  }
  const LocalTime start = propertyTime(property, root);
  std::int64_t end = keyOf(start);
  if (start.isDate) {
    end = keyOf({start.wall + kSecondsPerDay, nullptr, true});
  } else if (kind == ICAL_PERIOD_VALUE) {
    const icalperiodtype period = icalvalue_get_period(value);
    end = icaltime_is_null_time(period.end)
              ? keyOf(start) + icaldurationtype_as_int(period.duration)
              : keyOf({wallSeconds(period.end), start.zone, false});
  }
  return rangeOverlaps(placed(keyOf(start), start.isFloating(), zone),
                       placed(end, start.isFloating(), zone), a, b);
}

}  // namespace caldav::ical::detail
