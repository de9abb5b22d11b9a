#include "ical/ObjectProperties.h"

#include <libical/ical.h>

#include <strings.h>

namespace caldav::ical {
namespace {

icalcomponent* firstComponent(icalcomponent* root) {
  for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)) {
    if (icalcomponent_isa(c) != ICAL_VTIMEZONE_COMPONENT) return c;
  }
  return nullptr;
}

icalcomponent* masterOf(icalcomponent* root, int* position) {
  int index = 0;
  for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT), ++index) {
    const bool recurs = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY) ||
                        icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY);
    if (recurs && !icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY)) {
      if (position) *position = index;
      return c;
    }
  }
  return nullptr;
}

}  // namespace

int masterSource(const CalendarObject& object) {
  int position = -1;
  return masterOf(object.root(), &position) ? position : -1;
}

bool addExdates(CalendarObject& object, const std::vector<std::string>& recurrenceIds) {
  icalcomponent* master = masterOf(object.root(), nullptr);
  if (!master) return false;
  std::vector<icaltimetype> times;
  for (const auto& text : recurrenceIds) {
    icaltimetype time = icaltime_from_string(text.c_str());
    if (icaltime_is_null_time(time)) return false;
    times.push_back(time);
  }
  for (const auto& time : times) icalcomponent_add_property(master, icalproperty_new_exdate(time));
  return true;
}

std::string firstComponentProperty(const CalendarObject& object, std::string_view name) {
  icalcomponent* c = firstComponent(object.root());
  if (!c) return "";
  const std::string wanted(name);
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
    const char* propertyName = icalproperty_get_property_name(p);
    if (propertyName && strcasecmp(propertyName, wanted.c_str()) == 0) {
      const char* value = icalproperty_get_value_as_string(p);
      return value ? value : "";
    }
  }
  return "";
}

bool applyDefaultDuration(CalendarObject& object, std::int64_t seconds) {
  bool changed = false;
  icalcomponent* root = object.root();
  for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
    icalproperty* dtstart = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
    if (!dtstart || icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY) ||
        icalcomponent_get_first_property(c, ICAL_DURATION_PROPERTY)) {
      continue;
    }
    if (icalproperty_get_dtstart(dtstart).is_date) continue;  // an all-day event lasts its day
    icalcomponent_add_property(c, icalproperty_new_duration(icaldurationtype_from_int(static_cast<int>(seconds))));
    changed = true;
  }
  return changed;
}

}  // namespace caldav::ical
