#include "dav/reports/QueryCandidates.h"

#include "ical/Instances.h"
#include "storage/CanonicalPath.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace caldav::dav::reports {
namespace {

// Floating instances are stored as wall-clock time; any zone is within ±14 h of UTC.
constexpr std::int64_t kFloatingSlack = 14 * 3600;
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
                                       const QueryPlan& plan, const ical::FloatingZone& zone) {
  std::vector<Candidate> out;
  if (!plan.timeRange) {
    for (auto& node : txn.listChildren(calendar.path)) {
      if (!node.isCollection) out.push_back({std::move(node), false});
    }
    return out;
  }
  std::int64_t start = plan.timeRange->start.value_or(kMin);
  std::int64_t end = plan.timeRange->end.value_or(kMax);
  // Instances from the index; an exact plan decides per instance (RFC 4791 §9.9).
  std::map<std::int64_t, bool> matchById;
  const storage::SpanFilter ofType{plan.componentType, false};
  for (const auto& row : txn.findInstanceSpans(calendar.path, ofType, start - kFloatingSlack, end + kFloatingSlack)) {
    auto placed = ical::resolveFloating({row.start, row.end, row.isFloating, false, false, false, ""}, zone);
    bool overlaps = ical::overlapsRange(placed.start, placed.end, start, end);
    if (plan.isIndexExact && !overlaps) continue;
    matchById[row.nodeId] = matchById[row.nodeId] || overlaps;
  }
  // Objects whose recurrence continues past their indexed horizon can match beyond it:
  // they are candidates to evaluate in full.
  std::set<std::int64_t> unindexed;
  for (const auto& node : unindexedMembers(txn, calendar, end)) unindexed.insert(node.id);
  std::vector<std::int64_t> ids;
  for (const auto& [id, match] : matchById) ids.push_back(id);
  for (auto id : unindexed) {
    if (!matchById.count(id)) ids.push_back(id);
  }
  for (auto id : ids) {
    storage::NodeRecord node;
    node.id = id;
    bool isKnown = plan.isIndexExact && !unindexed.count(id) && matchById.count(id);
    out.push_back({std::move(node), isKnown, false});
  }
  return out;
}

}  // namespace caldav::dav::reports
