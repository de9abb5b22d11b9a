#pragma once
// Snapshots of a component's children and properties. libical's get_first/get_next share one
// cursor per component, so nested walks over the same component would corrupt each other;
// ical/ always walks over these vectors instead.

#include <libical/ical.h>

#include <vector>

namespace caldav::ical::detail {

inline std::vector<icalcomponent*> children(icalcomponent* parent,
                                            icalcomponent_kind kind = ICAL_ANY_COMPONENT) {
  std::vector<icalcomponent*> result;
  for (icalcomponent* c = icalcomponent_get_first_component(parent, kind); c != nullptr;
       c = icalcomponent_get_next_component(parent, kind)) {
    result.push_back(c);
  }
  return result;
}

inline std::vector<icalproperty*> properties(icalcomponent* component,
                                             icalproperty_kind kind = ICAL_ANY_PROPERTY) {
  std::vector<icalproperty*> result;
  for (icalproperty* p = icalcomponent_get_first_property(component, kind); p != nullptr;
       p = icalcomponent_get_next_property(component, kind)) {
    result.push_back(p);
  }
  return result;
}

inline std::vector<icalparameter*> parameters(icalproperty* property,
                                              icalparameter_kind kind = ICAL_ANY_PARAMETER) {
  std::vector<icalparameter*> result;
  for (icalparameter* p = icalproperty_get_first_parameter(property, kind); p != nullptr;
       p = icalproperty_get_next_parameter(property, kind)) {
    result.push_back(p);
  }
  return result;
}

inline icalproperty* firstProperty(icalcomponent* component, icalproperty_kind kind) {
  return icalcomponent_get_first_property(component, kind);
}

}  // namespace caldav::ical::detail
