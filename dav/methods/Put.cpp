#include "dav/Conditions.h"
#include "dav/HttpError.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

namespace caldav::dav::methods {

Response put(Context& context) {
  const Request& request = context.request;
  // RFC 9110 §14.5: a server that does not support partial PUT must refuse Content-Range.
  if (request.headers.has("Content-Range")) throw HttpError(400, "Partial PUT (Content-Range) is not supported");
  const std::string& path = context.target.path;
  requireNotFixed(path, "PUT");
  const std::string* contentType = request.headers.find("Content-Type");

  auto txn = beginWriteFor(context);
  auto existing = txn->findNode(path);
  if (existing && existing->isCollection) throw HttpError(405, "PUT is not allowed on a collection");
  if (!existing) requireParentCollection(*txn, path);
  checkEtagConditions(request, existing);
  locks::LockGuard guard(request, *txn, context.now, path);
  guard.checkIfHeader();
  guard.requireUnlocked(path, false);
  if (!existing) guard.requireMembershipUnlocked(storage::parentOf(path));

  auto stored = txn->putResource(path, context.user, request.body,
                                 contentType ? *contentType : "application/octet-stream", context.now);
  txn->commit();

  // RFC 4918 §9.7.1: 201 when created, 204 when an existing resource was replaced.
  Response response = Response::empty(existing ? 204 : 201);
  response.setHeader("ETag", stored.etag);
  response.setHeader("Last-Modified", httpDate(stored.modifiedAt));
  return response;
}

}  // namespace caldav::dav::methods
