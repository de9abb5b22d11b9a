#include "dav/ErrorMapping.h"

#include "dav/Href.h"
#include "dav/Namespaces.h"

#include <array>

namespace caldav::dav {
namespace {

struct PreconditionRow {
  Precondition precondition;
  const char* ns;
  const char* name;
  int status;
  const char* message;  // used when the throw site gives none
};

// Every precondition the server names, one row each (after Cyrus's preconds[] in
// imap/http_dav.c). A refusal is thrown as HttpError(Precondition, message) in dav/, as
// scheduling::RuleViolation by the write path, as ical::InvalidCalendar by the iCalendar layer.
// Booking refusals are 403, never 409/412: Thunderbird turns those into an overwrite loop and
// DAVx5 drops 409 silently (docs/booking-rules.md).
constexpr std::array<PreconditionRow, 47> kPreconditions{{
    {Precondition::LockTokenMatchesRequestUri, kDavNs, "lock-token-matches-request-uri", 409,
     "That lock does not cover this resource"},
    {Precondition::LockTokenSubmitted, kDavNs, "lock-token-submitted", 423, "The resource is locked"},
    {Precondition::CannotModifyProtectedProperty, kDavNs, "cannot-modify-protected-property", 403,
     "That property is protected"},
    {Precondition::NoConflictingLock, kDavNs, "no-conflicting-lock", 423, "The resource is already locked"},
    {Precondition::PropfindFiniteDepth, kDavNs, "propfind-finite-depth", 403,
     "PROPFIND with Depth infinity is not supported here"},
    {Precondition::ResourceMustBeNull, kDavNs, "resource-must-be-null", 403, "Something already exists at this URL"},
    {Precondition::ValidResourcetype, kDavNs, "valid-resourcetype", 403, "Unsupported resource type"},
    {Precondition::SupportedReport, kDavNs, "supported-report", 403, "Unsupported REPORT"},
    {Precondition::ValidSyncToken, kDavNs, "valid-sync-token", 403, "Invalid sync token"},
    {Precondition::SupportedSyncLevel, kDavNs, "supported-sync-level", 403, "Only sync-level 1 is supported"},
    {Precondition::NeedPrivileges, kDavNs, "need-privileges", 403, "You lack the privilege this needs"},
    {Precondition::GrantOnly, kDavNs, "grant-only", 403, "This server's ACEs only grant: deny is not supported"},
    {Precondition::NoInvert, kDavNs, "no-invert", 403, "DAV:invert is not supported"},
    {Precondition::NoProtectedAceConflict, kDavNs, "no-protected-ace-conflict", 403,
     "The owner's ACE is protected and cannot be changed"},
    {Precondition::NoInheritedAceConflict, kDavNs, "no-inherited-ace-conflict", 403,
     "Inherited ACEs cannot be set here"},
    {Precondition::NoAbstract, kDavNs, "no-abstract", 403, "An abstract privilege cannot be granted on its own"},
    {Precondition::NotSupportedPrivilege, kDavNs, "not-supported-privilege", 403, "Unsupported privilege"},
    {Precondition::RecognizedPrincipal, kDavNs, "recognized-principal", 403, "No such principal"},
    {Precondition::AllowedPrincipal, kDavNs, "allowed-principal", 403,
     "Only user principals (DAV:href) may be granted privileges"},
    {Precondition::SupportedCalendarData, kCalDavNs, "supported-calendar-data", 403,
     "A calendar accepts only text/calendar"},
    {Precondition::ValidCalendarData, kCalDavNs, "valid-calendar-data", 403, "Invalid iCalendar data"},
    {Precondition::ValidCalendarObjectResource, kCalDavNs, "valid-calendar-object-resource", 403,
     "Not a valid calendar object resource"},
    {Precondition::SupportedCalendarComponent, kCalDavNs, "supported-calendar-component", 403,
     "This calendar does not accept that component type"},
    {Precondition::NoUidConflict, kCalDavNs, "no-uid-conflict", 409, "The UID is already in use"},
    {Precondition::MaxResourceSize, kCalDavNs, "max-resource-size", 403, "The calendar object is too large"},
    {Precondition::MinDateTime, kCalDavNs, "min-date-time", 403, "A date is earlier than this calendar accepts"},
    {Precondition::MaxDateTime, kCalDavNs, "max-date-time", 403, "A date is later than this calendar accepts"},
    {Precondition::CalendarCollectionLocationOk, kCalDavNs, "calendar-collection-location-ok", 403,
     "Collections cannot be placed inside a calendar"},
    {Precondition::ValidFilter, kCalDavNs, "valid-filter", 403, "Invalid calendar-query filter"},
    {Precondition::SupportedFilter, kCalDavNs, "supported-filter", 403, "Unsupported calendar-query filter"},
    {Precondition::SupportedCollation, kCalDavNs, "supported-collation", 403, "Unsupported collation"},
    {Precondition::OrganizerAllowed, kCalDavNs, "organizer-allowed", 403,
     "The ORGANIZER is not a calendar user address of this calendar's owner"},
    {Precondition::AttendeeAllowed, kCalDavNs, "attendee-allowed", 403,
     "An attendee may change only its own participation"},
    {Precondition::ValidScheduleDefaultCalendarUrl, kCalDavNs, "valid-schedule-default-calendar-URL", 403,
     "The default calendar must be one of the owner's calendars that accepts events"},
    {Precondition::ValidSchedulingMessage, kCalDavNs, "valid-scheduling-message", 403,
     "The outbox takes only an iTIP VFREEBUSY REQUEST (RFC 6638 §5)"},
    {Precondition::ValidOrganizer, kCalDavNs, "valid-organizer", 403,
     "The ORGANIZER must be an address of the outbox's owner"},
    {Precondition::TooManyInstances, kProjectNs, "too-many-instances", 403, "The recurrence has too many instances"},
    {Precondition::TooManyRecipients, kProjectNs, "too-many-recipients", 403,
     "The request names more recipients than the server answers for at once"},
    {Precondition::SlotUnavailable, kBookingNs, "slot-unavailable", 403,
     "Not booked: the time overlaps another appointment. Pick another time."},
    {Precondition::OutsideAvailability, kBookingNs, "outside-availability", 403,
     "Not booked: the time is outside the available hours. Pick another time."},
    {Precondition::InvalidStatusTransition, kBookingNs, "invalid-status-transition", 403,
     "Not saved: the appointment's status cannot change that way."},
    {Precondition::InsufficientNotice, kBookingNs, "insufficient-notice", 403,
     "Not booked: the appointment starts too soon. Pick a later time."},
    {Precondition::TooFarInAdvance, kBookingNs, "too-far-in-advance", 403,
     "Not booked: the appointment is too far ahead. Pick an earlier time."},
    {Precondition::DurationOutOfRange, kBookingNs, "duration-out-of-range", 403,
     "Not booked: the appointment is too short or too long."},
    {Precondition::DailyLimitReached, kBookingNs, "daily-limit-reached", 403,
     "Not booked: that day is fully booked. Pick another day."},
    {Precondition::InThePast, kBookingNs, "in-the-past", 403, "Not booked: the appointment starts in the past."},
    {Precondition::BookingCalendarRequired, kBookingNs, "booking-calendar", 403,
     "Free slots are answered for calendars with booking-rules-enabled only."},
}};

const PreconditionRow& rowOf(Precondition precondition) {
  for (const auto& row : kPreconditions) {
    if (row.precondition == precondition) return row;
  }
  static const PreconditionRow unknown{precondition, kProjectNs, "refused", 403, "Refused"};
  return unknown;
}

struct StoreMapping {
  storage::StoreError::Code code;
  int status;
};

// One table for every storage code that reaches the dispatcher unhandled.
constexpr StoreMapping kStoreMappings[] = {
    {storage::StoreError::Code::NotFound, 409},  // a missing parent or source mid-operation
    {storage::StoreError::Code::AlreadyExists, 412},
    {storage::StoreError::Code::Conflict, 409},
    {storage::StoreError::Code::Unavailable, 503},
    {storage::StoreError::Code::InvalidUrl, 500},
};

// The iCalendar layer's codes, by the precondition each one is (RFC 4791 §5.3.2.1).
constexpr std::pair<ical::InvalidCalendar::Code, Precondition> kCalendarCodes[] = {
    {ical::InvalidCalendar::Code::ValidCalendarData, Precondition::ValidCalendarData},
    {ical::InvalidCalendar::Code::ValidCalendarObjectResource, Precondition::ValidCalendarObjectResource},
    {ical::InvalidCalendar::Code::SupportedCalendarComponent, Precondition::SupportedCalendarComponent},
    {ical::InvalidCalendar::Code::MinDateTime, Precondition::MinDateTime},
    {ical::InvalidCalendar::Code::MaxDateTime, Precondition::MaxDateTime},
    {ical::InvalidCalendar::Code::TooManyInstances, Precondition::TooManyInstances},
};

}  // namespace

int preconditionStatus(Precondition precondition) { return rowOf(precondition).status; }

PreconditionName preconditionName(Precondition precondition) {
  const auto& row = rowOf(precondition);
  return {row.ns, row.name};
}

Response errorResponse(const HttpError& error) {
  Response response;
  response.status = error.status();
  if (error.status() == 304) return response;  // RFC 9110 §15.4.5: no content
  const std::string text = error.what();
  if (!error.precondition()) {
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = text + "\n";
    return response;
  }
  const auto& row = rowOf(*error.precondition());
  const std::string name = row.name;
  const std::string ns = row.ns;
  std::string element = ns == kDavNs ? "<D:" + name + ">" + error.innerXml() + "</D:" + name + ">"
                                     : "<" + name + " xmlns=\"" + xmlEscape(ns) + "\">" + error.innerXml() + "</" +
                                           name + ">";
  response.setHeader("Content-Type", "application/xml; charset=utf-8");
  response.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\">" + element +
                  "<M:message xmlns:M=\"" + std::string(kProjectNs) + "\">" +
                  xmlEscape(text.empty() ? std::string(row.message) : text) + "</M:message></D:error>";
  return response;
}

HttpError toHttpError(const storage::StoreError& error) {
  for (const auto& mapping : kStoreMappings) {
    if (mapping.code == error.code()) return HttpError(mapping.status, error.what());
  }
  return HttpError(500, "Storage failure");
}

HttpError toHttpError(const ical::InvalidCalendar& error) {
  for (const auto& [code, precondition] : kCalendarCodes) {
    if (code == error.code()) return HttpError(precondition, error.what());
  }
  return HttpError(Precondition::ValidCalendarData, error.what());
}

HttpError toHttpError(const scheduling::RuleViolation& error) {
  // RFC 4791 §5.3.2.1: no-uid-conflict names the resource that holds the UID.
  std::string inner = error.subject().empty()
                          ? ""
                          : "<D:href xmlns:D=\"DAV:\">" + xmlEscape(hrefFor(error.subject(), false)) + "</D:href>";
  return HttpError(error.precondition(), error.what(), std::move(inner));
}

}  // namespace caldav::dav
