#pragma once

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"
#include "scheduling/write/CalendarSettings.h"
#include "storage/Store.h"

#include <cstdint>
#include <vector>

namespace caldav::dav::caldav {

// The components a calendar accepts: its CALDAV:supported-calendar-component-set (set at
// MKCALENDAR), or every kind (ical::kAllComponentKinds) for a calendar created without one,
// such as the default calendar of a new user (RFC 4791 §5.2.3).
std::vector<ical::ComponentKind> supportedComponents(const std::vector<storage::DeadProperty>& calendarProperties);

// The validation rules of RFC 4791 §5.3.2.1 for writes into `calendar`.
ical::ValidationRules validationRules(const std::vector<storage::DeadProperty>& calendarProperties,
                                      std::int64_t now, std::int64_t horizonSeconds, std::size_t maxInstances);

// The zone for floating times in `calendar` (RFC 4791 §5.2.2 calendar-timezone), or UTC.
// A stored value that does not parse falls back to UTC.
ical::FloatingZone floatingZone(const std::vector<storage::DeadProperty>& calendarProperties);

// CALDAV:schedule-calendar-transp (RFC 6638 §9.1): false if the stored value is
// <C:transparent/>, true otherwise (opaque is the default).
bool isOpaque(const std::vector<storage::DeadProperty>& calendarProperties);

// The booking policy of a calendar (docs/booking-rules.md) from its stored properties in the
// urn:caldavd:booking namespace.
scheduling::BookingPolicy bookingPolicy(const std::vector<storage::DeadProperty>& calendarProperties);

// The write path's view of calendars (scheduling::CalendarReader): settings from the stored
// properties of calendar collections, std::nullopt for any other node.
scheduling::CalendarReader calendarReader();

// Returns true if `node` is a calendar collection.
bool isCalendar(const storage::NodeRecord& node);

}  // namespace caldav::dav::caldav
