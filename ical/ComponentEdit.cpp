#include "ical/ComponentEdit.h"

#include "ical/detail/LocalTime.h"

#include <algorithm>
#include <strings.h>

namespace caldav::ical {
namespace {

std::string propertyLine(icalproperty* property) {
  std::unique_ptr<char, decltype(&std::free)> text(icalproperty_as_ical_string_r(property), &std::free);
  return text ? std::string(text.get()) : std::string();
}

void collectTzids(icalcomponent* component, std::set<std::string>& tzids) {
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property(component, ICAL_ANY_PROPERTY)) {
    if (icalparameter* tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER)) {
      if (const char* value = icalparameter_get_tzid(tzid)) tzids.insert(value);
    }
  }
  for (icalcomponent* c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
    collectTzids(c, tzids);
  }
}

std::string tzidOfTimezone(icalcomponent* vtimezone) {
  icalproperty* p = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY);
  const char* tzid = p ? icalproperty_get_tzid(p) : nullptr;
  return tzid ? tzid : "";
}

// "NAME;TZID=zone:value" (or ";VALUE=DATE") as a new property; nullptr if it does not parse.
icalproperty* timeProperty(const char* name, const std::string& value, const std::string& tzid, bool isDate) {
  std::string line = name;
  if (isDate) line += ";VALUE=DATE";
  if (!tzid.empty()) line += ";TZID=" + tzid;
  line += ":" + value;
  return icalproperty_new_from_string(line.c_str());
}

}  // namespace

std::vector<icalcomponent*> schedulingComponents(icalcomponent* root) {
  std::vector<icalcomponent*> result;
  for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)) {
    if (icalcomponent_isa(c) != ICAL_VTIMEZONE_COMPONENT) result.push_back(c);
  }
  return result;
}

std::string timeKeyOf(icalcomponent* root, icalproperty* property) {
  const detail::LocalTime t = detail::propertyTime(property, root);
  if (t.isFloating()) return detail::formatWall(t.wall, t.isDate, false);
  return detail::formatWall(detail::keyOf(t), false, true);
}

std::string recurrenceIdOf(icalcomponent* root, icalcomponent* component) {
  icalproperty* rid = icalcomponent_get_first_property(component, ICAL_RECURRENCEID_PROPERTY);
  return rid ? timeKeyOf(root, rid) : std::string();
}

std::set<std::string> exdatesOf(icalcomponent* root, icalcomponent* component) {
  std::set<std::string> result;
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_EXDATE_PROPERTY); p;
       p = icalcomponent_get_next_property(component, ICAL_EXDATE_PROPERTY)) {
    result.insert(timeKeyOf(root, p));
  }
  return result;
}

std::string parameterOf(icalproperty* property, const char* name) {
  if (!property) return "";
  // libical stores IANA parameters it knows by kind and others by name; compare by name.
  for (icalparameter* p = icalproperty_get_first_parameter(property, ICAL_ANY_PARAMETER); p;
       p = icalproperty_get_next_parameter(property, ICAL_ANY_PARAMETER)) {
    const char* paramName = icalparameter_kind_to_string(icalparameter_isa(p));
    if (icalparameter_isa(p) == ICAL_X_PARAMETER || icalparameter_isa(p) == ICAL_IANA_PARAMETER) {
      paramName = icalparameter_get_xname(p);
    }
    if (paramName && strcasecmp(paramName, name) == 0) {
      std::unique_ptr<char, decltype(&std::free)> text(icalparameter_as_ical_string_r(p), &std::free);
      std::string s = text ? text.get() : "";
      const auto eq = s.find('=');
      s = eq == std::string::npos ? std::string() : s.substr(eq + 1);
      if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
      return s;
    }
  }
  return "";
}

void removeParameter(icalproperty* property, const char* name) {
  while (!parameterOf(property, name).empty()) {
    const auto before = icalproperty_count_parameters(property);
    icalproperty_remove_parameter_by_name(property, name);
    if (icalproperty_count_parameters(property) == before) break;
  }
}

void setParameter(icalproperty* property, const char* name, const std::string& value) {
  removeParameter(property, name);
  icalproperty_set_parameter_from_string(property, name, value.c_str());
}

void removeProperties(icalcomponent* component, icalproperty_kind kind) {
  while (icalproperty* p = icalcomponent_get_first_property(component, kind)) {
    icalcomponent_remove_property(component, p);
    icalproperty_free(p);
  }
}

void removeSubcomponents(icalcomponent* component, icalcomponent_kind kind) {
  while (icalcomponent* c = icalcomponent_get_first_component(component, kind)) {
    icalcomponent_remove_component(component, c);
    icalcomponent_free(c);
  }
}

