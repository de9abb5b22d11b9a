#pragma once

#include <string>

namespace caldav::dav::testing {

// Small iCalendar bodies for dav tests (CRLF line endings, as clients send them).
inline std::string crlf(const std::string& lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

inline std::string event(const std::string& uid, const std::string& dtstart, const std::string& dtend,
                         const std::string& extra = "") {
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:" + uid +
              "\nDTSTAMP:20240101T000000Z\nDTSTART:" + dtstart + "\nDTEND:" + dtend + "\nSUMMARY:" + uid + "\n" + extra +
              "END:VEVENT\nEND:VCALENDAR\n");
}

// A weekly 09:00-10:00 Europe/Berlin series from 2024-03-18 (crosses the 2024-03-31 DST change).
inline std::string berlinWeekly(const std::string& uid) {
  return crlf(
      "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
      "BEGIN:VTIMEZONE\nTZID:Europe/Berlin\n"
      "BEGIN:DAYLIGHT\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nDTSTART:19700329T020000\n"
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nEND:DAYLIGHT\n"
      "BEGIN:STANDARD\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nDTSTART:19701025T030000\n"
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nEND:STANDARD\nEND:VTIMEZONE\n"
      "BEGIN:VEVENT\nUID:" + uid + "\nDTSTAMP:20240101T000000Z\nDTSTART;TZID=Europe/Berlin:20240318T090000\n"
      "DTEND;TZID=Europe/Berlin:20240318T100000\nRRULE:FREQ=WEEKLY;COUNT=10\nSUMMARY:weekly\nEND:VEVENT\n"
      "END:VCALENDAR\n");
}

// America/New_York as a VTIMEZONE (rules since 2007), LF line breaks.
inline std::string newYorkTimezone() {
  return "BEGIN:VTIMEZONE\nTZID:America/New_York\nBEGIN:DAYLIGHT\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\n"
         "DTSTART:19700308T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\nEND:DAYLIGHT\nBEGIN:STANDARD\n"
         "TZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nDTSTART:19701101T020000\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n"
         "END:STANDARD\nEND:VTIMEZONE\n";
}

inline const char* kCalDavNsForTests = "urn:ietf:params:xml:ns:caldav";

// A MKCALENDAR body restricting the calendar to VTODO (RFC 4791 §5.2.3).
inline std::string mkcalendarForTasks() {
  return "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
         "<C:supported-calendar-component-set><C:comp name=\"VTODO\"/></C:supported-calendar-component-set>"
         "</D:prop></D:set></C:mkcalendar>";
}

}  // namespace caldav::dav::testing
