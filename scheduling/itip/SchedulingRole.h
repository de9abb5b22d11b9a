#pragma once

#include "ical/CalendarObject.h"

#include <string>
#include <vector>

namespace caldav::scheduling::itip {

// Who a calendar user is in an object (RFC 6638 §3.1: a scheduling object resource has an
// ORGANIZER and at least one ATTENDEE).
enum class Role {
  None,       // not a scheduling object, or the user is neither organizer nor attendee
  Organizer,  // ORGANIZER is one of the user's addresses
  Attendee,   // an ATTENDEE is one of the user's addresses and the ORGANIZER is someone else
};

struct SchedulingRole {
  Role role = Role::None;
  std::string address;    // the user's address as written in the object (ORGANIZER or ATTENDEE value)
  std::string organizer;  // the object's ORGANIZER value ("" if none)
  // SCHEDULE-AGENT of the ORGANIZER (RFC 6638 §7.1), upper-case, "SERVER" when absent.
  std::string organizerScheduleAgent = "SERVER";
};

// Returns the role of the calendar user with `userAddresses` (any form; compared with
// isSameAddress) in `object`: looks at ORGANIZER and ATTENDEE of every component. An object
// without ORGANIZER, or without an ATTENDEE other than the organizer, has Role::None.
SchedulingRole schedulingRole(const ical::CalendarObject& object, const std::vector<std::string>& userAddresses);

// Returns the ATTENDEE values of every component of `object`, each once (first spelling kept).
std::vector<std::string> attendeesOf(const ical::CalendarObject& object);

}  // namespace caldav::scheduling::itip
