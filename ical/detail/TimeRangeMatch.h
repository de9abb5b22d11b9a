#pragma once
// RFC 4791 §9.9 time-range tests for comp-filter (components and VALARMs) and prop-filter.

#include "ical/FloatingZone.h"
#include "ical/detail/Recurrence.h"

#include <libical/ical.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>

namespace caldav::ical::detail {

// Recurrence sets expanded so far while evaluating one filter, keyed by (kind, stopAt).
class ExpansionCache {
 public:
  ExpansionCache(icalcomponent* root, std::size_t maxOccurrences)
      : root_(root), maxOccurrences_(maxOccurrences) {}

  const RecurrenceSet& get(icalcomponent_kind kind, std::int64_t stopAt);
  icalcomponent* root() const { return root_; }

 private:
  icalcomponent* root_;
  std::size_t maxOccurrences_;
  std::map<std::pair<int, std::int64_t>, RecurrenceSet> sets_;
};

// Whether any occurrence of `component` (a VEVENT, VTODO, VJOURNAL, VFREEBUSY, VAVAILABILITY
// or a VALARM inside one) overlaps [a, b); kMinTime/kMaxTime stand for open ends.
bool componentOverlaps(icalcomponent* component, std::int64_t a, std::int64_t b,
                       const FloatingZone& zone, ExpansionCache& cache);

// Whether the DATE, DATE-TIME or PERIOD value of `property` overlaps [a, b).
bool propertyOverlaps(icalproperty* property, std::int64_t a, std::int64_t b,
                      const FloatingZone& zone, icalcomponent* root);

}  // namespace caldav::ical::detail
