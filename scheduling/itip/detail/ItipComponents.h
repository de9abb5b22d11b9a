#pragma once
// What the iTIP functions share: components by recurrence id, ORGANIZER/ATTENDEE access,
// and the building of message and object texts (libical trees owned through ical::detail).

#include "ical/CalendarObject.h"
#include "ical/detail/IcalPtr.h"
#include "scheduling/itip/ItipMessage.h"

#include <libical/ical.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::scheduling::itip::detail {

// The scheduling components of an object by recurrence id (ical::recurrenceIdOf; "" for
// the master or a non-recurring component). The object keeps ownership.
using ComponentMap = std::map<std::string, icalcomponent*>;
ComponentMap componentsById(icalcomponent* root);

// The ORGANIZER value of `component`, or "".
std::string organizerOf(icalcomponent* component);
// The ORGANIZER value of the first component of `root` that has one, or "".
std::string organizerOfObject(icalcomponent* root);
// The value of an ATTENDEE property.
std::string addressOf(icalproperty* attendee);
// The ATTENDEE properties of `component`.
std::vector<icalproperty*> attendeesIn(icalcomponent* component);
// The ATTENDEE of `component` naming `address` (isSameAddress), or nullptr.
icalproperty* attendeeIn(icalcomponent* component, std::string_view address);
// PARTSTAT of an ATTENDEE, upper-case, "NEEDS-ACTION" when absent (RFC 5545 §3.2.12).
std::string partstatOf(icalproperty* attendee);
// SCHEDULE-AGENT of an ORGANIZER or ATTENDEE, upper-case, "SERVER" when absent (RFC 6638 §7.1).
std::string scheduleAgentOf(icalproperty* property);
// SEQUENCE of `component`, 0 when absent.
int sequenceOf(icalcomponent* component);
bool isCancelled(icalcomponent* component);
void setStatusCancelled(icalcomponent* component);
// Sets SEQUENCE (one property).
void setSequence(icalcomponent* component, int sequence);

// Removes every ATTENDEE of `component` but the one naming `address`.
void keepOnlyAttendee(icalcomponent* component, std::string_view address);
// Removes SCHEDULE-STATUS, SCHEDULE-FORCE-SEND and SCHEDULE-AGENT from ORGANIZER and
// ATTENDEEs: they concern the organizer's server only (RFC 6638 §7.1-§7.3).
void stripSchedulingParameters(icalcomponent* component);

// A VCALENDAR with PRODID, VERSION and METHOD `method` holding `components` (taken over) and
// the VTIMEZONEs of `source` they use, as text.
std::string messageText(Method method, icalcomponent* source,
                        std::vector<ical::detail::IcalComponentPtr> components);
// A copy of `root` without METHOD (an object to store), as text.
std::string withoutMethodText(icalcomponent* root);

}  // namespace caldav::scheduling::itip::detail
