#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::ical {

// Text-level views of an iCalendar stream (RFC 5545 §3.1 content lines, unfolded), for what
// needs property names or one value without a libical parse (the audit log of every write).

// The names of the properties whose content lines differ between `before` and `after`
// (added, removed or changed anywhere in the object), sorted and unique. BEGIN/END and
// DTSTAMP (rewritten by clients on every save) are not reported.
std::vector<std::string> changedPropertyNames(std::string_view before, std::string_view after);

// The value of the first property `name` (upper case, e.g. "STATUS") of the first component
// that is not a VTIMEZONE, or "" if there is none. Parameters are skipped.
std::string firstComponentValue(std::string_view text, std::string_view name);

// Parses an RFC 5545 §3.3.6 DURATION value ("PT30M", "P1D", "-PT5M") into seconds through
// libical; std::nullopt if it is not one.
std::optional<std::int64_t> parseDuration(std::string_view text);

}  // namespace caldav::ical
