#pragma once

#include "ical/CalendarObject.h"
#include "scheduling/itip/ItipMessage.h"

#include <string>
#include <vector>

namespace caldav::scheduling::itip {

// A change of a scheduling object resource by its organizer (RFC 6638 §3.2.1).
struct OrganizerChange {
  const ical::CalendarObject* before = nullptr;  // as stored; nullptr when the resource is created
  const ical::CalendarObject* after = nullptr;   // as it will be stored; nullptr when deleted
  std::string organizer;                         // the organizer's address (its ORGANIZER value)
};

// Returns the messages the organizer's change sends, in general one per recipient (RFC 6638 §3.2.1.1-
// §3.2.1.3, RFC 5546 §3.2.2, §3.2.5):
// - REQUEST to every attendee of `after` that is new, or whose instances changed in a
//   significant way (DTSTART, DTEND/DURATION, DUE, RRULE, RDATE, EXDATE, STATUS, SUMMARY,
//   LOCATION, DESCRIPTION, the attendee list) or that carries SCHEDULE-FORCE-SEND=REQUEST.
//   Each holds the components that list that attendee (the master and overrides, or only
//   the override an attendee was invited to).
// - CANCEL to every attendee removed from the whole object (or the whole object deleted),
//   and, with RECURRENCE-IDs, for instances an attendee no longer takes part in (an EXDATE
//   added, an override cancelled or an attendee removed from one override).
//   Losing instances alone (an EXDATE added, an override cancelled or dropped for this
//   attendee) sends only that CANCEL; with another significant change the attendee gets the
//   REQUEST first, then the CANCEL. An override dropped without EXDATE is no cancel (the
//   master's occurrence comes back): it is a significant change.
// - An attendee of the series not invited to an override gets the series with that occurrence
//   as EXDATE (UTC), as sabre/vobject does.
// The organizer is never a recipient (it is often listed as an ATTENDEE). Attendees with
// SCHEDULE-AGENT other than SERVER get nothing (§7.1). Nothing is sent when neither version
// has attendees other than the organizer. Messages carry the object's VTIMEZONEs, METHOD,
// SEQUENCE and DTSTAMP; they hold no SCHEDULE-STATUS, SCHEDULE-FORCE-SEND or SCHEDULE-AGENT
// parameters, and no VALARMs (the organizer's own reminders).
std::vector<ItipMessage> organizerMessages(const OrganizerChange& change);

// RFC 5546 §2.1.4: a rescheduling change must carry a higher SEQUENCE. If `after` changes
// `before` in a way that needs it (DTSTART, DTEND/DURATION, DUE, RRULE, RDATE, EXDATE, or
// STATUS:CANCELLED) and the client did not raise SEQUENCE above before's, raises it to
// before's + 1 in each changed component. Returns true if it changed `after`.
bool raiseSequenceIfRescheduled(const ical::CalendarObject* before, ical::CalendarObject& after);

}  // namespace caldav::scheduling::itip
