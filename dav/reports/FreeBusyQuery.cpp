// RFC 4791 §7.10 free-busy-query: busy time of one calendar, or of every calendar of a
// calendar home (Depth 1 or infinity, §7.2), from the instance index, the stored VFREEBUSY
// components and the VAVAILABILITY components (RFC 7953 §4). Only FREEBUSY periods are
// answered: nothing of the events (SUMMARY, UID, ...) leaves the server.
#include "dav/FreeBusyAccess.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/FilterXml.h"
#include "dav/methods/Common.h"
#include "dav/reports/BusyTime.h"
#include "dav/reports/Reports.h"

namespace caldav::dav::reports {

Response freeBusyQuery(Context& context, const xml::XmlElement& root) {
  const auto* rangeElement = root.child(kCalDavNs, "time-range");
  if (!rangeElement) throw HttpError(400, "free-busy-query needs a CALDAV:time-range");
  auto range = caldav::parseTimeRange(*rangeElement);
  if (!range.start || !range.end) throw HttpError(400, "free-busy-query needs a start and an end");
  const Depth depth = parseDepth(context.request, Depth::Zero);
  auto txn = context.store.beginRead();
  // RFC 4791 §6.1.1 CALDAV:read-free-busy: the owner, grantees, everyone for bookable principals.
  requireFreeBusyAccess(context.permissions, *txn, context.target.path);
  auto target = methods::requireNode(*txn, context.target.path);
  if (!target.isCollection) throw HttpError(403, "free-busy-query works on calendar collections");
  // A calendar answers for its members whatever the Depth; a calendar home (any collection
  // above calendars) for its calendars with Depth 1 or infinity (RFC 4791 §7.2, §7.10).
  std::vector<storage::NodeRecord> calendars;
  const bool isHome = !caldav::isCalendar(target);
  if (!isHome) {
    calendars.push_back(std::move(target));
  } else if (depth != Depth::Zero) {
    for (auto& child : txn->listChildren(target.path)) {
      if (caldav::isCalendar(child) && canReadFreeBusy(context.permissions, *txn, child.path)) {
        calendars.push_back(std::move(child));
      }
    }
  }
  Response response = Response::empty(200);
  response.setHeader("Content-Type", "text/calendar; charset=utf-8");
  response.body = scheduling::freeBusyText(busyTime(context, *txn, calendars, isHome, *range.start, *range.end));
  return response;
}

}  // namespace caldav::dav::reports
