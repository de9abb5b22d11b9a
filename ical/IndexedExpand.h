#pragma once
// RFC 4791 §9.6.5 CALDAV:expand answered from the instance index: the stored text is
// rewritten line by line with the times the index holds, without parsing the object.
// Knows no libical object; the result is what expandedText() (Output.h) gives for the same
// instances, up to how unchanged lines are written (they keep the client's bytes).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::ical {

// One indexed instance of an object, as expandInstances() produced it (Instances.h).
struct IndexedInstance {
  std::int64_t start = 0;         // UTC seconds; wall-clock seconds for floating and DATE values
  std::int64_t end = 0;           // same form as start; >= start
  std::string_view recurrenceId;  // Instance::recurrenceId: "" if the component does not recur
  int source = -1;                // Instance::source: which top-level component describes it
};

// The expanded VCALENDAR (CRLF lines) holding `instances` (those of the object `text` that
// overlap the expand range, in output order), or nullopt when the object has something this
// rewrite does not handle, for which expandedText() must answer:
// - components other than VEVENT and VTIMEZONE, or a source that is not a VEVENT;
// - a VEVENT without DTSTART, with both DTEND and DURATION, with DTSTART and DTEND of
//   different kinds (DATE / floating / zoned or UTC), a DATE without VALUE=DATE;
// - TZID on any property but DTSTART, DTEND, RECURRENCE-ID, RDATE and EXDATE;
// - RECURRENCE-ID;RANGE=THISANDFUTURE, RDATE;VALUE=PERIOD, an unknown source (-1);
// - more than 64 top-level components.
std::optional<std::string> expandedTextFromIndex(std::string_view text,
                                                 const std::vector<IndexedInstance>& instances);

// The same, appended to `out`; false (and `out` as it was) where the above gives nullopt.
bool appendExpandedTextFromIndex(std::string& out, std::string_view text,
                                 const std::vector<IndexedInstance>& instances);

}  // namespace caldav::ical
