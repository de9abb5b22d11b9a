#include "ical/Output.h"

#include "ical/detail/IcalPtr.h"
#include "ical/detail/Recurrence.h"
#include "ical/detail/Spans.h"
#include "ical/detail/Walk.h"

#include <algorithm>

namespace caldav::ical {

namespace {

using detail::LocalTime;

constexpr std::size_t kMaxOutputInstances = kDefaultMaxInstances;
constexpr icalcomponent_kind kExpandedKinds[] = {ICAL_VEVENT_COMPONENT, ICAL_VTODO_COMPONENT,
                                                 ICAL_VJOURNAL_COMPONENT};

std::int64_t placed(std::int64_t key, bool isFloating, const FloatingZone& zone) {
  if (!isFloating || key == detail::kMinTime || key == detail::kMaxTime) {
    return key;
  }
  return zone.toUtc(key);
}

bool overlaps(const detail::Occurrence& occ, icalcomponent_kind kind, icalcomponent* root,
              std::int64_t start, std::int64_t end, const FloatingZone& zone) {
  for (const detail::Span& s : detail::matchSpans(occ, kind, root)) {
    if (detail::rangeOverlaps(placed(s.start, s.isFloating, zone), placed(s.end, s.isFloating, zone),
                              start, end)) {
      return true;
    }
  }
  return false;
}

// A value for `key`: UTC if the original was zoned, else the same floating/DATE form.
icalvalue* timeValue(const LocalTime& form, std::int64_t key) {
  if (form.isDate) {
    return icalvalue_new_date(detail::toIcalTime({key, nullptr, true}));
  }
  if (form.isFloating()) {
    return icalvalue_new_datetime(detail::toIcalTime({key, nullptr, false}));
  }
  return icalvalue_new_datetime(detail::toIcalTime({key, icaltimezone_get_utc_timezone(), false}));
}

void setTime(icalcomponent* c, icalproperty_kind kind, const LocalTime& form, std::int64_t key) {
  icalproperty* p = detail::firstProperty(c, kind);
  if (p == nullptr) {
    p = icalproperty_new(kind);
    icalcomponent_add_property(c, p);
  }
  icalproperty_remove_parameter_by_kind(p, ICAL_TZID_PARAMETER);
  icalproperty_set_value(p, timeValue(form, key));
}

void removeAll(icalcomponent* c, icalproperty_kind kind) {
  for (icalproperty* p : detail::properties(c, kind)) {
    icalcomponent_remove_property(c, p);
    icalproperty_free(p);
  }
}

// RFC 4791 §9.6.5: "date and local time with reference to time zone information MUST be
// converted into date with UTC time".
void convertZonedTimesToUtc(icalcomponent* c, icalcomponent* root) {
  for (icalproperty* p : detail::properties(c)) {
    if (icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) == nullptr) {
      continue;
    }
    icalvalue* value = icalproperty_get_value(p);
    if (value == nullptr || icalvalue_isa(value) != ICAL_DATETIME_VALUE) {
      continue;
    }
    const LocalTime t = detail::propertyTime(p, root);
    icalproperty_remove_parameter_by_kind(p, ICAL_TZID_PARAMETER);
    icalproperty_set_value(p, timeValue(t, detail::keyOf(t)));
  }
  for (icalcomponent* child : detail::children(c)) {
    convertZonedTimesToUtc(child, root);
  }
}

detail::IcalComponentPtr instanceComponent(const detail::Occurrence& occ, icalcomponent* root) {
  detail::IcalComponentPtr c = detail::cloneComponent(occ.source);
  for (icalproperty_kind k : {ICAL_RRULE_PROPERTY, ICAL_RDATE_PROPERTY, ICAL_EXDATE_PROPERTY,
                              ICAL_EXRULE_PROPERTY}) {
    removeAll(c.get(), k);
  }
  if (occ.recurrenceId && occ.hasStart) {
    const detail::OccurrenceTimes times = detail::occurrenceTimes(occ, root);
    const bool isTodo = icalcomponent_isa(c.get()) == ICAL_VTODO_COMPONENT;
    const icalproperty_kind endKind = isTodo ? ICAL_DUE_PROPERTY : ICAL_DTEND_PROPERTY;
    const bool hadEnd = detail::firstProperty(c.get(), endKind) != nullptr;
    const bool hadDuration = detail::firstProperty(c.get(), ICAL_DURATION_PROPERTY) != nullptr;
    setTime(c.get(), ICAL_DTSTART_PROPERTY, occ.start, occ.startKey);
    if (times.end && (hadEnd || occ.periodEnd || (hadDuration && !isTodo))) {
      removeAll(c.get(), ICAL_DURATION_PROPERTY);
      setTime(c.get(), endKind, occ.start, *times.end);
    }
    removeAll(c.get(), ICAL_RECURRENCEID_PROPERTY);
    setTime(c.get(), ICAL_RECURRENCEID_PROPERTY, *occ.recurrenceId,
            detail::keyOf(*occ.recurrenceId));
  }
  convertZonedTimesToUtc(c.get(), root);
  return c;
}

detail::IcalComponentPtr emptyCalendarLike(icalcomponent* root) {
  detail::IcalComponentPtr out(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  for (icalproperty* p : detail::properties(root)) {
    if (icalproperty_isa(p) != ICAL_METHOD_PROPERTY) {
      icalcomponent_add_property(out.get(), icalproperty_new_clone(p));
    }
  }
  return out;
}

std::int64_t stopFor(std::int64_t end) {
  return end >= detail::kMaxTime - 2 ? end : end + 1;
}

}  // namespace

std::string expandedText(const CalendarObject& object, std::int64_t start, std::int64_t end,
                         const FloatingZone& zone) {
  icalcomponent* root = object.root();
  detail::IcalComponentPtr out = emptyCalendarLike(root);
  for (icalcomponent_kind kind : kExpandedKinds) {
    const detail::RecurrenceSet set =
        detail::expandRecurrenceSet(root, kind, stopFor(end), kMaxOutputInstances);
    for (const detail::Occurrence& occ : set.occurrences) {
      if (overlaps(occ, kind, root, start, end, zone)) {
        icalcomponent_add_component(out.get(), instanceComponent(occ, root).release());
      }
    }
  }
  return detail::componentText(out.get());
}

std::string limitRecurrenceSetText(const CalendarObject& object, std::int64_t start,
                                   std::int64_t end, const FloatingZone& zone) {
  icalcomponent* root = object.root();
  detail::IcalComponentPtr out = detail::cloneComponent(root);
  const auto originals = detail::children(root);
  const auto copies = detail::children(out.get());
  for (std::size_t i = 0; i < originals.size(); ++i) {
    icalcomponent* c = originals[i];
    icalproperty* ridProp = detail::firstProperty(c, ICAL_RECURRENCEID_PROPERTY);
    if (ridProp == nullptr) {
      continue;
    }
    const icalcomponent_kind kind = icalcomponent_isa(c);
    detail::Occurrence own;
    own.hasStart = true;
    own.recurrenceId = detail::propertyTime(ridProp, root);
    icalproperty* dtstart = detail::firstProperty(c, ICAL_DTSTART_PROPERTY);
    own.start = dtstart != nullptr ? detail::propertyTime(dtstart, root) : *own.recurrenceId;
    own.startKey = detail::keyOf(own.start);
    own.source = c;
    detail::Occurrence original = own;
    original.start = *own.recurrenceId;
    original.startKey = detail::keyOf(original.start);
    for (icalcomponent* m : detail::children(root, kind)) {
      const char* uid = icalcomponent_get_uid(m);
      const char* ownUid = icalcomponent_get_uid(c);
      if (detail::firstProperty(m, ICAL_RECURRENCEID_PROPERTY) == nullptr && uid != nullptr &&
          ownUid != nullptr && std::string(uid) == ownUid) {
        original.source = m;
      }
    }
    icalparameter* range = icalproperty_get_first_parameter(ridProp, ICAL_RANGE_PARAMETER);
    const bool isThisAndFuture = range != nullptr &&
                                 icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE &&
                                 placed(own.startKey, own.start.isFloating(), zone) < end;
    if (!isThisAndFuture && !overlaps(own, kind, root, start, end, zone) &&
        !overlaps(original, kind, root, start, end, zone)) {
      icalcomponent_remove_component(out.get(), copies[i]);
      icalcomponent_free(copies[i]);
    }
  }
  return detail::componentText(out.get());
}

}  // namespace caldav::ical
