#include "dav/HttpError.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

namespace caldav::dav::methods {

Response mkcol(Context& context) {
  const std::string& path = context.target.path;
  // RFC 4918 §9.3: a body we do not understand is 415.
  if (!context.request.body.empty()) throw HttpError(415, "MKCOL with a request body is not supported");
  auto txn = beginWriteFor(context);
  if (txn->findNode(path)) throw HttpError(405, "Something already exists at this URL");
  requireNotFixed(path, "MKCOL");
  requireParentCollection(*txn, path);
  locks::LockGuard guard(context.request, *txn, context.now, path);
  guard.checkIfHeader();
  guard.requireUnlocked(path, false);
  guard.requireMembershipUnlocked(storage::parentOf(path));
  txn->createCollection(path, "", context.user, context.now);
  txn->commit();
  return Response::empty(201);
}

}  // namespace caldav::dav::methods
