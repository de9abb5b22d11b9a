#pragma once
// Comparing iCalendar answers by meaning: two texts that normalize alike say the same thing.

#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace caldav::ical::test {

// The VCALENDAR's properties as libical writes them, then each component as libical writes
// it, sorted (their order carries no meaning). Line breaks and folding, parameter quoting and
// value escaping come out the same whatever the input used.
inline std::string normalizedCalendar(const std::string& text) {
  icalcomponent* root = icalparser_parse_string(text.c_str());
  if (root == nullptr) return "unparseable:\n" + text;
  std::string out;
  for (icalproperty* p = icalcomponent_get_first_property(root, ICAL_ANY_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(root, ICAL_ANY_PROPERTY)) {
    char* line = icalproperty_as_ical_string_r(p);
    out += line;
    std::free(line);
  }
  std::vector<std::string> components;
  for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT); c != nullptr;
       c = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)) {
    char* component = icalcomponent_as_ical_string_r(c);
    components.emplace_back(component);
    std::free(component);
  }
  icalcomponent_free(root);
  std::sort(components.begin(), components.end());
  for (const auto& c : components) out += c;
  return out;
}

}  // namespace caldav::ical::test
