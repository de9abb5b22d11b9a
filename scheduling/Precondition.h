#pragma once

namespace caldav::scheduling {

// Every refusal the server can give a client, by name: one enum for the protocol layer's own
// checks (WebDAV, CalDAV) and for the domain's rules (calendar data, booking rules). The one
// table that gives each its XML namespace, element name, HTTP status and default message is
// dav/ErrorMapping.cpp (docs/decisions/0001-one-write-path-and-precondition-table.md); nothing
// outside dav/ knows those.
enum class Precondition {
  // WebDAV (RFC 4918 §16, RFC 5689, RFC 6578)
  LockTokenMatchesRequestUri,
  LockTokenSubmitted,
  CannotModifyProtectedProperty,
  NoConflictingLock,
  PropfindFiniteDepth,
  ResourceMustBeNull,
  ValidResourcetype,
  SupportedReport,
  ValidSyncToken,
  SupportedSyncLevel,
  // WebDAV ACL (RFC 3744 §7.1.1, §8.1.1)
  NeedPrivileges,
  GrantOnly,
  NoInvert,
  NoProtectedAceConflict,
  NoInheritedAceConflict,
  NoAbstract,
  NotSupportedPrivilege,
  RecognizedPrincipal,
  AllowedPrincipal,
  // CalDAV (RFC 4791 §5.3.1, §5.3.2.1, §7.x)
  SupportedCalendarData,
  ValidCalendarData,
  ValidCalendarObjectResource,
  SupportedCalendarComponent,
  NoUidConflict,
  MaxResourceSize,
  MinDateTime,
  MaxDateTime,
  CalendarCollectionLocationOk,
  ValidFilter,
  SupportedFilter,
  SupportedCollation,
  // CalDAV scheduling (RFC 6638 §3.2.4, §6.1)
  OrganizerAllowed,
  AttendeeAllowed,
  ValidScheduleDefaultCalendarUrl,  // RFC 6638 §9.2
  // CalDAV scheduling (RFC 6638 §5: POST to a scheduling outbox)
  ValidSchedulingMessage,
  ValidOrganizer,
  // The project's own (urn:caldavd)
  TooManyInstances,
  TooManyRecipients,
  // Booking rules (urn:caldavd:booking, docs/booking-rules.md)
  SlotUnavailable,
  OutsideAvailability,
  InvalidStatusTransition,
  InsufficientNotice,
  TooFarInAdvance,
  DurationOutOfRange,
  DailyLimitReached,
  InThePast,
  BookingCalendarRequired,
};

}  // namespace caldav::scheduling
