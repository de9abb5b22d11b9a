#pragma once

#include "dav/Context.h"
#include "dav/caldav/CalendarData.h"
#include "dav/properties/PropertyRequest.h"
#include "dav/reports/IndexedExpansion.h"
#include "dav/xml/Multistatus.h"
#include "ical/FloatingZone.h"
#include "storage/Store.h"

#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace caldav::dav::reports {

// Describes calendar object resources in a REPORT answer: their properties plus
// CALDAV:calendar-data (RFC 4791 §9.6), with floating times placed in the zone of the
// calendar that holds each object (or in `zoneOverride`, a query's CALDAV:timezone).
class ObjectAnswer {
 public:
  // Objects per preload() call the callers use: bounds the bodies held in memory at once.
  static constexpr std::size_t kBatch = 256;

  ObjectAnswer(const Context& context, storage::ReadTransaction& txn, const properties::PropertyRequest& request,
               std::shared_ptr<const ical::FloatingZone> zoneOverride = nullptr);

  // Reads the dead properties of `nodes`, and their bodies when `withBodies` or when the
  // request asks for calendar-data, with a few batched queries instead of one per object.
  // Replaces what the previous call loaded; describe() and body() fall back to single
  // reads for nodes not loaded.
  void preload(const std::vector<const storage::NodeRecord*>& nodes, bool withBodies = false);
  // Reads the nodes at `paths` / with `ids` (in that order, absent ones skipped) and loads
  // for them what preload() would, the bodies coming with the node rows (one lookup per
  // node instead of two).
  std::vector<storage::NodeRecord> loadByPaths(const std::vector<std::string>& paths);
  std::vector<storage::NodeRecord> loadByIds(const std::vector<std::int64_t>& ids, bool withBodies = false);

  const std::string& body(const storage::NodeRecord& node);
  // What the index holds for the request's CALDAV:expand, if it asks for one.
  IndexedExpansion* indexedExpansion() { return indexedExpansion_ ? &*indexedExpansion_ : nullptr; }
  void describe(const storage::NodeRecord& node, xml::Multistatus& out);

 private:
  const ical::FloatingZone& zoneFor(const std::string& calendarPath);
  // Loads the dead properties (when the request needs them) of the objects `ids`.
  void loadProperties(const std::vector<std::int64_t>& ids);

  const Context& context_;
  storage::ReadTransaction& txn_;
  const properties::PropertyRequest& request_;
  bool wantsCalendarData_ = false;
  const xml::XmlElement* dataElement_ = nullptr;            // the requested CALDAV:calendar-data
  std::optional<caldav::CalendarDataRequest> dataRequest_;  // ... parsed once for all objects
  bool needsDeadProperties_ = true;
  std::shared_ptr<const ical::FloatingZone> zoneOverride_;
  std::optional<IndexedExpansion> indexedExpansion_;  // for a CALDAV:expand request
  std::map<std::string, std::shared_ptr<const ical::FloatingZone>> zones_;
  std::unordered_map<std::int64_t, std::string> bodies_;
  std::unordered_map<std::int64_t, std::vector<storage::DeadProperty>> dead_;
  std::vector<std::int64_t> loaded_;  // ids whose dead properties are in dead_, sorted
};

}  // namespace caldav::dav::reports
