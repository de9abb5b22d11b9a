#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
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
  if (!context.permissions.canWrite(transfer.to)) {
    throw HttpError(403, "You may not write to " + hrefFor(transfer.to, false));
  }
  if (transfer.from == transfer.to) throw HttpError(403, "Source and destination are the same resource");
  if (storage::isSameOrBelow(transfer.to, transfer.from)) {
    throw HttpError(403, "The destination lies inside the source collection");
  }
  requireNotFixed(transfer.to, isMove ? "MOVE onto" : "COPY onto");
  requireBindable(transfer.to);
  if (isMove) requireNotFixed(transfer.from, "MOVE");
  return transfer;
}

Response transfer(Context& context, bool isMove) {
  Transfer t = parseTransfer(context, isMove);
  Depth depth = parseDepth(context.request, Depth::Infinity);
  auto intent = writeIntent(context, isMove ? scheduling::WriteMethod::Move : scheduling::WriteMethod::Copy, t.to, t.from);
  intent.deep = depth == Depth::Infinity;
  auto session = context.writes.begin(std::move(intent));
  const auto& facts = session.facts();
  if (!facts.source) throw HttpError(404, "No resource at " + hrefFor(t.from, false));
  const auto& source = *facts.source;
  if (source.isCollection && depth == Depth::One) throw HttpError(400, "Depth 1 is not allowed on COPY/MOVE");
  if (isMove && source.isCollection && depth != Depth::Infinity) {
    throw HttpError(400, "MOVE of a collection must have Depth: infinity");
  }
  const bool existed = facts.target.has_value();
  if (existed && !t.overwrite) throw HttpError(412, "The destination exists and Overwrite is F");
  if (!facts.parent || !facts.parent->isCollection) {
    throw HttpError(409, "The parent collection " + hrefFor(storage::parentOf(t.to), true) + " does not exist");
  }

  locks::LockGuard guard(context.request, session.transaction(), context.now, t.from);
  guard.checkIfHeader();
  if (isMove) {
    guard.requireUnlocked(t.from, true);
    guard.requireMembershipUnlocked(storage::parentOf(t.from));
  }
  guard.requireUnlocked(t.to, true);
  guard.requireMembershipUnlocked(storage::parentOf(t.to));
  // Into a calendar the object obeys the rules of PUT (RFC 4791 §5.3.2), all checked
  // before anything at the destination is deleted.
  session.commit();
  Response response = Response::empty(existed ? 204 : 201);
  if (!existed) response.setHeader("Location", hrefFor(t.to, source.isCollection));
  return response;
}

}  // namespace

Response copy(Context& context) { return transfer(context, false); }
Response move(Context& context) { return transfer(context, true); }

}  // namespace caldav::dav::methods
