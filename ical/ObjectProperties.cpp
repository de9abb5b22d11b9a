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

}  // namespace

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