void replaceProperty(icalcomponent* component, icalproperty* property) {
  removeProperties(component, icalproperty_isa(property));
  icalcomponent_add_property(component, property);
}

detail::IcalComponentPtr occurrenceOverride(icalcomponent* root, icalcomponent* master,
                                            const std::string& recurrenceId) {
  const icaltimetype rid = icaltime_from_string(recurrenceId.c_str());
  if (icaltime_is_null_time(rid)) return nullptr;
  detail::IcalComponentPtr copy = detail::cloneComponent(master);
  removeProperties(copy.get(), ICAL_RRULE_PROPERTY);
  removeProperties(copy.get(), ICAL_RDATE_PROPERTY);
  removeProperties(copy.get(), ICAL_EXDATE_PROPERTY);
  removeProperties(copy.get(), ICAL_RECURRENCEID_PROPERTY);

  icalproperty* dtstart = icalcomponent_get_first_property(master, ICAL_DTSTART_PROPERTY);
  icalproperty* dtend = icalcomponent_get_first_property(master, ICAL_DTEND_PROPERTY);
  std::int64_t length = 0;
  std::string tzid;
  icaltimezone* zone = nullptr;
  if (dtstart) {
    const detail::LocalTime start = detail::propertyTime(dtstart, root);
    if (dtend) length = detail::keyOf(detail::propertyTime(dtend, root)) - detail::keyOf(start);
    if (icalparameter* p = icalproperty_get_first_parameter(dtstart, ICAL_TZID_PARAMETER)) {
      tzid = icalparameter_get_tzid(p) ? icalparameter_get_tzid(p) : "";
      zone = start.zone;
    }
  }
  // The occurrence's start: a UTC recurrence id is written in the master's zone.
  std::int64_t wall = detail::wallSeconds(rid);
  std::string startText = recurrenceId;
  std::string endText;
  if (icaltime_is_utc(rid) && zone && !tzid.empty()) {
    const std::int64_t utc = wall;
    wall = detail::utcToLocal(utc, zone);
    startText = detail::formatWall(wall, false, false);
    endText = detail::formatWall(detail::utcToLocal(utc + length, zone), false, false);
  } else {
    tzid.clear();
    endText = detail::formatWall(wall + length, rid.is_date, icaltime_is_utc(rid));
  }
  icalproperty* newRid = timeProperty("RECURRENCE-ID", startText, tzid, rid.is_date);
  icalproperty* newStart = timeProperty("DTSTART", startText, tzid, rid.is_date);
  if (!newRid || !newStart) {
    if (newRid) icalproperty_free(newRid);
    if (newStart) icalproperty_free(newStart);
    return nullptr;
  }
  icalcomponent_add_property(copy.get(), newRid);
  replaceProperty(copy.get(), newStart);
  if (dtend) {
    if (icalproperty* newEnd = timeProperty("DTEND", endText, tzid, rid.is_date)) {
      replaceProperty(copy.get(), newEnd);
    }
  }
  return copy;
}

void copyUsedTimezones(icalcomponent* source, icalcomponent* target) {
  std::set<std::string> used;
  std::set<std::string> defined;
  for (icalcomponent* c = icalcomponent_get_first_component(target, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(target, ICAL_ANY_COMPONENT)) {
    if (icalcomponent_isa(c) == ICAL_VTIMEZONE_COMPONENT) {
      defined.insert(tzidOfTimezone(c));
    } else {
      collectTzids(c, used);
    }
  }
  std::vector<icalcomponent*> toCopy;
  for (icalcomponent* tz = icalcomponent_get_first_component(source, ICAL_VTIMEZONE_COMPONENT); tz;
       tz = icalcomponent_get_next_component(source, ICAL_VTIMEZONE_COMPONENT)) {
    const std::string tzid = tzidOfTimezone(tz);
    if (used.count(tzid) && !defined.count(tzid)) {
      toCopy.push_back(tz);
      defined.insert(tzid);
    }
  }
  for (icalcomponent* tz : toCopy) icalcomponent_add_component(target, icalcomponent_new_clone(tz));
}

std::string canonicalText(icalcomponent* component) {
  std::vector<std::string> lines;
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property(component, ICAL_ANY_PROPERTY)) {
    lines.push_back(propertyLine(p));
  }
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const auto& line : lines) text += line;
  for (icalcomponent* c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
    text += "BEGIN:" + std::string(icalcomponent_kind_to_string(icalcomponent_isa(c))) + "\r\n";
    text += canonicalText(c);
    text += "END\r\n";
  }
  return text;
}

}  // namespace caldav::ical
