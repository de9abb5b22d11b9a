#pragma once

#include <array>
#include <cstdint>

namespace caldav::storage::sql {

// Time-range queries (start <= rangeEnd AND end >= rangeStart) cannot use an index on
// start alone: a long event that began long before the range still overlaps it. So every
// instance is filed in a span class by its length (end - start), and the query asks each
// class separately: an instance of class i overlaps the range only if it starts in
// [rangeStart - kSpanClassBounds[i], rangeEnd], an index range scan on
// (collection_id, span_class, start_at) a little wider than the range itself. Only the last,
// unbounded class (longer than 40 days: rare) is scanned from the collection's first start.
// The bounds are stored data: changing them needs a migration that recomputes span_class.
inline constexpr std::array<std::int64_t, 3> kSpanClassBounds = {
    26 * 3600,   // timed events and all-day days (23-25 h across DST changes)
    8 * 86400,   // multi-day events up to a week
    40 * 86400,  // up to a month or so
};
inline constexpr int kUnboundedSpanClass = static_cast<int>(kSpanClassBounds.size());

// The span class of an instance from `start` to `end` (a negative length counts as 0).
inline int spanClassOf(std::int64_t start, std::int64_t end) {
  // Unsigned difference: end - start may not fit in int64 for extreme values.
  const std::uint64_t span = end > start ? static_cast<std::uint64_t>(end) - static_cast<std::uint64_t>(start) : 0;
  for (std::size_t i = 0; i < kSpanClassBounds.size(); ++i) {
    if (span <= static_cast<std::uint64_t>(kSpanClassBounds[i])) {
      return static_cast<int>(i);
    }
  }
  return kUnboundedSpanClass;
}

}  // namespace caldav::storage::sql
