#pragma once
// The unavailable time of the calendars a free-busy-query searches (RFC 7953 §4), as the
// FREEBUSY periods it is reported with.

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"
#include "scheduling/freebusy/BusyPeriods.h"
#include "storage/Store.h"

#include <cstdint>
#include <vector>

namespace caldav::ical {
struct Availability;
}

namespace caldav::dav::reports {

class AvailabilityTime {
 public:
  // For the range [start, end) of the query.
  AvailabilityTime(std::int64_t start, std::int64_t end);
  ~AvailabilityTime();
  AvailabilityTime(const AvailabilityTime&) = delete;
  AvailabilityTime& operator=(const AvailabilityTime&) = delete;

  // Adds the VAVAILABILITY components stored in `calendar`, their floating and DATE values in
  // `zone` (the calendar's calendar-timezone). One indexed read when the calendar has none.
  // Throws ical::InvalidCalendar{TooManyInstances} as ical::expandAvailability does.
  void addCalendar(storage::ReadTransaction& txn, const storage::NodeRecord& calendar, const ical::FloatingZone& zone);

  // Adds the VAVAILABILITY components of `object` (the owner's inbox CALDAV:calendar-availability,
  // RFC 7953 §7.2.4), their floating and DATE values in `zone`. Throws as addCalendar.
  void addObject(const ical::CalendarObject& object, const ical::FloatingZone& zone);

  // Appends the time that the components added, deciding together (PRIORITY across calendars),
  // leave unavailable, by the BUSYTYPE of the deciding component: BUSY-UNAVAILABLE (the
  // default) to `unavailable`, BUSY to `busy`, BUSY-TENTATIVE to `tentative`. Nothing without
  // components: no VAVAILABILITY means always available.
  void appendTo(std::vector<scheduling::Period>& busy, std::vector<scheduling::Period>& unavailable,
                std::vector<scheduling::Period>& tentative) const;

 private:
  std::int64_t start_;
  std::int64_t end_;
  std::vector<ical::Availability> components_;
};

}  // namespace caldav::dav::reports
