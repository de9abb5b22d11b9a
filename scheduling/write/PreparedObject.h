#pragma once

#include "ical/CalendarObject.h"
#include "scheduling/ObjectIndexer.h"
#include "storage/Records.h"

#include <string>

namespace caldav::scheduling {

// The media type calendar object resources are stored with.
inline constexpr const char* kCalendarMediaType = "text/calendar; charset=utf-8";

// A calendar object ready to be written: parsed, validated as a resource and indexed, all
// before the write transaction opens (the recurrence is expanded once, here).
struct PreparedObject {
  std::string body;  // stored byte for byte: the client's, or the repaired text (object.isRepaired())
  ical::CalendarObject object;
  storage::ObjectIndex index;
};

// Parses `body` for storage (ical::CalendarObject::parseForStorage: repaired where docs/ical.md
// says), validates it against `rules` and computes its index up to now + horizon.
// Throws ical::InvalidCalendar (any code, TooManyInstances included).
PreparedObject prepareObject(std::string body, ical::ValidationRules rules, std::int64_t now,
                             const IndexPolicy& policy);

}  // namespace caldav::scheduling
