#pragma once

#include "ical/FloatingZone.h"
#include "ical/IndexedExpand.h"
#include "storage/Store.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace caldav::dav::reports {

// What the instance index knows for a CALDAV:expand answer (RFC 4791 §9.6.5): the instances of
// each object that overlap the expand range, read once per calendar, so that the answer can be
// written from them (ical/IndexedExpand.h) instead of expanding every object with libical.
class IndexedExpansion {
 public:
  // Instances held in memory per calendar at most, by default; a calendar with more in the
  // range is expanded object by object.
  static constexpr std::size_t kMaxInstances = 50000;

  IndexedExpansion(storage::ReadTransaction& txn, std::int64_t start, std::int64_t end,
                   std::size_t maxInstances = kMaxInstances);

  // The instances of `node` that overlap the range (floating times placed in `zone`), in
  // order of start; nullptr when the index cannot answer for it: its recurrence goes on past
  // its indexed horizon, it has no instance in the range (then it may not be indexed at all),
  // an instance was indexed before instances knew their source, or the calendar has too many
  // instances in the range. Valid until the next call.
  const std::vector<ical::IndexedInstance>* instancesOf(const storage::NodeRecord& node,
                                                        const ical::FloatingZone& zone);

  // The instance rows it holds for the calendar at `path` (read now if not yet), when they
  // are all of those that may overlap [start, end] and it holds them: a calendar-query whose
  // time-range is the expand range takes its candidates from them instead of a second scan.
  const std::vector<storage::InstanceRecord>* rowsFor(const std::string& path, std::int64_t start, std::int64_t end);

 private:
  struct Calendar {
    std::vector<storage::InstanceRecord> rows;  // by node id, then start (findInstances order)
    std::vector<std::int64_t> unindexed;        // sorted
    bool isUsable = true;
  };
  const Calendar& calendar(const std::string& path);

  storage::ReadTransaction& txn_;
  std::int64_t start_;
  std::int64_t end_;
  std::size_t maxInstances_;
  std::map<std::string, Calendar> calendars_;
  std::vector<ical::IndexedInstance> selected_;
};

}  // namespace caldav::dav::reports
