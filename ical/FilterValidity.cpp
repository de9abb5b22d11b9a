// RFC 4791 §7.8 CALDAV:valid-filter: filters that no calendar object can ever satisfy.
#include "ical/Filter.h"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>

namespace caldav::ical {

namespace {

std::string upper(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool isOneOf(const std::string& name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// RFC 4791 §9.9, RFC 7953: the components a time-range can be tested against. Only those
// known to have no time of their own are refused; unknown ones are left to match nothing.
bool hasNoTime(const std::string& component) {
  return isOneOf(component, {"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT"});
}

// Properties whose value may be a DATE, DATE-TIME or PERIOD (RFC 5545 §3.8, RFC 9074 §6):
// TRIGGER with VALUE=DATE-TIME, RDATE with VALUE=PERIOD included. RFC 4791 §9.9
// defines the time-range test for the first seven; the others are evaluated the same way.
bool mayHoldTime(const std::string& property) {
  return isOneOf(property, {"DTSTART", "DTEND", "DUE", "COMPLETED", "CREATED", "DTSTAMP",
                            "LAST-MODIFIED", "RECURRENCE-ID", "EXDATE", "RDATE", "TRIGGER",
                            "FREEBUSY", "ACKNOWLEDGED"});
}

// A property iCalendar defines (so its value type is fixed), as opposed to an X- or
// unregistered name, whose value may be anything.
bool isDefinedProperty(const std::string& property) {
  if (property.rfind("X-", 0) == 0) {
    return false;
  }
  const icalproperty_kind kind = icalproperty_string_to_kind(property.c_str());
  return kind != ICAL_X_PROPERTY && kind != ICAL_NO_PROPERTY;
}

// Whether `child` can occur directly inside `parent` (RFC 5545 §3.4, §3.6; RFC 7953 §3).
// Components without a fixed place (X-, IANA, RFC 9073's PARTICIPANT, VLOCATION, VRESOURCE)
// can occur anywhere.
bool canContain(const std::string& parent, const std::string& child) {
  if (child == "VCALENDAR") {
    return false;
  }
  if (isOneOf(child, {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"})) {
    return parent == "VCALENDAR";
  }
  if (child == "VALARM") {
    return isOneOf(parent, {"VEVENT", "VTODO"});
  }
  if (isOneOf(child, {"STANDARD", "DAYLIGHT"})) {
    return parent == "VTIMEZONE";
  }
  if (child == "AVAILABLE") {
    return parent == "VAVAILABILITY";
  }
  return true;
}

std::optional<std::string> checkComponent(const CompFilter& filter, const std::string& path) {
  const std::string name = upper(filter.name);
  if (filter.timeRange && hasNoTime(name)) {
    return "a time-range cannot apply to " + path + " (RFC 4791 §9.9)";
  }
  for (const PropFilter& prop : filter.propFilters) {
    const std::string propName = upper(prop.name);
    if (prop.timeRange && isDefinedProperty(propName) && !mayHoldTime(propName)) {
      return "a time-range cannot apply to " + propName + " in " + path +
             ": it has no date or date-time value (RFC 4791 §9.9)";
    }
  }
  for (const CompFilter& child : filter.compFilters) {
    const std::string childName = upper(child.name);
    if (!canContain(name, childName)) {
      return childName + " never occurs inside " + path + " (RFC 5545 §3.4, §3.6)";
    }
    if (auto problem = checkComponent(child, path + "/" + childName)) {
      return problem;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> whyFilterCannotApply(const CompFilter& vcalendarFilter) {
  return checkComponent(vcalendarFilter, upper(vcalendarFilter.name));
}

}  // namespace caldav::ical
