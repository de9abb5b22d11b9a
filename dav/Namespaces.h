#pragma once

namespace caldav::dav {

inline constexpr const char* kDavNs = "DAV:";
inline constexpr const char* kCalDavNs = "urn:ietf:params:xml:ns:caldav";
// Apple's calendarserver.org namespace: getctag (used by older clients instead of sync-token).
inline constexpr const char* kCalendarServerNs = "http://calendarserver.org/ns/";
// Apple's iCal namespace: calendar-color, calendar-order (dead properties).
inline constexpr const char* kAppleIcalNs = "http://apple.com/ns/ical/";
// The project's own namespace: booking-rule conditions and human-readable messages.
inline constexpr const char* kProjectNs = "urn:caldavd";
// The booking rules' namespace: the policy properties of a calendar and the rules'
// preconditions (docs/booking-rules.md).
inline constexpr const char* kBookingNs = "urn:caldavd:booking";

// Resource types stored in NodeRecord::resourceType (opaque to storage).
inline constexpr const char* kCalendarType = "calendar";
inline constexpr const char* kCalendarHomeType = "calendar-home";
inline constexpr const char* kPrincipalType = "principal";
// RFC 6638 §2.1, §2.2: a user's scheduling outbox and inbox.
inline constexpr const char* kScheduleInboxType = "schedule-inbox";
inline constexpr const char* kScheduleOutboxType = "schedule-outbox";

}  // namespace caldav::dav
