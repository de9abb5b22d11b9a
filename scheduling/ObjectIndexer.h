#pragma once

#include "ical/CalendarObject.h"
#include "storage/Records.h"

#include <cstddef>
#include <cstdint>

namespace caldav::scheduling {

// How far ahead recurrences are indexed, and how many instances one object may have.
struct IndexPolicy {
  std::int64_t horizonSeconds = ical::kDefaultHorizonSeconds;
  std::size_t maxInstances = ical::kDefaultMaxInstances;
};

// Returns the storage index (UID, component type, instances up to now + horizon) of a
// validated calendar object. Throws ical::InvalidCalendar{TooManyInstances}.
storage::ObjectIndex indexObject(const ical::CalendarObject& object, std::int64_t now, const IndexPolicy& policy);

}  // namespace caldav::scheduling
