#include "scheduling/itip/detail/ItipComponents.h"

#include "ical/ComponentEdit.h"
#include "scheduling/itip/CalendarAddress.h"

#include <algorithm>
#include <cctype>

namespace caldav::scheduling::itip::detail {
namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

icalproperty_method methodKind(Method method) {
  switch (method) {
    case Method::Request: return ICAL_METHOD_REQUEST;
    case Method::Cancel: return ICAL_METHOD_CANCEL;
    case Method::Reply: return ICAL_METHOD_REPLY;
  }
  return ICAL_METHOD_REQUEST;
}

}  // namespace

ComponentMap componentsById(icalcomponent* root) {
  ComponentMap result;
  for (icalcomponent* c : ical::schedulingComponents(root)) {
    result.emplace(ical::recurrenceIdOf(root, c), c);  // a repeated id: the first one counts
  }
  return result;
}

std::string organizerOf(icalcomponent* component) {
  icalproperty* p = icalcomponent_get_first_property(component, ICAL_ORGANIZER_PROPERTY);
  const char* value = p ? icalproperty_get_organizer(p) : nullptr;
  return value ? value : "";
}

std::string organizerOfObject(icalcomponent* root) {
  for (icalcomponent* c : ical::schedulingComponents(root)) {
    if (std::string organizer = organizerOf(c); !organizer.empty()) return organizer;
  }
  return "";
}

std::string addressOf(icalproperty* attendee) {
  const char* value = icalproperty_get_attendee(attendee);
  return value ? value : "";
}

std::vector<icalproperty*> attendeesIn(icalcomponent* component) {
  std::vector<icalproperty*> result;
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_ATTENDEE_PROPERTY); p;
       p = icalcomponent_get_next_property(component, ICAL_ATTENDEE_PROPERTY)) {
    result.push_back(p);
  }
  return result;
}

icalproperty* attendeeIn(icalcomponent* component, std::string_view address) {
  for (icalproperty* p : attendeesIn(component)) {
    if (isSameAddress(addressOf(p), address)) return p;
  }
  return nullptr;
}

std::string partstatOf(icalproperty* attendee) {
  std::string value = upper(ical::parameterOf(attendee, "PARTSTAT"));
  return value.empty() ? "NEEDS-ACTION" : value;
}

std::string scheduleAgentOf(icalproperty* property) {
  std::string value = upper(ical::parameterOf(property, "SCHEDULE-AGENT"));
  return value.empty() ? "SERVER" : value;
}

int sequenceOf(icalcomponent* component) {
  icalproperty* p = icalcomponent_get_first_property(component, ICAL_SEQUENCE_PROPERTY);
  return p ? icalproperty_get_sequence(p) : 0;
}

bool isCancelled(icalcomponent* component) {
  icalproperty* p = icalcomponent_get_first_property(component, ICAL_STATUS_PROPERTY);
  return p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED;
}

void setStatusCancelled(icalcomponent* component) {
  ical::replaceProperty(component, icalproperty_new_status(ICAL_STATUS_CANCELLED));
}

void setSequence(icalcomponent* component, int sequence) {
  ical::replaceProperty(component, icalproperty_new_sequence(sequence));
}

void keepOnlyAttendee(icalcomponent* component, std::string_view address) {
  for (icalproperty* p : attendeesIn(component)) {
    if (!isSameAddress(addressOf(p), address)) {
      icalcomponent_remove_property(component, p);
      icalproperty_free(p);
    }
  }
}

void stripSchedulingParameters(icalcomponent* component) {
  std::vector<icalproperty*> properties = attendeesIn(component);
  if (icalproperty* organizer = icalcomponent_get_first_property(component, ICAL_ORGANIZER_PROPERTY)) {
    properties.push_back(organizer);
  }
  for (icalproperty* p : properties) {
    ical::removeParameter(p, "SCHEDULE-STATUS");
    ical::removeParameter(p, "SCHEDULE-FORCE-SEND");
    ical::removeParameter(p, "SCHEDULE-AGENT");
  }
}

std::string messageText(Method method, icalcomponent* source,
                        std::vector<ical::detail::IcalComponentPtr> components) {
  ical::detail::IcalComponentPtr calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//caldavd//caldavd 0.1//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(methodKind(method)));
  for (auto& component : components) {
    // SEQUENCE 0 is written out: the recipient compares it (RFC 5546 §2.1.4).
    if (!icalcomponent_get_first_property(component.get(), ICAL_SEQUENCE_PROPERTY)) setSequence(component.get(), 0);
    icalcomponent_add_component(calendar.get(), component.release());
  }
  ical::copyUsedTimezones(source, calendar.get());
  return ical::detail::componentText(calendar.get());
}

std::string withoutMethodText(icalcomponent* root) {
  ical::detail::IcalComponentPtr copy = ical::detail::cloneComponent(root);
  ical::removeProperties(copy.get(), ICAL_METHOD_PROPERTY);
  return ical::detail::componentText(copy.get());
}

}  // namespace caldav::scheduling::itip::detail
