#pragma once

#include "ical/CalendarObject.h"
#include "scheduling/itip/ItipMessage.h"

#include <optional>
#include <string>
#include <vector>

namespace caldav::scheduling::itip {

// A change of an attendee's copy of a scheduling object resource by that attendee
// (RFC 6638 §3.2.2).
struct AttendeeChange {
  const ical::CalendarObject* before = nullptr;  // as stored; nullptr when created
  const ical::CalendarObject* after = nullptr;   // as it will be stored; nullptr when deleted
  std::string attendee;                          // the attendee's address (its ATTENDEE value)
};

// Returns the REPLY the attendee's change sends to the organizer (RFC 5546 §3.2.3), or
// std::nullopt if none: one when the attendee's PARTSTAT of any instance changed (the REPLY
// holds those instances only, each with only the replying ATTENDEE), or when the copy is
// deleted while the attendee had not declined (a REPLY with PARTSTAT=DECLINED, §3.2.2.3).
// Nothing is sent when the organizer is the attendee or SCHEDULE-AGENT is not SERVER.
std::optional<ItipMessage> attendeeReply(const AttendeeChange& change);

// RFC 6638 §3.2.10: returns true if `after` differs from `before` only in what an attendee
// changes on its own copy without the organizer: its PARTSTAT (and RSVP), its SCHEDULE-STATUS,
// VALARMs, TRANSP and X- properties (and DTSTAMP, LAST-MODIFIED), occurrences it removed
// (EXDATEs added, with their overrides) and overrides it added that only answer for one
// occurrence. Such a change keeps the resource's Schedule-Tag.
bool isAttendeeOnlyChange(const ical::CalendarObject& before, const ical::CalendarObject& after,
                          const std::string& attendee);

// RFC 6638 §3.2.2.1: an attendee changes only its own participation. Returns the address of
// another attendee whose PARTSTAT `after` changes from `before` to an answer (anything but
// NEEDS-ACTION, which a client writing an older copy may send back), component by component
// (the same RECURRENCE-ID), or "" if there is none: a forged answer in someone else's name.
std::string otherAttendeeAnswered(const ical::CalendarObject& before, const ical::CalendarObject& after,
                                  const std::string& attendee);

// What a bookable principal answers to a REQUEST (decided by the booking rules).
struct ReplyDecision {
  std::string partstat = "ACCEPTED";  // for the whole request: "ACCEPTED" or "DECLINED"
  // With ACCEPTED: occurrences declined all the same (RECURRENCE-ID texts as
  // ical::Instance::recurrenceId writes them); each gets its own component in the REPLY.
  std::vector<std::string> declinedRecurrenceIds;
  // RFC 5546 §3.6 REQUEST-STATUS value ("2.0;Success", "4.0;..."); for a code it knows,
  // libical writes the standard description instead of the one given.
  std::string requestStatus;
  std::string comment;        // COMMENT for the organizer ("" for none)
};

// Returns the REPLY `attendee` sends to the organizer of `request` (METHOD:REQUEST) with
// `decision`: every component of the request, with only `attendee` as ATTENDEE (PARTSTAT as
// decided, RSVP removed), REQUEST-STATUS and COMMENT (each component), plus one component per
// declined occurrence the request does not override (copied from the master at that
// occurrence). Components of the request that do not list `attendee` are left out.
ItipMessage replyTo(const ical::CalendarObject& request, const std::string& attendee, const ReplyDecision& decision);

}  // namespace caldav::scheduling::itip
