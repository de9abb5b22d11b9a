#include "scheduling/itip/SchedulingRole.h"

#include "scheduling/itip/CalendarAddress.h"
#include "scheduling/itip/detail/ItipComponents.h"

#include "ical/ComponentEdit.h"

#include <set>

namespace caldav::scheduling::itip {
namespace {

bool isOneOf(const std::string& address, const std::vector<std::string>& addresses) {
  for (const auto& a : addresses) {
    if (isSameAddress(a, address)) return true;
  }
  return false;
}

}  // namespace

SchedulingRole schedulingRole(const ical::CalendarObject& object, const std::vector<std::string>& userAddresses) {
  SchedulingRole result;
  icalcomponent* organizerComponent = nullptr;
  for (icalcomponent* c : ical::schedulingComponents(object.root())) {
    if (!detail::organizerOf(c).empty()) {
      organizerComponent = c;
      break;
    }
  }
  if (!organizerComponent) return result;
  result.organizer = detail::organizerOf(organizerComponent);
  result.organizerScheduleAgent = detail::scheduleAgentOf(
      icalcomponent_get_first_property(organizerComponent, ICAL_ORGANIZER_PROPERTY));

  bool hasOtherAttendee = false;
  std::string attendeeAddress;
  for (const auto& attendee : attendeesOf(object)) {
    if (isSameAddress(attendee, result.organizer)) continue;
    hasOtherAttendee = true;
    if (attendeeAddress.empty() && isOneOf(attendee, userAddresses)) attendeeAddress = attendee;
  }
  if (!hasOtherAttendee) return result;
  if (isOneOf(result.organizer, userAddresses)) {
    result.role = Role::Organizer;
    result.address = result.organizer;
  } else if (!attendeeAddress.empty()) {
    result.role = Role::Attendee;
    result.address = attendeeAddress;
  }
  return result;
}

std::vector<std::string> attendeesOf(const ical::CalendarObject& object) {
  std::vector<std::string> result;
  std::set<std::string> seen;
  for (icalcomponent* c : ical::schedulingComponents(object.root())) {
    for (icalproperty* p : detail::attendeesIn(c)) {
      std::string address = detail::addressOf(p);
      if (seen.insert(normalizedAddress(address)).second) result.push_back(address);
    }
  }
  return result;
}

}  // namespace caldav::scheduling::itip
