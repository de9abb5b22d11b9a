#pragma once

#include "ical/CalendarObject.h"

#include <cstdint>
#include <vector>

namespace caldav::ical {

// The FBTYPE of a FREEBUSY period (RFC 5545 §3.2.9).
enum class FreeBusyType { Free, Busy, BusyUnavailable, BusyTentative };

// One FREEBUSY period; times are Unix seconds UTC (RFC 5545 §3.8.2.6 requires UTC values).
struct FreeBusyPeriod {
  std::int64_t start = 0;
  std::int64_t end = 0;
  FreeBusyType type = FreeBusyType::Busy;
};

// The FREEBUSY periods of every VFREEBUSY in `object`, in text order (empty for any other
// component type). A period given as start/duration ends at start + duration. A missing FBTYPE
// is BUSY, and so is an FBTYPE this server does not know (x-name or iana-token), as RFC 5545
// §3.2.9 requires. For the free-busy-query of a calendar holding VFREEBUSY resources (RFC 4791
// §7.10).
std::vector<FreeBusyPeriod> freeBusyPeriods(const CalendarObject& object);

}  // namespace caldav::ical
