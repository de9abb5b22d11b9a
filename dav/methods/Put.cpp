#include "dav/CalendarLimits.h"
#include "dav/Conditions.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarBody.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

#include <Poco/String.h>

namespace caldav::dav::methods {
namespace {

// RFC 4791 §5.3.2.1: what a calendar collection accepts, checked before the transaction.
scheduling::PreparedObject prepareCalendarBody(const Context& context, const scheduling::CalendarSettings& calendar) {
  const Request& request = context.request;
  const std::string* contentType = request.headers.find("Content-Type");
  if (!contentType || Poco::toLower(*contentType).find("text/calendar") == std::string::npos) {
    throw HttpError(Precondition::SupportedCalendarData, "A calendar accepts only text/calendar");
  }
  if (request.body.size() > kMaxResourceBytes) {
    throw HttpError(Precondition::MaxResourceSize,
                    "The calendar object is larger than " + std::to_string(kMaxResourceBytes) + " bytes");
  }
  caldav::requireSupportedCharset(*contentType, request.body);
  auto prepared = context.writes.prepare(request.body, calendar, context.now);
  caldav::logRepairs(request, prepared.object);  // the repairs of docs/ical.md, if any
  return prepared;
}

}  // namespace

Response put(Context& context) {
  const Request& request = context.request;
  // RFC 9110 §14.5: a server that does not support partial PUT must refuse Content-Range.
  if (request.headers.has("Content-Range")) throw HttpError(400, "Partial PUT (Content-Range) is not supported");
  const std::string& path = context.target.path;
  requireNotFixed(path, "PUT");

  auto intent = writeIntent(context, scheduling::WriteMethod::Put, path);
  // Parse, validate and index before the write transaction: the parent's kind decides how.
  bool isCalendarBody = false;
  {
    auto read = context.store.beginRead();
    auto parent = read->findNode(storage::parentOf(path));
    auto calendar = parent ? context.writes.calendarOf(*read, *parent, context.now) : std::nullopt;
    if (calendar) {
      intent.object = prepareCalendarBody(context, *calendar);
      isCalendarBody = true;
    }
  }
  if (!isCalendarBody) {
    const std::string* contentType = request.headers.find("Content-Type");
    intent.body = request.body;
    intent.contentType = contentType ? *contentType : "application/octet-stream";
  }

  auto session = context.writes.begin(std::move(intent));
  const auto& facts = session.facts();
  if (facts.target && facts.target->isCollection) throw HttpError(405, "PUT is not allowed on a collection");
  if (!facts.parent || !facts.parent->isCollection) {
    throw HttpError(409, "The parent collection " + hrefFor(storage::parentOf(path), true) + " does not exist");
  }
  if (facts.calendar.has_value() != isCalendarBody) {
    throw HttpError(409, "The parent collection changed while the request was read; retry");
  }
  checkEtagConditions(request, facts.target);
  checkScheduleTagCondition(request, session.transaction(), facts.target);
  locks::LockGuard guard(request, session.transaction(), context.now, path);
  guard.checkIfHeader();
  guard.requireUnlocked(path, false);
  if (!facts.target) guard.requireMembershipUnlocked(storage::parentOf(path));
  const bool existed = facts.target.has_value();
  auto outcome = session.commit();
  // The write path may have completed or changed the body (repairs, default-duration,
  // excluded occurrences): the stored text is in the intent.
  const bool isStoredAsSent = !isCalendarBody || session.intent().object->body == request.body;

  // RFC 4918 §9.7.1: 201 when created, 204 when replaced (never 200: python caldav resends).
  Response response = Response::empty(existed ? 204 : 201);
  // RFC 4791 §5.3.4: an ETag only if the stored body is the request's, byte for byte (the
  // write path may have completed it: a booking calendar's default-duration).
  if (isStoredAsSent) response.setHeader("ETag", outcome.stored->etag);
  // conflict-mode "exclude" (docs/booking-rules.md): which occurrences were left out.
  if (!outcome.excludedOccurrences.empty()) {
    std::string excluded;
    for (const auto& id : outcome.excludedOccurrences) excluded += (excluded.empty() ? "" : ", ") + id;
    response.setHeader("Caldavd-Excluded-Occurrences", excluded);
  }
  // RFC 6638 §3.2.10: the tag a client sends back in If-Schedule-Tag-Match.
  if (!outcome.scheduleTag.empty()) response.setHeader("Schedule-Tag", outcome.scheduleTag);
  response.setHeader("Last-Modified", httpDate(outcome.stored->modifiedAt));
  return response;
}

}  // namespace caldav::dav::methods
