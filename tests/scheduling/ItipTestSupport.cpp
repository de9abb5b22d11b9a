#include "scheduling/ItipTestSupport.h"

#include <cppunit/TestAssert.h>

namespace caldav::scheduling::itip::test {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  CPPUNIT_ASSERT_MESSAGE("missing: " + from, at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::vector<ItipMessage> messagesTo(const std::vector<ItipMessage>& messages, const std::string& recipient) {
  std::vector<ItipMessage> result;
  for (const auto& m : messages) {
    if (m.recipient == recipient) result.push_back(m);
  }
  return result;
}

int eventCount(const std::string& text) {
  int count = 0;
  for (auto at = text.find("BEGIN:VEVENT"); at != std::string::npos; at = text.find("BEGIN:VEVENT", at + 1)) ++count;
  return count;
}

std::string attendeeParameter(const std::string& text, const std::string& address, const char* name,
                              const std::string& id) {
  const auto object = parsed(text);
  const auto components = detail::componentsById(object.root());
  auto it = components.find(id);
  if (it == components.end()) return "<none>";
  icalproperty* attendee = detail::attendeeIn(it->second, address);
  return attendee ? ical::parameterOf(attendee, name) : "<none>";
}

std::string propertyValue(const std::string& text, icalproperty_kind kind, const std::string& id) {
  const auto object = parsed(text);
  const auto components = detail::componentsById(object.root());
  auto it = components.find(id);
  if (it == components.end()) return "";
  icalproperty* p = icalcomponent_get_first_property(it->second, kind);
  const char* value = p ? icalproperty_get_value_as_string(p) : nullptr;
  return value ? value : "";
}

}  // namespace caldav::scheduling::itip::test
