#include "dav/reports/ObjectAnswer.h"

#include "dav/Namespaces.h"
#include "dav/caldav/CalendarData.h"
#include "dav/caldav/CalendarSettings.h"
#include "storage/CanonicalPath.h"

#include <algorithm>

namespace caldav::dav::reports {

ObjectAnswer::ObjectAnswer(const Context& context, storage::ReadTransaction& txn,
                           const properties::PropertyRequest& request,
                           std::shared_ptr<const ical::FloatingZone> zoneOverride)
    : context_(context), txn_(txn), request_(request), zoneOverride_(std::move(zoneOverride)) {
  const bool isProp = request.kind == properties::PropertyRequest::Kind::Prop;
  for (std::size_t i = 0; isProp && i < request.names.size(); ++i) {
    if (request.names[i].ns == kCalDavNs && request.names[i].name == "calendar-data" && !dataElement_) {
      dataElement_ = request.elements[i];
      dataRequest_ = caldav::parseCalendarDataRequest(*dataElement_);
    }
  }
  wantsCalendarData_ = dataElement_ != nullptr;
  if (dataRequest_ && dataRequest_->expand) {
    auto [start, end] = caldav::rangeBounds(*dataRequest_->expand);
    indexedExpansion_.emplace(txn, start, end);
  }
  // The usual client request (getetag + calendar-data) needs no dead-property read at all.
  needsDeadProperties_ = properties::needsDeadProperties(request);
}

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

namespace {

std::vector<std::int64_t> objectIds(const std::vector<const storage::NodeRecord*>& nodes) {
  std::vector<std::int64_t> ids;
  ids.reserve(nodes.size());
  for (const auto* node : nodes) {
    if (!node->isCollection) ids.push_back(node->id);
  }
  return ids;
}

std::vector<const storage::NodeRecord*> pointersTo(const std::vector<storage::NodeRecord>& nodes) {
  std::vector<const storage::NodeRecord*> pointers;
  pointers.reserve(nodes.size());
  for (const auto& node : nodes) pointers.push_back(&node);
  return pointers;
}

}  // namespace

void ObjectAnswer::preload(const std::vector<const storage::NodeRecord*>& nodes, bool withBodies) {
  const auto ids = objectIds(nodes);
  loadProperties(ids);
  bodies_.clear();
  if (withBodies || wantsCalendarData_) bodies_ = txn_.readBodies(ids);
}

void ObjectAnswer::loadProperties(const std::vector<std::int64_t>& ids) {
  dead_.clear();
  if (needsDeadProperties_) dead_ = txn_.propertiesOf(ids);
  loaded_ = ids;
  std::sort(loaded_.begin(), loaded_.end());
}

std::vector<storage::NodeRecord> ObjectAnswer::loadByPaths(const std::vector<std::string>& paths) {
  bodies_.clear();
  auto nodes = wantsCalendarData_ ? txn_.findNodes(paths, bodies_) : txn_.findNodes(paths);
  loadProperties(objectIds(pointersTo(nodes)));
  return nodes;
}

std::vector<storage::NodeRecord> ObjectAnswer::loadByIds(const std::vector<std::int64_t>& ids, bool withBodies) {
  bodies_.clear();
  auto nodes = withBodies || wantsCalendarData_ ? txn_.findNodesByIds(ids, bodies_) : txn_.findNodesByIds(ids);
  loadProperties(objectIds(pointersTo(nodes)));
  return nodes;
}

const std::string& ObjectAnswer::body(const storage::NodeRecord& node) {
  auto it = bodies_.find(node.id);
  if (it == bodies_.end()) it = bodies_.emplace(node.id, txn_.readBody(node.id)).first;
  return it->second;
}

void ObjectAnswer::describe(const storage::NodeRecord& node, xml::Multistatus& out) {
  auto extra = [this](const storage::NodeRecord& described, const xml::XmlElement& requested, std::string& xml) {
    if (!requested.is(kCalDavNs, "calendar-data") || described.isCollection) return false;
    // The request's calendar-data element, parsed once (a second one is parsed here).
    std::optional<caldav::CalendarDataRequest> other;
    const auto& dataRequest =
        &requested == dataElement_ ? *dataRequest_ : other.emplace(caldav::parseCalendarDataRequest(requested));
    static const auto kUtc = ical::FloatingZone::utc();
    const auto& zone = dataRequest.needsParsing() ? zoneFor(storage::parentOf(described.path)) : kUtc;
    // The request's own expand can be answered from the instance index (read once per calendar).
    const auto* indexed = &requested == dataElement_ && indexedExpansion_ ? indexedExpansion_->instancesOf(described, zone)
                                                                         : nullptr;
    caldav::appendCalendarData(dataRequest, body(described), zone, xml, indexed);
    return true;
  };
  static const std::vector<storage::DeadProperty> kNone;
  if (std::binary_search(loaded_.begin(), loaded_.end(), node.id)) {
    auto it = dead_.find(node.id);
    properties::describeNode(context_, txn_, node, it == dead_.end() ? kNone : it->second, request_, out, extra);
  } else {
    properties::describeNode(context_, txn_, node, txn_.properties(node.id), request_, out, extra);
  }
}

}  // namespace caldav::dav::reports
