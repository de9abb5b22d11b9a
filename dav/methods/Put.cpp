#include "dav/CalendarLimits.h"
#include "dav/Conditions.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarBody.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

#include <Poco/String.h>

namespace caldav::dav::methods {
namespace {

// RFC 4791 §5.3.2.1: what a calendar collection accepts, checked before the transaction.
ical::CalendarObject parseCalendarBody(const Context& context, const std::vector<storage::DeadProperty>& calendarProperties) {
  const Request& request = context.request;
  const std::string* contentType = request.headers.find("Content-Type");
  if (!contentType || Poco::toLower(*contentType).find("text/calendar") == std::string::npos) {
    throw HttpError(403, "A calendar accepts only text/calendar", {kCalDavNs, "supported-calendar-data"});
  }
  if (request.body.size() > kMaxResourceBytes) {
    throw HttpError(403, "The calendar object is larger than " + std::to_string(kMaxResourceBytes) + " bytes",
                    {kCalDavNs, "max-resource-size"});
  }
  auto object = caldav::parseForStorage(request, context.now);  // charset, bytes, repairs (docs/ical.md)
  const auto& policy = context.writer.policy();
  object.validateAsResource(
      caldav::validationRules(calendarProperties, context.now, policy.horizonSeconds, policy.maxInstances));
  return object;
}

}  // namespace

Response put(Context& context) {
  const Request& request = context.request;
  // RFC 9110 §14.5: a server that does not support partial PUT must refuse Content-Range.
  if (request.headers.has("Content-Range")) throw HttpError(400, "Partial PUT (Content-Range) is not supported");
  const std::string& path = context.target.path;
  const std::string parentPath = storage::parentOf(path);
  requireNotFixed(path, "PUT");

  // Parse and validate before the write transaction (the parent's kind decides the rules).
  std::optional<storage::NodeRecord> calendar;
  std::optional<ical::CalendarObject> object;
  {
    auto read = context.store.beginRead();
    calendar = read->findNode(parentPath);
    if (calendar && caldav::isCalendar(*calendar)) {
      object = parseCalendarBody(context, read->properties(calendar->id));
    } else {
      calendar.reset();
    }
  }

  auto txn = beginWriteFor(context);
  auto existing = txn->findNode(path);
  if (existing && existing->isCollection) throw HttpError(405, "PUT is not allowed on a collection");
  if (!existing) requireParentCollection(*txn, path);
  auto parentNow = txn->findNode(parentPath);
  if (parentNow && caldav::isCalendar(*parentNow) != calendar.has_value()) {
    throw HttpError(409, "The parent collection changed while the request was read; retry");
  }
  checkEtagConditions(request, existing);
  locks::LockGuard guard(request, *txn, context.now, path);
  guard.checkIfHeader();
  guard.requireUnlocked(path, false);
  if (!existing) guard.requireMembershipUnlocked(parentPath);

  storage::NodeRecord stored;
  if (object) {
    const std::string& body = object->isRepaired() ? object->repairedText() : request.body;
    stored = context.writer.put(*txn, {*parentNow, path, context.user, body, *object, context.now});
  } else {
    const std::string* contentType = request.headers.find("Content-Type");
    stored = txn->putResource(path, context.user, request.body, contentType ? *contentType : "application/octet-stream",
                              context.now);
  }
  txn->commit();

  // RFC 4918 §9.7.1: 201 when created, 204 when replaced (never 200: python caldav resends).
  Response response = Response::empty(existing ? 204 : 201);
  // RFC 4791 §5.3.4: the ETag only if the stored body is the request's, byte for byte (not repaired).
  if (!object || !object->isRepaired()) response.setHeader("ETag", stored.etag);
  response.setHeader("Last-Modified", httpDate(stored.modifiedAt));
  return response;
}

}  // namespace caldav::dav::methods
