#include "dav/Conditions.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

namespace caldav::dav::methods {

Response del(Context& context) {
  const std::string& path = context.target.path;
  requireNotFixed(path, "DELETE");
  auto txn = beginWriteFor(context);
  auto node = requireNode(*txn, path);
  checkEtagConditions(context.request, node);
  locks::LockGuard guard(context.request, *txn, context.now, path);
  guard.checkIfHeader();
  // RFC 4918 §9.6.1: deleting a collection acts on every member, so every lock below counts.
  guard.requireUnlocked(path, node.isCollection);
  guard.requireMembershipUnlocked(storage::parentOf(path));
  txn->deleteTree(path, context.now);
  txn->commit();
  return Response::empty(204);
}

}  // namespace caldav::dav::methods
