#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

#include <Poco/String.h>

namespace caldav::dav::methods {
namespace {

struct Transfer {
  std::string from;
  std::string to;
  bool overwrite = true;
};

// Reads Destination and Overwrite (RFC 4918 §10.3, §10.6) and checks what can be checked
// before the transaction.
Transfer parseTransfer(Context& context, bool isMove) {
  const Request& request = context.request;
  const std::string* destination = request.headers.find("Destination");
  if (!destination || destination->empty()) throw HttpError(400, "The Destination header is missing");
  Transfer transfer{context.target.path, resolveTarget(*destination).path, true};
  if (const std::string* overwrite = request.headers.find("Overwrite")) {
    std::string value = Poco::toUpper(Poco::trim(*overwrite));
    if (value != "T" && value != "F") throw HttpError(400, "Overwrite must be T or F");
    transfer.overwrite = value == "T";
  }
  if (!canWrite(context.user, transfer.to)) {
    throw HttpError(403, "You may not write to " + hrefFor(transfer.to, false));
  }
  if (transfer.from == transfer.to) throw HttpError(403, "Source and destination are the same resource");
  if (storage::isSameOrBelow(transfer.to, transfer.from)) {
    throw HttpError(403, "The destination lies inside the source collection");
  }
  requireNotFixed(transfer.to, isMove ? "MOVE onto" : "COPY onto");
  if (isMove) requireNotFixed(transfer.from, "MOVE");
  return transfer;
}

// RFC 4791 §5.3.2: COPY/MOVE into a calendar obeys the same rules as PUT, so the object
// goes through the one write path (validation, UID uniqueness, index).
void transferIntoCalendar(Context& context, storage::WriteTransaction& txn, const storage::NodeRecord& source,
                          const storage::NodeRecord& calendar, const Transfer& t, bool isMove) {
  if (source.isCollection) {
    throw HttpError(403, "Collections cannot be placed inside a calendar", {kCalDavNs, "calendar-collection-location-ok"});
  }
  std::string body = txn.readBody(source.id);
  auto object = ical::CalendarObject::parse(body);
  const auto& policy = context.writer.policy();
  object.validateAsResource(
      caldav::validationRules(txn.properties(calendar.id), context.now, policy.horizonSeconds, policy.maxInstances));
  if (isMove) txn.deleteTree(t.from, context.now);
  context.writer.put(txn, {calendar, t.to, context.user, body, object, context.now});
}

Response transfer(Context& context, bool isMove) {
  Transfer t = parseTransfer(context, isMove);
  Depth depth = parseDepth(context.request, Depth::Infinity);
  auto txn = context.store.beginWrite(lockKeysFor({t.from, t.to}));
  auto source = requireNode(*txn, t.from);
  if (source.isCollection && depth == Depth::One) throw HttpError(400, "Depth 1 is not allowed on COPY/MOVE");
  if (isMove && source.isCollection && depth != Depth::Infinity) {
    throw HttpError(400, "MOVE of a collection must have Depth: infinity");
  }
  auto existing = txn->findNode(t.to);
  if (existing && !t.overwrite) throw HttpError(412, "The destination exists and Overwrite is F");
  requireParentCollection(*txn, t.to);

  locks::LockGuard guard(context.request, *txn, context.now, t.from);
  guard.checkIfHeader();
  if (isMove) {
    guard.requireUnlocked(t.from, true);
    guard.requireMembershipUnlocked(storage::parentOf(t.from));
  }
  guard.requireUnlocked(t.to, true);
  guard.requireMembershipUnlocked(storage::parentOf(t.to));

  // RFC 4918 §9.8.4 / §9.9.3: with Overwrite T the destination is deleted first.
  if (existing) txn->deleteTree(t.to, context.now);
  auto destinationParent = txn->findNode(storage::parentOf(t.to));
  if (destinationParent && caldav::isCalendar(*destinationParent)) {
    transferIntoCalendar(context, *txn, source, *destinationParent, t, isMove);
  } else if (isMove) {
    txn->moveTree(t.from, t.to, context.now);
  } else {
    txn->copyTree(t.from, t.to, depth == Depth::Infinity, context.user, context.now);
  }
  txn->commit();
  Response response = Response::empty(existing ? 204 : 201);
  if (!existing) response.setHeader("Location", hrefFor(t.to, source.isCollection));
  return response;
}

}  // namespace

Response copy(Context& context) { return transfer(context, false); }
Response move(Context& context) { return transfer(context, true); }

}  // namespace caldav::dav::methods
