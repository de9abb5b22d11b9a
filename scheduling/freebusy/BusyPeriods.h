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

// The VCALENDAR/VFREEBUSY answer of a free-busy-query (RFC 4791 §7.10): DTSTART/DTEND the
// range, one FREEBUSY;FBTYPE=BUSY line per busy period, FBTYPE=BUSY-UNAVAILABLE per
// unavailable one (stored VFREEBUSY components, VAVAILABILITY) and FBTYPE=BUSY-TENTATIVE per
// tentative one (STATUS:TENTATIVE), DTSTAMP `now`. CRLF line endings.
std::string freeBusyCalendar(std::int64_t rangeStart, std::int64_t rangeEnd, const std::vector<Period>& busy,
                             const std::vector<Period>& tentative, std::int64_t now,
                             const std::vector<Period>& unavailable = {});

}  // namespace caldav::scheduling
