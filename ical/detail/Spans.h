#pragma once
// When an occurrence happens, and the RFC 4791 §9.9 range it matches time-range queries with.

#include "ical/detail/Recurrence.h"

#include <libical/ical.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace caldav::ical::detail {

constexpr std::int64_t kMinTime = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxTime = std::numeric_limits<std::int64_t>::max();

// Keys (UTC seconds, or wall seconds when isFloating) of an occurrence's scheduled times.
struct OccurrenceTimes {
  std::optional<std::int64_t> start;  // DTSTART
  std::optional<std::int64_t> end;    // VEVENT: DTEND/DURATION/default; VTODO: DUE or DTSTART+DURATION
  bool isFloating = false;
};

OccurrenceTimes occurrenceTimes(const Occurrence& occ, icalcomponent* root);

// A range in the normalized §9.9 form: an occurrence matches the query [a, b) exactly when
// rangeOverlaps(span.start, span.end, a, b). kMinTime/kMaxTime stand for unbounded ends and
// are never shifted by floating-time conversion.
struct Span {
  std::int64_t start = 0;
  std::int64_t end = 0;
  bool isFloating = false;
};

// The spans of an occurrence of a `kind` component (several for VFREEBUSY periods; none for a
// VJOURNAL without DTSTART or an empty VFREEBUSY).
std::vector<Span> matchSpans(const Occurrence& occ, icalcomponent_kind kind, icalcomponent* root);

// The §9.9 overlap test for a VEVENT-like range: positive ranges overlap [a, b) when
// start < b && end > a; a zero-length range at t matches when a <= t < b.
inline bool rangeOverlaps(std::int64_t start, std::int64_t end, std::int64_t a, std::int64_t b) {
  return start < b && (end > a || (start == end && start >= a));
}

// Adds a DURATION to `start` the RFC 5545 §3.3.6 way: days and weeks in local (nominal) time,
// hours, minutes and seconds as exact time. Returns a key.
std::int64_t addDuration(const LocalTime& start, const icaldurationtype& duration);

}  // namespace caldav::ical::detail
