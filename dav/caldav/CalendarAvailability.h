#pragma once
// RFC 7953 §7.2.4 CALDAV:calendar-availability: the availability a calendar user sets once on
// its schedule inbox, as an iCalendar object of VAVAILABILITY components. It counts wherever
// the VAVAILABILITY resources of the user's calendars count (RFC 7953 §7.1): the booking
// rules (through scheduling::CalendarSettings::ownerAvailability), free-busy-query, the outbox
// POST and free-slots. This file is the one place that reads and parses it.

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"
#include "storage/Store.h"

#include <memory>
#include <optional>
#include <string_view>

namespace caldav::dav::caldav {

// Parses `text`, the value a client sets: one VCALENDAR holding VAVAILABILITY components (at
// least one, sharing one UID) and the VTIMEZONEs they use, nothing else, valid as a
// VAVAILABILITY resource is on PUT (ical::CalendarObject::validateAsResource, with the
// server's date limits). Returns the object; throws ical::InvalidCalendar with a message for
// humans otherwise (the caller refuses with CALDAV:valid-calendar-data).
ical::CalendarObject parseCalendarAvailability(std::string_view text);

// The inbox's value, parsed, and the zone its floating and DATE values are read in by
// free-busy: the inbox's own CALDAV:calendar-timezone, UTC without one. (The booking rules
// read every availability in the booking calendar's zone, docs/booking-rules.md.)
struct InboxAvailability {
  std::shared_ptr<const ical::CalendarObject> object;
  std::shared_ptr<const ical::FloatingZone> zone;
};

// Returns the CALDAV:calendar-availability of `owner`'s schedule inbox, or std::nullopt if
// the user has no inbox, the inbox has no such property, or the stored value no longer
// parses (it was checked when set: nothing else can store it). Two indexed reads.
std::optional<InboxAvailability> inboxAvailability(storage::ReadTransaction& txn, std::string_view owner);

}  // namespace caldav::dav::caldav
