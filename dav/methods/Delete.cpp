#include "dav/Conditions.h"
#include "dav/HttpError.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

namespace caldav::dav::methods {

Response del(Context& context) {
  const std::string& path = context.target.path;
  requireNotFixed(path, "DELETE");
  auto session = context.writes.begin(writeIntent(context, scheduling::WriteMethod::Delete, path));
  const auto& node = session.facts().target;
  if (!node) throw HttpError(404, "No resource at " + hrefFor(path, false));
  checkEtagConditions(context.request, node);
  checkScheduleTagCondition(context.request, session.transaction(), node);
  locks::LockGuard guard(context.request, session.transaction(), context.now, path);
  guard.checkIfHeader();
  // RFC 4918 §9.6.1: deleting a collection acts on every member, so every lock below counts.
  guard.requireUnlocked(path, node->isCollection);
  guard.requireMembershipUnlocked(storage::parentOf(path));
  session.commit();
  return Response::empty(204);
}

}  // namespace caldav::dav::methods
