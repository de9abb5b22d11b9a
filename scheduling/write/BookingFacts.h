#pragma once

#include "scheduling/rules/BookingRules.h"
#include "scheduling/write/CalendarSettings.h"
#include "scheduling/write/PreparedObject.h"
#include "storage/Store.h"

#include <cstdint>
#include <optional>
#include <string>

namespace caldav::scheduling {

// A write of an object into a booking calendar, as the booking rules see it.
struct BookingWrite {
  std::string calendarPath;                   // the booking calendar
  const CalendarSettings* calendar = nullptr;  // its settings (booking.isEnabled)
  const PreparedObject* object = nullptr;      // what is written
  std::optional<std::int64_t> replacedId;     // the resource it replaces
  std::string replacedBody;                   // ... and its body ("" if none)
  std::optional<std::int64_t> movedFromId;    // MOVE within the calendar (a rename): its source
  std::int64_t now = 0;
};

// Loads, inside `txn`, every fact the booking rules look at for `write` (BookingCheck): the
// statuses, the busy instances the write adds, and near them the owner's other busy time in
// every opaque calendar of the owner's home, the calendar's own bookings (daily limit) and the
// owner's unavailable time (the VAVAILABILITY resources of the owner's calendars and
// write.calendar->ownerAvailability, the inbox's CALDAV:calendar-availability). Reads only
// the index; parses no stored object but the replaced one's status line.
BookingCheck loadBookingCheck(storage::ReadTransaction& txn, const CalendarReader& readCalendar,
                              const BookingWrite& write);

// Loads, inside `txn`, what the booking rules look at for any new booking (a fresh UID, no
// STATUS) in the booking calendar `calendarPath` (settings `calendar`) that lies inside
// [from, to): the owner's busy time, the calendar's bookings and the owner's unavailable time
// over the same windows loadBookingCheck reads for each such booking. `added` and `changed`
// are left empty: the caller sets them to the booking it asks about (scheduling::freeSlots).
BookingCheck loadBookingFacts(storage::ReadTransaction& txn, const CalendarReader& readCalendar,
                              const std::string& calendarPath, const CalendarSettings& calendar, std::int64_t from,
                              std::int64_t to, std::int64_t now);

}  // namespace caldav::scheduling
