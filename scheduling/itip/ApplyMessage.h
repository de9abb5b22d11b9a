#pragma once

#include "ical/CalendarObject.h"

#include <map>
#include <optional>
#include <string>

namespace caldav::scheduling::itip {

// Processing of received iTIP messages (RFC 5546 §3.2, RFC 6638 §3.2.1-§3.2.2): pure
// functions from the stored object and the message to the new object text (a VCALENDAR
// without METHOD, ready to be stored).

// A REQUEST applied to the recipient's copy (`existing`, nullptr if it has none): the
// organizer's components replace the copy's (a REQUEST for one occurrence replaces or adds
// that override only); the recipient's own VALARMs and TRANSP are kept (a new override gets
// the series'), and its PARTSTAT too unless the request reschedules (a higher SEQUENCE with
// changed times resets it to what the organizer sent). As the recipient's address is not
// passed, "its PARTSTAT" means: any ATTENDEE the request says NEEDS-ACTION for keeps the
// PARTSTAT the copy gave it. Returns std::nullopt if the request is older than the copy
// (lower SEQUENCE, or equal SEQUENCE and older DTSTAMP; judged on the request's first
// component): it is then ignored.
std::optional<std::string> applyRequest(const ical::CalendarObject* existing, const ical::CalendarObject& request);

// A CANCEL applied to the recipient's copy: the cancelled instances (the whole object when
// the message has no RECURRENCE-ID) get STATUS:CANCELLED, a cancelled occurrence of a
// series becomes a cancelled override. Returns std::nullopt if the cancel is older than the
// copy (lower SEQUENCE).
std::optional<std::string> applyCancel(const ical::CalendarObject& existing, const ical::CalendarObject& cancel);

// A REPLY applied to the organizer's object: the replying attendee's PARTSTAT (per instance;
// a reply for an occurrence the object does not override adds that override, copied from the
// master) and SCHEDULE-STATUS from the reply's REQUEST-STATUS ("2.0" when it has none).
// Returns std::nullopt if the sender is not an attendee of the object (RFC 5546 §3.2.3: the
// reply is then ignored). The reply's SEQUENCE is not compared with the object's.
std::optional<std::string> applyReply(const ical::CalendarObject& organizerObject, const ical::CalendarObject& reply);

// In-place forms of applyReply, withScheduleStatus and withPartstat, for the write path, which
// then stores object.text() without parsing it again. None of them changes what the instance
// index holds (times, TRANSP, STATUS), except applyReplyTo when it adds an override: it then
// returns AppliedReply::AddedOverride and the object must be indexed again.
enum class AppliedReply { Ignored, Applied, AddedOverride };
AppliedReply applyReplyTo(ical::CalendarObject& organizerObject, const ical::CalendarObject& reply);
void setScheduleStatus(ical::CalendarObject& object, const std::map<std::string, std::string>& statusByAddress);
void setPartstat(ical::CalendarObject& object, const std::string& attendee, const std::string& partstat);

// Returns `object`'s text with SCHEDULE-STATUS set on the ATTENDEEs (every component) named
// in `statusByAddress` (normalized addresses → RFC 6638 §3.2.9 status, e.g. "1.2"), and every
// SCHEDULE-FORCE-SEND parameter removed (§3.2.8: it applies to one request only). Attendees
// not named keep what they have.
std::string withScheduleStatus(const ical::CalendarObject& object, const std::map<std::string, std::string>& statusByAddress);

// Returns the text of `object` with PARTSTAT=`partstat` for `attendee` in every component
// that lists it (RSVP removed).
std::string withPartstat(const ical::CalendarObject& object, const std::string& attendee, const std::string& partstat);

}  // namespace caldav::scheduling::itip
