#pragma once
// The busy time of calendars over a range, as free-busy answers report it: the one computation
// behind the free-busy-query REPORT (RFC 4791 §7.10) and the outbox POST (RFC 6638 §5).

#include "dav/Context.h"
#include "scheduling/freebusy/BusyPeriods.h"
#include "storage/Store.h"

#include <cstdint>
#include <vector>

namespace caldav::dav::reports {

// Returns the busy time of `calendars` in [start, end), each instant once with the strongest
// FBTYPE that applies (BUSY, then BUSY-UNAVAILABLE, then BUSY-TENTATIVE): opaque, not cancelled
// VEVENT instances (STATUS:TENTATIVE ones as BUSY-TENTATIVE), the FREEBUSY periods of stored
// VFREEBUSY components, and the time their VAVAILABILITY components and their owners' inbox
// CALDAV:calendar-availability (RFC 7953 §7.2.4), deciding together, leave unavailable
// (RFC 7953 §4). With `asOwnersTime` (a calendar home, or a calendar user asked by
// POST: RFC 6638 §9.1), a calendar whose schedule-calendar-transp is transparent adds only
// its availability. Only periods: nothing of the events leaves this function. The answer's
// range and DTSTAMP (context.now) are set; METHOD, UID, ORGANIZER, ATTENDEE are left empty.
// Throws ical::InvalidCalendar{TooManyInstances} as ical::expandAvailability does.
scheduling::FreeBusyAnswer busyTime(Context& context, storage::ReadTransaction& txn,
                                    const std::vector<storage::NodeRecord>& calendars, bool asOwnersTime,
                                    std::int64_t start, std::int64_t end);

}  // namespace caldav::dav::reports
