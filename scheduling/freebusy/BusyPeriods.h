#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace caldav::scheduling {

struct Period {
  std::int64_t start = 0;  // Unix seconds UTC
  std::int64_t end = 0;
};

// Returns `periods` clipped to [rangeStart, rangeEnd), with overlapping or touching ones
// merged, sorted by start (RFC 5545 §3.8.2.6 lets FREEBUSY periods be coalesced).
std::vector<Period> busyPeriods(std::vector<Period> periods, std::int64_t rangeStart, std::int64_t rangeEnd);

// Returns the time of `periods` that `covered` does not cover. Both sorted and merged, as
// busyPeriods returns them; so is the result. Used to report each instant with one FBTYPE.
std::vector<Period> withoutPeriods(const std::vector<Period>& periods, const std::vector<Period>& covered);

// A VFREEBUSY to write (RFC 5545 §3.6.4): its range, its periods by FBTYPE (each list sorted
// and merged, as busyPeriods returns them; `free` as freeSlots returns them) and, for an iTIP
// reply (RFC 5546 §3.3.3, RFC 6638 §5), the METHOD of the VCALENDAR and the UID, ORGANIZER and
// ATTENDEE of the request it answers.
struct FreeBusyAnswer {
  std::int64_t rangeStart = 0;
  std::int64_t rangeEnd = 0;
  std::int64_t now = 0;  // DTSTAMP
  std::vector<Period> busy;
  std::vector<Period> unavailable;
  std::vector<Period> tentative;
  std::vector<Period> free;
  std::string method;     // "REPLY", or "" for none (a free-busy-query answer)
  std::string uid;        // "" for none; written as TEXT (escaped)
  std::string organizer;  // CAL-ADDRESS values ("mailto:..."), "" for none; the caller
  std::string attendee;   // passes addresses it validated (no line breaks)
};

// The VCALENDAR/VFREEBUSY text of `answer`: METHOD, then DTSTAMP, DTSTART, DTEND, UID,
// ORGANIZER, ATTENDEE where given, then FREEBUSY lines by FBTYPE: BUSY, BUSY-UNAVAILABLE,
// BUSY-TENTATIVE, FREE. Nothing else (no detail of any event). CRLF line endings; lines longer
// than 75 octets folded (RFC 5545 §3.1).
std::string freeBusyText(const FreeBusyAnswer& answer);

// The VCALENDAR/VFREEBUSY answer of a free-busy-query (RFC 4791 §7.10): DTSTART/DTEND the
// range, one FREEBUSY;FBTYPE=BUSY line per busy period, FBTYPE=BUSY-UNAVAILABLE per
// unavailable one (stored VFREEBUSY components, VAVAILABILITY) and FBTYPE=BUSY-TENTATIVE per
// tentative one (STATUS:TENTATIVE), DTSTAMP `now`. CRLF line endings.
std::string freeBusyCalendar(std::int64_t rangeStart, std::int64_t rangeEnd, const std::vector<Period>& busy,
                             const std::vector<Period>& tentative, std::int64_t now,
                             const std::vector<Period>& unavailable = {});

}  // namespace caldav::scheduling
