#include "ical/CalendarObject.h"
#include "ical/Instances.h"

#include "ical/detail/LocalTime.h"
#include "ical/detail/Recurrence.h"
#include "ical/detail/Structure.h"
#include "ical/detail/Walk.h"
#include "ical/detail/ZoneBounds.h"

#include <algorithm>
#include <set>
#include <string>

namespace caldav::ical {

namespace {

using Code = InvalidCalendar::Code;

[[noreturn]] void fail(Code code, const std::string& message) {
  throw InvalidCalendar(code, message);
}

std::string kindName(icalcomponent* c) { return icalcomponent_kind_to_string(icalcomponent_isa(c)); }

// RFC 4791 §4.1: one component type (VTIMEZONEs aside), one UID, no METHOD.
std::vector<icalcomponent*> resourceComponents(icalcomponent* root, const ValidationRules& rules) {
  if (detail::firstProperty(root, ICAL_METHOD_PROPERTY) != nullptr) {
    fail(Code::ValidCalendarObjectResource, "METHOD is not allowed in a calendar collection");
  }
  std::vector<icalcomponent*> components;
  for (icalcomponent* c : detail::children(root)) {
    if (icalcomponent_isa(c) != ICAL_VTIMEZONE_COMPONENT) {
      components.push_back(c);
    }
  }
  if (components.empty()) {
    fail(Code::ValidCalendarObjectResource, "no calendar component");
  }
  const icalcomponent_kind kind = icalcomponent_isa(components.front());
  const std::optional<ComponentKind> known = componentKindFromName(kindName(components.front()));
  if (!known) {
    fail(Code::SupportedCalendarComponent, kindName(components.front()) + " is not supported");
  }
  if (std::find(rules.supportedComponents.begin(), rules.supportedComponents.end(), *known) ==
      rules.supportedComponents.end()) {
    fail(Code::SupportedCalendarComponent,
         kindName(components.front()) + " is not supported by this calendar");
  }
  for (icalcomponent* c : components) {
    if (icalcomponent_isa(c) != kind) {
      fail(Code::ValidCalendarObjectResource, "more than one component type");
    }
  }
  return components;
}

void checkUidsAndRecurrenceIds(icalcomponent* root, const std::vector<icalcomponent*>& components) {
  const char* first = icalcomponent_get_uid(components.front());
  std::set<std::int64_t> rids;
  int masters = 0;
  for (icalcomponent* c : components) {
    const char* uid = icalcomponent_get_uid(c);
    if (uid == nullptr || *uid == '\0') {
      fail(Code::ValidCalendarObjectResource, kindName(c) + " without UID");
    }
    if (first == nullptr || std::string(uid) != first) {
      fail(Code::ValidCalendarObjectResource, "components with different UIDs");
    }
    icalproperty* rid = detail::firstProperty(c, ICAL_RECURRENCEID_PROPERTY);
    if (rid == nullptr) {
      if (++masters > 1) {
        fail(Code::ValidCalendarObjectResource, "more than one component without RECURRENCE-ID");
      }
    } else if (!rids.insert(detail::keyOf(detail::propertyTime(rid, root))).second) {
      fail(Code::ValidCalendarObjectResource, "two overrides with the same RECURRENCE-ID");
    }
  }
}

// RFC 5545 §3.2.19 wants a VTIMEZONE per TZID; RFC 7809 lets a server accept zones by
// reference, so known IANA names are accepted too.
void checkTzids(icalcomponent* root, icalcomponent* component) {
  for (icalproperty* p : detail::properties(component)) {
    icalparameter* tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    if (tzid != nullptr && detail::resolveTzid(root, icalparameter_get_tzid(tzid)) == nullptr) {
      fail(Code::ValidCalendarData,
           std::string("TZID ") + icalparameter_get_tzid(tzid) + " has no VTIMEZONE");
    }
  }
  for (icalcomponent* child : detail::children(component)) {
    checkTzids(root, child);
  }
}

void checkDateTimeRange(icalcomponent* component, const ValidationRules& rules,
                        icalcomponent* root) {
  for (icalproperty* p : detail::properties(component)) {
    icalvalue* value = icalproperty_get_value(p);
    const icalvalue_kind kind = value != nullptr ? icalvalue_isa(value) : ICAL_NO_VALUE;
    if (kind != ICAL_DATE_VALUE && kind != ICAL_DATETIME_VALUE && kind != ICAL_PERIOD_VALUE &&
        kind != ICAL_DATETIMEPERIOD_VALUE) {
      continue;
    }
    const std::int64_t t = detail::keyOf(detail::propertyTime(p, root));
    const std::string name = icalproperty_get_property_name(p);
    if (t < rules.minDateTime) {
      fail(Code::MinDateTime, name + " is before the calendar's min-date-time");
    }
    if (t > rules.maxDateTime) {
      fail(Code::MaxDateTime, name + " is after the calendar's max-date-time");
    }
  }
  for (icalcomponent* child : detail::children(component)) {
    checkDateTimeRange(child, rules, root);
  }
}

void checkEnd(icalcomponent* c, icalcomponent* root, icalproperty_kind endKind,
              const char* endName) {
  icalproperty* start = detail::firstProperty(c, ICAL_DTSTART_PROPERTY);
  icalproperty* end = detail::firstProperty(c, endKind);
  if (end != nullptr && detail::firstProperty(c, ICAL_DURATION_PROPERTY) != nullptr) {
    fail(Code::ValidCalendarData, kindName(c) + " has both " + endName + " and DURATION");
  }
  if (start == nullptr || end == nullptr) {
    return;
  }
  const detail::LocalTime s = detail::propertyTime(start, root);
  const detail::LocalTime e = detail::propertyTime(end, root);
  if (s.isDate != e.isDate) {
    fail(Code::ValidCalendarData, std::string(endName) + " and DTSTART differ in value type");
  }
  // RFC 5545 says "later"; equal values (zero-length events) are accepted as clients send them.
  if (detail::keyOf(e) < detail::keyOf(s)) {
    fail(Code::ValidCalendarData, std::string(endName) + " is before DTSTART");
  }
}

void checkTimes(icalcomponent* c, icalcomponent* root, std::int64_t horizonEnd) {
  const icalcomponent_kind kind = icalcomponent_isa(c);
  icalproperty* dtstart = detail::firstProperty(c, ICAL_DTSTART_PROPERTY);
  if (kind == ICAL_VEVENT_COMPONENT && dtstart == nullptr) {
    fail(Code::ValidCalendarData, "VEVENT without DTSTART (RFC 5545 §3.6.1)");
  }
  if (kind == ICAL_VTODO_COMPONENT) {
    checkEnd(c, root, ICAL_DUE_PROPERTY, "DUE");
  } else {
    checkEnd(c, root, ICAL_DTEND_PROPERTY, "DTEND");
  }
  if (dtstart == nullptr && detail::firstProperty(c, ICAL_DURATION_PROPERTY) != nullptr) {
    fail(Code::ValidCalendarData, kindName(c) + " with DURATION needs DTSTART (RFC 5545 §3.8.2.5)");
  }
  const bool recurs = detail::firstProperty(c, ICAL_RRULE_PROPERTY) != nullptr ||
                      detail::firstProperty(c, ICAL_RDATE_PROPERTY) != nullptr;
  if (dtstart == nullptr && recurs && kind != ICAL_VTODO_COMPONENT) {
    fail(Code::ValidCalendarData, kindName(c) + " with a recurrence needs DTSTART");
  }
  if (dtstart == nullptr) {
    // A VTODO with RRULE and no DTSTART (clients send it): the rule has no first instance to
    // start from, so the to-do is kept as one undated instance (RFC 5545 §3.8.5.3).
    return;
  }
  for (icalproperty* rrule : detail::properties(c, ICAL_RRULE_PROPERTY)) {
    detail::checkRule(rrule, detail::propertyTime(dtstart, root), horizonEnd);
  }
}

}  // namespace

void CalendarObject::validateAsResource(const ValidationRules& rules) const {
  icalcomponent* root = root_.get();
  // Grammar first, and time zones bounded before anything asks them for an offset.
  detail::checkNesting(root);
  detail::checkDateTimeValues(root);
  detail::checkZoneBoundsIn(root);
  const std::vector<icalcomponent*> components = resourceComponents(root, rules);
  checkUidsAndRecurrenceIds(root, components);
  for (icalcomponent* c : components) {
    checkTzids(root, c);
    checkTimes(c, root, rules.horizonEnd);
    checkDateTimeRange(c, rules, root);
  }
  if (rules.countInstances) expandInstances(*this, rules.horizonEnd, rules.maxInstances);
}

}  // namespace caldav::ical
