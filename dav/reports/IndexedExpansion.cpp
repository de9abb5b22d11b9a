#include "dav/reports/IndexedExpansion.h"

#include "dav/reports/QueryCandidates.h"
#include "ical/Instances.h"
#include "storage/CanonicalPath.h"

#include <algorithm>

namespace caldav::dav::reports {

IndexedExpansion::IndexedExpansion(storage::ReadTransaction& txn, std::int64_t start, std::int64_t end,
                                   std::size_t maxInstances)
    : txn_(txn), start_(start), end_(end), maxInstances_(maxInstances) {}

const IndexedExpansion::Calendar& IndexedExpansion::calendar(const std::string& path) {
  auto [it, isNew] = calendars_.try_emplace(path);
  Calendar& calendar = it->second;
  if (!isNew) return calendar;
  auto calendarNode = txn_.findNode(path);
  if (!calendarNode) {
    calendar.isUsable = false;
    return calendar;
  }
  calendar.rows = txn_.findInstances(path, start_ - kFloatingSlack, end_ + kFloatingSlack, maxInstances_ + 1);
  if (calendar.rows.size() > maxInstances_) {
    calendar.rows = {};
    calendar.isUsable = false;
    return calendar;
  }
  // Objects whose recurrence goes on past their indexed horizon, which ends before the range does.
  for (const auto& node : unindexedMembers(txn_, *calendarNode, end_ + kFloatingSlack)) {
    calendar.unindexed.push_back(node.id);
  }
  std::sort(calendar.unindexed.begin(), calendar.unindexed.end());
  return calendar;
}

const std::vector<storage::InstanceRecord>* IndexedExpansion::rowsFor(const std::string& path, std::int64_t start,
                                                                       std::int64_t end) {
  if (start != start_ || end != end_) return nullptr;
  const Calendar& held = calendar(path);
  return held.isUsable ? &held.rows : nullptr;
}

const std::vector<ical::IndexedInstance>* IndexedExpansion::instancesOf(const storage::NodeRecord& node,
                                                                       const ical::FloatingZone& zone) {
  const Calendar& held = calendar(storage::parentOf(node.path));
  if (!held.isUsable || std::binary_search(held.unindexed.begin(), held.unindexed.end(), node.id)) return nullptr;
  const auto first = std::lower_bound(held.rows.begin(), held.rows.end(), node.id,
                                      [](const storage::InstanceRecord& row, std::int64_t id) { return row.nodeId < id; });
  if (first == held.rows.end() || first->nodeId != node.id) return nullptr;
  selected_.clear();
  for (auto row = first; row != held.rows.end() && row->nodeId == node.id; ++row) {
    if (row->source < 0) return nullptr;
    const auto placed = ical::resolveFloating({row->start, row->end, row->isFloating, false, false, false, ""}, zone);
    if (!ical::overlapsRange(placed.start, placed.end, start_, end_)) continue;
    selected_.push_back({row->start, row->end, row->recurrenceId, row->source});
  }
  return &selected_;
}

}  // namespace caldav::dav::reports
