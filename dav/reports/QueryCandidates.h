#pragma once

#include "ical/Filter.h"
#include "ical/FloatingZone.h"
#include "storage/Store.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace caldav::dav::reports {

using ical::kFloatingSlack;

// How a calendar-query is answered (RFC 4791 §7.8), chosen from its filter.
struct QueryPlan {
  // The component named under VCALENDAR when there is exactly one ("VEVENT", ...).
  std::string componentType;
  // The time-range on that component, if any: candidates come from the instance index.
  std::optional<ical::TimeRange> timeRange;
  // True when the index answers exactly (only a component time-range, nothing else), so
  // no object needs parsing.
  bool isIndexExact = false;
};

QueryPlan planQuery(const ical::CompFilter& vcalendar);

// The members of `calendar` that can match `plan` (all of them without a time-range),
// and whether each is already known to match exactly (index-exact plans). Candidates from
// the instance index carry only node.id (isLoaded false): the caller reads them in batches,
// with their bodies when it needs those.
struct Candidate {
  storage::NodeRecord node;
  bool isKnownMatch = false;
  bool isLoaded = true;
};

// Members of `calendar` whose recurrence goes on past their indexed horizon, which ends
// before `rangeEnd`: the index cannot answer for them, their objects must be expanded.
std::vector<storage::NodeRecord> unindexedMembers(storage::ReadTransaction& txn, const storage::NodeRecord& calendar,
                                                  std::int64_t rangeEnd);

// `rows`, if given: the calendar's instance rows that may overlap the plan's time-range
// (findInstances), already read by the caller, used instead of reading them again.
std::vector<Candidate> queryCandidates(storage::ReadTransaction& txn, const storage::NodeRecord& calendar,
                                       const QueryPlan& plan, const ical::FloatingZone& zone,
                                       const std::vector<storage::InstanceRecord>* rows = nullptr);

}  // namespace caldav::dav::reports
