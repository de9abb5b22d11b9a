// RFC 4791 §7.10 free-busy-query: busy time of one calendar, from the instance index alone.
#include "dav/HttpError.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/FilterXml.h"
#include "dav/methods/Common.h"
#include "dav/reports/QueryCandidates.h"
#include "dav/reports/Reports.h"
#include "ical/Instances.h"
#include "scheduling/freebusy/BusyPeriods.h"

namespace caldav::dav::reports {

Response freeBusyQuery(Context& context, const xml::XmlElement& root) {
  const auto* rangeElement = root.child(kCalDavNs, "time-range");
  if (!rangeElement) throw HttpError(400, "free-busy-query needs a CALDAV:time-range");
  auto range = caldav::parseTimeRange(*rangeElement);
  if (!range.start || !range.end) throw HttpError(400, "free-busy-query needs a start and an end");
  auto txn = context.store.beginRead();
  auto calendar = methods::requireNode(*txn, context.target.path);
  if (!caldav::isCalendar(calendar)) throw HttpError(403, "free-busy-query works on calendar collections");
  auto zone = caldav::floatingZone(txn->properties(calendar.id));

  std::vector<scheduling::Period> periods;
  std::vector<scheduling::Period> tentative;
  // RFC 4791 §7.10: only opaque, not cancelled VEVENTs make time busy (the index filters).
  const storage::SpanFilter busyEvents{"VEVENT", true};
  for (const auto& row :
       txn->findInstanceSpans(calendar.path, busyEvents, *range.start - kFloatingSlack, *range.end + kFloatingSlack)) {
    auto placed = ical::resolveFloating({row.start, row.end, row.isFloating, false, false, false, ""}, zone);
    (row.isTentative ? tentative : periods).push_back({placed.start, placed.end});
  }
  // Series that go on past the indexed horizon are expanded here, as far as the range needs.
  for (const auto& node : unindexedMembers(*txn, calendar, *range.end)) {
    auto object = ical::CalendarObject::parse(txn->readBody(node.id));
    if (object.kind() != ical::ComponentKind::Event) continue;
    auto expansion = ical::expandInstances(object, *range.end + kFloatingSlack, context.writes.policy().maxInstances * 10);
    for (const auto& instance : expansion.instances) {
      if (instance.isTransparent || instance.isCancelled) continue;
      auto placed = ical::resolveFloating(instance, zone);
      (instance.isTentative ? tentative : periods).push_back({placed.start, placed.end});
    }
  }
  // RFC 4791 §7.10: STATUS:TENTATIVE time is reported as BUSY-TENTATIVE, the rest as BUSY.
  auto busy = scheduling::busyPeriods(std::move(periods), *range.start, *range.end);
  auto maybe = scheduling::busyPeriods(std::move(tentative), *range.start, *range.end);
  Response response = Response::empty(200);
  response.setHeader("Content-Type", "text/calendar; charset=utf-8");
  response.body = scheduling::freeBusyCalendar(*range.start, *range.end, busy, maybe, context.now);
  return response;
}

}  // namespace caldav::dav::reports
