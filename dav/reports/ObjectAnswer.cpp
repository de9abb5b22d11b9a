#include "dav/reports/ObjectAnswer.h"

#include "dav/Namespaces.h"
#include "dav/caldav/CalendarData.h"
#include "dav/caldav/CalendarSettings.h"
#include "storage/CanonicalPath.h"

namespace caldav::dav::reports {

const ical::FloatingZone& ObjectAnswer::zoneFor(const std::string& calendarPath) {
  if (zoneOverride_) return *zoneOverride_;
  auto& zone = zones_[calendarPath];
  if (!zone) {
    auto calendar = txn_.findNode(calendarPath);
    auto dead = calendar ? txn_.properties(calendar->id) : std::vector<storage::DeadProperty>{};
    zone = std::make_shared<const ical::FloatingZone>(caldav::floatingZone(dead));
  }
  return *zone;
}

void ObjectAnswer::describe(const storage::NodeRecord& node, const properties::PropertyRequest& request,
                            xml::Multistatus& out) {
  auto extra = [this](const storage::NodeRecord& described, const xml::XmlElement& requested) -> std::optional<std::string> {
    if (!requested.is(kCalDavNs, "calendar-data") || described.isCollection) return std::nullopt;
    auto dataRequest = caldav::parseCalendarDataRequest(requested);
    return caldav::renderCalendarData(dataRequest, txn_.readBody(described.id), zoneFor(storage::parentOf(described.path)));
  };
  properties::describeNode(context_, txn_, node, txn_.properties(node.id), request, out, extra);
}

}  // namespace caldav::dav::reports
