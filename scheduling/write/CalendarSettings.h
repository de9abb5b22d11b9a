#pragma once

#include "ical/CalendarObject.h"
#include "storage/Store.h"

#include <functional>
#include <optional>

namespace caldav::scheduling {

// What the write path needs to know of a calendar collection, as plain values: what it
// accepts (RFC 4791 §5.3.2.1) and, for booking calendars, the rules it enforces.
struct CalendarSettings {
  // Component types, date limits and instance cap of what the calendar accepts. The write
  // path expands each object once, when it indexes it (rules.countInstances is ignored).
  ical::ValidationRules rules;
};

// Reads the settings of `node` inside `txn`, or returns std::nullopt if `node` is not a
// calendar collection. The protocol layer supplies it (it knows how calendars and their
// properties are stored); the write path calls it inside its transaction, so what it reads
// holds at commit.
using CalendarReader =
    std::function<std::optional<CalendarSettings>(storage::ReadTransaction& txn, const storage::NodeRecord& node,
                                                   std::int64_t now)>;

}  // namespace caldav::scheduling
