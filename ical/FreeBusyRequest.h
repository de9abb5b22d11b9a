#pragma once

#include "ical/CalendarObject.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace caldav::ical {

// What a scheduling message asks for busy time (RFC 5546 §3.3.2 VFREEBUSY REQUEST; RFC 6638
// §5 POST to an outbox), as plain values. Nothing is validated here: the caller decides what
// it refuses.
struct FreeBusyRequest {
  std::string method;                   // the VCALENDAR's METHOD, upper-case ("" if none)
  bool isFreeBusy = false;              // the first component (VTIMEZONEs aside) is a VFREEBUSY
  int freeBusyCount = 0;                // how many VFREEBUSY components there are
  std::string uid;                      // of the VFREEBUSY ("" if none)
  std::string organizer;                // its ORGANIZER value ("mailto:..."), "" if none
  std::vector<std::string> attendees;   // its ATTENDEE values, in text order
  std::optional<std::int64_t> start;    // DTSTART, Unix seconds (UTC, or a zoned time converted)
  std::optional<std::int64_t> end;      // DTEND, the same
};

// Reads the request of the first VFREEBUSY of `object` (and the VCALENDAR's METHOD). DTSTART
// and DTEND must be DATE-TIMEs in UTC (RFC 5545 §3.6.4) or with a TZID the object defines or
// that is known; a floating or DATE value is left std::nullopt. Never throws for content.
FreeBusyRequest freeBusyRequest(const CalendarObject& object);

}  // namespace caldav::ical
