#include "dav/ErrorMapping.h"

#include "dav/Href.h"

namespace caldav::dav {
namespace {

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

struct CalendarMapping {
  ical::InvalidCalendar::Code code;
  int status;
  const char* ns;
  const char* name;
};

// RFC 4791 §5.3.2.1 preconditions of PUT/COPY/MOVE into a calendar collection.
constexpr CalendarMapping kCalendarMappings[] = {
    {ical::InvalidCalendar::Code::ValidCalendarData, 403, kCalDavNs, "valid-calendar-data"},
    {ical::InvalidCalendar::Code::ValidCalendarObjectResource, 403, kCalDavNs, "valid-calendar-object-resource"},
    {ical::InvalidCalendar::Code::SupportedCalendarComponent, 403, kCalDavNs, "supported-calendar-component"},
    {ical::InvalidCalendar::Code::MinDateTime, 403, kCalDavNs, "min-date-time"},
    {ical::InvalidCalendar::Code::MaxDateTime, 403, kCalDavNs, "max-date-time"},
    {ical::InvalidCalendar::Code::TooManyInstances, 403, kProjectNs, "too-many-instances"},
};

}  // namespace

Response errorResponse(const HttpError& error) {
  Response response;
  response.status = error.status();
  if (error.status() == 304) return response;  // RFC 9110 §15.4.5: no content
  if (error.condition().empty()) {
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = std::string(error.what()) + "\n";
    return response;
  }
  const auto& condition = error.condition();
  std::string element = condition.ns == kDavNs
                            ? "<D:" + condition.name + ">" + condition.innerXml + "</D:" + condition.name + ">"
                            : "<" + condition.name + " xmlns=\"" + xmlEscape(condition.ns) + "\">" +
                                  condition.innerXml + "</" + condition.name + ">";
  response.setHeader("Content-Type", "application/xml; charset=utf-8");
  response.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\">" + element +
                  "<M:message xmlns:M=\"" + std::string(kProjectNs) + "\">" + xmlEscape(error.what()) +
                  "</M:message></D:error>";
  return response;
}

HttpError toHttpError(const storage::StoreError& error) {
  for (const auto& mapping : kStoreMappings) {
    if (mapping.code == error.code()) return HttpError(mapping.status, error.what());
  }
  return HttpError(500, "Storage failure");
}

}  // namespace caldav::dav

namespace caldav::dav {

HttpError toHttpError(const ical::InvalidCalendar& error) {
  for (const auto& mapping : kCalendarMappings) {
    if (mapping.code == error.code()) return HttpError(mapping.status, error.what(), {mapping.ns, mapping.name});
  }
  return HttpError(403, error.what(), {kCalDavNs, "valid-calendar-data"});
}

HttpError toHttpError(const scheduling::RuleViolation& error) {
  switch (error.code()) {
    case scheduling::RuleViolation::Code::UidConflict:
      // The condition names the resource that holds the UID (RFC 4791 §5.3.2.1).
      return HttpError(409, error.what(),
                       {kCalDavNs, "no-uid-conflict", "<D:href xmlns:D=\"DAV:\">" + xmlEscape(hrefFor(error.subject(), false)) + "</D:href>"});
    case scheduling::RuleViolation::Code::NotACalendarObject:
      return HttpError(403, error.what(), {kCalDavNs, "valid-calendar-object-resource"});
  }
  return HttpError(403, error.what());
}

}  // namespace caldav::dav
