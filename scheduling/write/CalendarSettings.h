#pragma once

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"
#include "scheduling/rules/BookingPolicy.h"
#include "storage/Store.h"

#include <functional>
#include <memory>
#include <optional>

namespace caldav::scheduling {

// What the write path needs to know of a calendar collection, as plain values: what it
// accepts (RFC 4791 §5.3.2.1) and, for booking calendars, the rules it enforces.
struct CalendarSettings {
  // Component types, date limits and instance cap of what the calendar accepts. The write
  // path expands each object once, when it indexes it (rules.countInstances is ignored).
  ical::ValidationRules rules;
  // The booking rules the calendar enforces (off unless booking-rules-enabled).
  BookingPolicy booking;
  // CALDAV:schedule-calendar-transp (RFC 6638 §9.1): an opaque calendar's events are the
  // owner's busy time, also for the booking rules of the owner's other calendars.
  bool isOpaque = true;
  // The zone of floating times and of the booking policy's days (CALDAV:calendar-timezone).
  std::shared_ptr<const ical::FloatingZone> zone;
  // RFC 7953 §7.2.4: the availability the owner set on its schedule inbox
  // (CALDAV:calendar-availability), parsed; null if none. Read for booking calendars only
  // (booking.isEnabled): the booking rules count it beside the VAVAILABILITY resources.
  std::shared_ptr<const ical::CalendarObject> ownerAvailability;
};

// Reads the settings of `node` inside `txn`, or returns std::nullopt if `node` is not a
// calendar collection. The protocol layer supplies it (it knows how calendars and their
// properties are stored); the write path calls it inside its transaction, so what it reads
// holds at commit.
using CalendarReader =
    std::function<std::optional<CalendarSettings>(storage::ReadTransaction& txn, const storage::NodeRecord& node,
                                                   std::int64_t now)>;

}  // namespace caldav::scheduling
