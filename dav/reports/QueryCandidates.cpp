#include "dav/reports/QueryCandidates.h"

#include "ical/Instances.h"
#include "storage/CanonicalPath.h"

#include <algorithm>
#include <limits>
#include <set>

namespace caldav::dav::reports {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min() / 2;
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 2;

bool isPlainTimeRange(const ical::CompFilter& filter) {
  return filter.timeRange && !filter.isNotDefined && filter.propFilters.empty() && filter.compFilters.empty();
}

}  // namespace

QueryPlan planQuery(const ical::CompFilter& vcalendar) {
  QueryPlan plan;
  if (vcalendar.isNotDefined || vcalendar.timeRange || !vcalendar.propFilters.empty() ||
      vcalendar.compFilters.size() != 1) {
    return plan;
  }
  const auto& component = vcalendar.compFilters.front();
  if (component.isNotDefined) return plan;
  plan.componentType = component.name;
  plan.timeRange = component.timeRange;
  plan.isIndexExact = isPlainTimeRange(component) && (component.name == "VEVENT" || component.name == "VTODO");
  return plan;
}

std::vector<storage::NodeRecord> unindexedMembers(storage::ReadTransaction& txn, const storage::NodeRecord& calendar,
                                                  std::int64_t rangeEnd) {
  std::vector<storage::NodeRecord> out;
  for (auto& node : txn.objectsIndexedBefore(rangeEnd, std::numeric_limits<std::int32_t>::max())) {
    if (storage::parentOf(node.path) == calendar.path) out.push_back(std::move(node));
  }
  return out;
}

std::vector<Candidate> queryCandidates(storage::ReadTransaction& txn, const storage::NodeRecord& calendar,
                                       const QueryPlan& plan, const ical::FloatingZone& zone,
                                       const std::vector<storage::InstanceRecord>* rows) {
  std::vector<Candidate> out;
  if (!plan.timeRange) {
    for (auto& node : txn.listChildren(calendar.path)) {
      if (!node.isCollection) out.push_back({std::move(node), false});
    }
    return out;
  }
  std::int64_t start = plan.timeRange->start.value_or(kMin);
  std::int64_t end = plan.timeRange->end.value_or(kMax);
  // Instances from the index; an exact plan decides per instance (RFC 4791 §9.9). Collected
  // as (object, overlaps) pairs, then sorted and merged per object.
  std::vector<std::pair<std::int64_t, bool>> spans;
  const storage::SpanFilter ofType{plan.componentType, false};
  std::vector<storage::InstanceRecord> read;
  if (!rows) {
    read = txn.findInstanceSpans(calendar.path, ofType, start - kFloatingSlack, end + kFloatingSlack);
    rows = &read;
  }
  for (const auto& row : *rows) {
    if (!ofType.componentType.empty() && row.componentType != ofType.componentType) continue;
    auto placed = ical::resolveFloating({row.start, row.end, row.isFloating, false, false, false, ""}, zone);
    bool overlaps = ical::overlapsRange(placed.start, placed.end, start, end);
    if (plan.isIndexExact && !overlaps) continue;
    spans.emplace_back(row.nodeId, overlaps);
  }
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<std::int64_t, bool>> matchById;  // by id: whether an instance overlaps
  for (const auto& [id, overlaps] : spans) {
    if (!matchById.empty() && matchById.back().first == id) {
      matchById.back().second = matchById.back().second || overlaps;
    } else {
      matchById.emplace_back(id, overlaps);
    }
  }
  const auto isMatched = [&matchById](std::int64_t id) {
    auto it = std::lower_bound(matchById.begin(), matchById.end(), std::make_pair(id, false));
    return it != matchById.end() && it->first == id;
  };
  // Objects whose recurrence continues past their indexed horizon can match beyond it:
  // they are candidates to evaluate in full.
  std::set<std::int64_t> unindexed;
  for (const auto& node : unindexedMembers(txn, calendar, end)) unindexed.insert(node.id);
  out.reserve(matchById.size() + unindexed.size());
  for (const auto& [id, match] : matchById) {
    storage::NodeRecord node;
    node.id = id;
    out.push_back({std::move(node), plan.isIndexExact && !unindexed.count(id), false});
  }
  for (auto id : unindexed) {
    if (isMatched(id)) continue;
    storage::NodeRecord node;
    node.id = id;
    out.push_back({std::move(node), false, false});
  }
  return out;
}

}  // namespace caldav::dav::reports
