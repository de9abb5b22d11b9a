#pragma once
// Objects and readers shared by the iTIP tests: a meeting Alice organizes with Bob and Carol,
// once or daily in Europe/Berlin, and accessors that read parameters back from texts.

#include "ical/CalendarObject.h"
#include "ical/ComponentEdit.h"
#include "scheduling/itip/ItipMessage.h"
#include "scheduling/itip/detail/ItipComponents.h"

#include <string>
#include <vector>

namespace caldav::scheduling::itip::test {

inline const std::string kAlice = "mailto:alice@example.com";
inline const std::string kBob = "mailto:bob@example.com";
inline const std::string kCarol = "mailto:carol@example.com";
inline const std::string kDave = "mailto:dave@example.com";

inline const char* const kBerlin =
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
    "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

// The VEVENT of the meeting: 2027-02-01 09:00-10:00 Berlin (08:00Z), Alice organizes and
// attends, Bob and Carol are invited. `extra` lines go before END:VEVENT.
inline std::string meetingEvent(const std::string& extra = "") {
  return "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270101T000000Z\r\nSEQUENCE:0\r\n"
         "DTSTART;TZID=Europe/Berlin:20270201T090000\r\nDTEND;TZID=Europe/Berlin:20270201T100000\r\n"
         "SUMMARY:Planning\r\nORGANIZER:mailto:alice@example.com\r\n"
         "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@example.com\r\n"
         "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.com\r\n"
         "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol@example.com\r\n" +
         extra + "END:VEVENT\r\n";
}

// A VCALENDAR (with the Berlin VTIMEZONE) around `components`.
inline std::string calendarOf(const std::string& components, const std::string& method = "") {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" +
         (method.empty() ? std::string() : "METHOD:" + method + "\r\n") + kBerlin + components +
         "END:VCALENDAR\r\n";
}

inline std::string meeting(const std::string& extra = "") { return calendarOf(meetingEvent(extra)); }
// Daily, five times from 2027-02-01.
inline std::string dailyMeeting(const std::string& extra = "") {
  return meeting("RRULE:FREQ=DAILY;COUNT=5\r\n" + extra);
}

// `text` with the first `from` replaced by `to` (the test fails if there is none).
std::string replaced(std::string text, const std::string& from, const std::string& to);

inline ical::CalendarObject parsed(const std::string& text) { return ical::CalendarObject::parse(text); }

// The messages of `messages` for `recipient`.
std::vector<ItipMessage> messagesTo(const std::vector<ItipMessage>& messages, const std::string& recipient);

// The number of VEVENTs of `text`.
int eventCount(const std::string& text);

// Parameter `name` of `address`'s ATTENDEE in the component of `text` with recurrence id
// `id` ("" for the master), or "<none>" if there is no such component or attendee.
std::string attendeeParameter(const std::string& text, const std::string& address, const char* name,
                              const std::string& id = "");

// The value of property `kind` of the component of `text` with recurrence id `id`, or "".
std::string propertyValue(const std::string& text, icalproperty_kind kind, const std::string& id = "");

inline bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace caldav::scheduling::itip::test
