#include "ical/detail/Structure.h"

#include "ical/InvalidCalendar.h"
#include "ical/detail/Walk.h"

#include <string>

namespace caldav::ical::detail {

namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData, message);
}

std::string nameOf(icalcomponent_kind kind) { return icalcomponent_kind_to_string(kind); }

bool isLibicalUnknown(icalcomponent_kind kind) {
  return kind == ICAL_NO_COMPONENT || kind == ICAL_X_COMPONENT;
}

// The parent a component of `kind` must have; ICAL_NO_COMPONENT for "none". (VALARM has two:
// see isAllowedIn.)
icalcomponent_kind allowedParent(icalcomponent_kind kind) {
  switch (kind) {
    case ICAL_XSTANDARD_COMPONENT:
    case ICAL_XDAYLIGHT_COMPONENT: return ICAL_VTIMEZONE_COMPONENT;
    case ICAL_XAVAILABLE_COMPONENT: return ICAL_VAVAILABILITY_COMPONENT;
    case ICAL_VCALENDAR_COMPONENT:
    case ICAL_XROOT_COMPONENT: return ICAL_NO_COMPONENT;
    default: return ICAL_VCALENDAR_COMPONENT;  // the calendar components (RFC 5545 §3.6)
  }
}

bool isAllowedIn(icalcomponent_kind kind, icalcomponent_kind parent) {
  if (isLibicalUnknown(kind)) {
    return true;
  }
  if (kind == ICAL_VALARM_COMPONENT) {
    return parent == ICAL_VEVENT_COMPONENT || parent == ICAL_VTODO_COMPONENT;  // §3.6.6
  }
  return allowedParent(kind) == parent;
}

void checkChildren(icalcomponent* parent) {
  const icalcomponent_kind parentKind = icalcomponent_isa(parent);
  for (icalcomponent* child : children(parent)) {
    const icalcomponent_kind kind = icalcomponent_isa(child);
    if (!isAllowedIn(kind, parentKind)) {
      invalid(nameOf(kind) + " inside " + nameOf(parentKind) +
              " is not allowed (RFC 5545 §3.4-§3.6)");
    }
    checkChildren(child);
  }
}

bool isValid(const icaltimetype& t) {
  if (icaltime_is_null_time(t)) {
    return true;
  }
  if (t.year < 0 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 ||
      t.day > icaltime_days_in_month(t.month, t.year)) {
    return false;
  }
  return t.is_date != 0 ||
         (t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
          t.second <= 60);
}

void checkTime(icalproperty* p, const icaltimetype& t) {
  if (!isValid(t)) {
    invalid(std::string(icalproperty_get_property_name(p)) + " has an impossible date or time (" +
            std::to_string(t.year) + "-" + std::to_string(t.month) + "-" + std::to_string(t.day) +
            " " + std::to_string(t.hour) + ":" + std::to_string(t.minute) + ":" +
            std::to_string(t.second) + ")");
  }
}

void checkPeriod(icalproperty* p, const icalperiodtype& period) {
  checkTime(p, period.start);
  checkTime(p, period.end);
}

void checkValue(icalproperty* p) {
  icalvalue* value = icalproperty_get_value(p);
  if (value == nullptr) {
    return;
  }
  switch (icalvalue_isa(value)) {
    case ICAL_DATE_VALUE:
    case ICAL_DATETIME_VALUE: checkTime(p, icalvalue_get_datetime(value)); break;
    case ICAL_PERIOD_VALUE: checkPeriod(p, icalvalue_get_period(value)); break;
    case ICAL_DATETIMEPERIOD_VALUE: {
      const icaldatetimeperiodtype dtp = icalvalue_get_datetimeperiod(value);
      checkTime(p, dtp.time);
      checkPeriod(p, dtp.period);
      break;
    }
    case ICAL_TRIGGER_VALUE: checkTime(p, icalvalue_get_trigger(value).time); break;
    case ICAL_RECUR_VALUE: checkTime(p, icalvalue_get_recur(value).until); break;
    default: break;
  }
}

}  // namespace

void checkNesting(icalcomponent* root) { checkChildren(root); }

void checkDateTimeValues(icalcomponent* root) {
  for (icalproperty* p : properties(root)) {
    checkValue(p);
  }
  for (icalcomponent* child : children(root)) {
    checkDateTimeValues(child);
  }
}

}  // namespace caldav::ical::detail
