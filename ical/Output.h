#pragma once
// calendar-data output options of RFC 4791 §9.6: expand, limit-recurrence-set, partial retrieval.

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"

#include <cstdint>
#include <string>
#include <vector>

namespace caldav::ical {

// RFC 4791 §9.6.5 CALDAV:expand: every VEVENT/VTODO/VJOURNAL instance overlapping
// [start, end) (§9.9 rules; floating times placed in `zone`) as its own component with a
// RECURRENCE-ID if the component recurs; zoned times converted to UTC, floating and DATE
// values kept; no RRULE/RDATE/EXDATE/EXRULE; VTIMEZONEs dropped. Returns the VCALENDAR text
// (CRLF). Throws InvalidCalendar{TooManyInstances} if the range holds too many instances.
std::string expandedText(const CalendarObject& object, std::int64_t start, std::int64_t end,
                         const FloatingZone& zone);

// RFC 4791 §9.6.6 CALDAV:limit-recurrence-set: the object with only those overridden
// components that impact [start, end): whose own or original (un-overridden) time range
// overlaps it, or which are RANGE=THISANDFUTURE and start before `end`. Masters, VTIMEZONEs
// and non-recurring components are kept.
std::string limitRecurrenceSetText(const CalendarObject& object, std::int64_t start,
                                   std::int64_t end, const FloatingZone& zone);

// RFC 4791 §9.6.4 CALDAV:prop inside a CALDAV:comp.
struct PropSelection {
  std::string name;
  bool isNoValue = false;  // novalue="yes": the property with its parameters and no value
};

// RFC 4791 §9.6.1 CALDAV:calendar-data partial retrieval: a CALDAV:comp tree.
struct CompSelection {
  std::string name;  // "VCALENDAR" at the top
  bool isAllProps = false;
  std::vector<PropSelection> props;  // when !isAllProps
  bool isAllComps = false;
  std::vector<CompSelection> comps;  // when !isAllComps
};

// The object reduced to `vcalendar` (RFC 4791 §9.6.1-§9.6.4): a component keeps the listed
// properties (all with allprop) and the listed sub-components (all, in full, with allcomp).
// If the root selection does not name VCALENDAR, the result is the empty string.
std::string partialText(const CalendarObject& object, const CompSelection& vcalendar);

}  // namespace caldav::ical
