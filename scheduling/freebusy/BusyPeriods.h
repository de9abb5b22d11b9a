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

// The VCALENDAR/VFREEBUSY answer of a free-busy-query (RFC 4791 §7.10): DTSTART/DTEND the
// range, one FREEBUSY;FBTYPE=BUSY line per busy period, FBTYPE=BUSY-UNAVAILABLE per
// unavailable one (from stored VFREEBUSY components) and FBTYPE=BUSY-TENTATIVE per tentative
// one (STATUS:TENTATIVE), DTSTAMP `now`. CRLF line endings.
std::string freeBusyCalendar(std::int64_t rangeStart, std::int64_t rangeEnd, const std::vector<Period>& busy,
                             const std::vector<Period>& tentative, std::int64_t now,
                             const std::vector<Period>& unavailable = {});

}  // namespace caldav::scheduling
