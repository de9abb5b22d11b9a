#include "ical/detail/Spans.h"

#include "ical/detail/Walk.h"

#include <algorithm>

namespace caldav::ical::detail {

namespace {

std::int64_t saturatedAdd(std::int64_t value, std::int64_t delta) {
  if (value == kMinTime || value == kMaxTime) {
    return value;
  }
  return value + delta;
}

std::optional<std::int64_t> timeKey(icalcomponent* c, icalproperty_kind kind,
                                    icalcomponent* root) {
  icalproperty* p = firstProperty(c, kind);
  if (p == nullptr) {
    return std::nullopt;
  }
  return keyOf(propertyTime(p, root));
}

std::optional<icaldurationtype> durationOf(icalcomponent* c) {
  icalproperty* p = firstProperty(c, ICAL_DURATION_PROPERTY);
  if (p == nullptr) {
    return std::nullopt;
  }
  return icalproperty_get_duration(p);
}

// The exact offset of `kind` (DTEND or DUE) from the source's own DTSTART (RFC 5545
// §3.8.5.3: DTEND/DUE give every instance the same exact duration).
std::optional<std::int64_t> exactEnd(const Occurrence& occ, icalproperty_kind kind,
                                     icalcomponent* root) {
  const std::optional<std::int64_t> end = timeKey(occ.source, kind, root);
  if (!end) {
    return std::nullopt;
  }
  if (!occ.hasStart) {
    return end;
  }
  const std::optional<std::int64_t> sourceStart = timeKey(occ.source, ICAL_DTSTART_PROPERTY, root);
  return occ.startKey + (*end - sourceStart.value_or(occ.startKey));
}

Span span(std::int64_t start, std::int64_t end, bool isFloating) {
  return Span{start, end, isFloating};
}

// RFC 4791 §9.9, VTODO table, rewritten so that rangeOverlaps() applies: "a <= x" becomes
// "a < x + 1" and "b >= x" becomes "b > x - 1" (times are whole seconds).
std::vector<Span> todoSpans(const Occurrence& occ, icalcomponent* root) {
  const OccurrenceTimes t = occurrenceTimes(occ, root);
  const bool fl = t.isFloating;
  if (t.start && t.end) {
    const std::int64_t s = *t.start;
    const std::int64_t e = *t.end;
    if (firstProperty(occ.source, ICAL_DUE_PROPERTY) == nullptr) {  // DTSTART + DURATION
      return {e > s ? span(s, e + 1, fl) : span(s - 1, s + 1, fl)};
    }
    if (e > s) {
      return {span(s, e, fl)};
    }
    return {span(e - 1, s + 1, fl)};
  }
  if (t.start) {
    return {span(*t.start, *t.start, fl)};
  }
  if (t.end) {
    return {span(*t.end - 1, *t.end, fl)};
  }
  const std::optional<std::int64_t> completed = timeKey(occ.source, ICAL_COMPLETED_PROPERTY, root);
  const std::optional<std::int64_t> created = timeKey(occ.source, ICAL_CREATED_PROPERTY, root);
  if (completed && created) {
    return {span(std::min(*completed, *created) - 1, std::max(*completed, *created) + 1, false)};
  }
  if (completed) {
    return {span(*completed - 1, *completed + 1, false)};
  }
  if (created) {
    return {span(*created, kMaxTime, false)};
  }
  return {span(kMinTime, kMaxTime, false)};
}

std::vector<Span> freeBusySpans(const Occurrence& occ, icalcomponent* root) {
  const std::optional<std::int64_t> end = timeKey(occ.source, ICAL_DTEND_PROPERTY, root);
  if (occ.hasStart && end) {
    return {span(occ.startKey, saturatedAdd(*end, 1), occ.start.isFloating())};
  }
  std::vector<Span> spans;
  for (icalproperty* p : properties(occ.source, ICAL_FREEBUSY_PROPERTY)) {
    const icalperiodtype period = icalproperty_get_freebusy(p);
    const std::int64_t start = wallSeconds(period.start);
    const std::int64_t stop = icaltime_is_null_time(period.end)
                                  ? start + icaldurationtype_as_int(period.duration)
                                  : wallSeconds(period.end);
    spans.push_back(span(start, stop, false));  // FREEBUSY periods are UTC (RFC 5545 §3.8.2.6)
  }
  return spans;
}

std::vector<Span> availabilitySpans(const Occurrence& occ, icalcomponent* root) {
  const OccurrenceTimes t = occurrenceTimes(occ, root);
  return {span(t.start.value_or(kMinTime), t.end.value_or(kMaxTime), t.isFloating)};
}

}  // namespace

std::int64_t addDuration(const LocalTime& start, const icaldurationtype& d) {
  const std::int64_t sign = d.is_neg ? -1 : 1;
  const std::int64_t days = static_cast<std::int64_t>(d.weeks) * 7 + d.days;
  const std::int64_t seconds = static_cast<std::int64_t>(d.hours) * 3600 + d.minutes * 60 + d.seconds;
  const LocalTime shifted{start.wall + sign * days * kSecondsPerDay, start.zone, start.isDate};
  return keyOf(shifted) + sign * seconds;
}

OccurrenceTimes occurrenceTimes(const Occurrence& occ, icalcomponent* root) {
  OccurrenceTimes t;
  const bool isTodo = icalcomponent_isa(occ.source) == ICAL_VTODO_COMPONENT;
  if (occ.hasStart) {
    t.start = occ.startKey;
    t.isFloating = occ.start.isFloating();
  }
  if (occ.periodEnd) {
    t.end = occ.periodEnd;
  } else if (auto exact = exactEnd(occ, isTodo ? ICAL_DUE_PROPERTY : ICAL_DTEND_PROPERTY, root)) {
    t.end = exact;
  } else if (auto duration = durationOf(occ.source); duration && occ.hasStart) {
    t.end = addDuration(occ.start, *duration);
  } else if (occ.hasStart && !isTodo) {
    // RFC 5545 §3.6.1: a DATE event lasts one day; a DATE-TIME event without end is instant.
    t.end = occ.start.isDate ? addDuration(occ.start, icaldurationtype_from_int(86400))
                             : occ.startKey;
  }
  if (!occ.hasStart && t.end) {
    icalproperty* due = firstProperty(occ.source, ICAL_DUE_PROPERTY);
    t.isFloating = due != nullptr && propertyTime(due, root).isFloating();
  }
  return t;
}

std::vector<Span> matchSpans(const Occurrence& occ, icalcomponent_kind kind, icalcomponent* root) {
  switch (kind) {
    case ICAL_VTODO_COMPONENT:
      return todoSpans(occ, root);
    case ICAL_VFREEBUSY_COMPONENT:
      return freeBusySpans(occ, root);
    case ICAL_VAVAILABILITY_COMPONENT:
      return availabilitySpans(occ, root);
    case ICAL_VJOURNAL_COMPONENT:
      if (!occ.hasStart) {
        return {};
      }
      [[fallthrough]];
    default: {
      const OccurrenceTimes t = occurrenceTimes(occ, root);
      if (!t.start) {
        return {};
      }
      const std::int64_t end = kind == ICAL_VJOURNAL_COMPONENT && !occ.start.isDate
                                   ? *t.start
                                   : std::max(t.end.value_or(*t.start), *t.start);
      return {span(*t.start, end, t.isFloating)};
    }
  }
}

}  // namespace caldav::ical::detail
