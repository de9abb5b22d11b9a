#pragma once
// The calendar-query filter of RFC 4791 §9.7 as values, and its evaluation against an object.

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::ical {

// RFC 4791 §9.9 CALDAV:time-range; either bound may be absent (open-ended). Unix seconds (UTC).
struct TimeRange {
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> end;
};

// RFC 4791 §7.5.1 collations (RFC 4790 names).
enum class Collation { AsciiCasemap, Octet, UnicodeCasemap };

// Returns the collation named `name` ("i;ascii-casemap", "i;octet", "i;unicode-casemap"), or
// std::nullopt if unsupported (dav answers CALDAV:supported-collation).
std::optional<Collation> collationFromName(std::string_view name);

// RFC 4791 §9.7.5: substring match of the value, negated if isNegated.
struct TextMatch {
  std::string text;
  Collation collation = Collation::AsciiCasemap;
  bool isNegated = false;
};

// RFC 4791 §9.7.3.
struct ParamFilter {
  std::string name;
  bool isNotDefined = false;
  std::optional<TextMatch> textMatch;
};

// RFC 4791 §9.7.2.
struct PropFilter {
  std::string name;
  bool isNotDefined = false;
  std::optional<TimeRange> timeRange;
  std::optional<TextMatch> textMatch;
  std::vector<ParamFilter> paramFilters;
};

// RFC 4791 §9.7.1.
struct CompFilter {
  std::string name;
  bool isNotDefined = false;
  std::optional<TimeRange> timeRange;
  std::vector<PropFilter> propFilters;
  std::vector<CompFilter> compFilters;
};

// Evaluates `vcalendarFilter` (the comp-filter named VCALENDAR that CALDAV:filter holds)
// against `object`, exactly as RFC 4791 §9.7 and §9.9 define, expanding recurrences as far as
// the time ranges need (instances of recurring components included; a component matches a
// time-range if any of its own instances overlaps). Floating times are placed in `zone`.
// Throws InvalidCalendar{TooManyInstances} only if the recurrence set needed to answer is
// larger than kDefaultMaxInstances * 10 or a rule is too costly to iterate.
bool matches(const CalendarObject& object, const CompFilter& vcalendarFilter,
             const FloatingZone& zone);

// RFC 4791 §7.8 CALDAV:valid-filter: returns why `vcalendarFilter` (named VCALENDAR) can never
// apply, as a message for humans, or std::nullopt if it can. It can never apply when
// - a time-range is on a component that has no time of its own: VCALENDAR, VTIMEZONE,
//   STANDARD or DAYLIGHT (§9.9 defines overlap for VEVENT, VTODO, VJOURNAL, VFREEBUSY and
//   VALARM, and matches() evaluates VAVAILABILITY too; other components, AVAILABLE and X-
//   components included, are left to match what they match);
// - a time-range is on a property RFC 5545 gives no DATE, DATE-TIME or PERIOD value (SUMMARY,
//   UID, ...). §9.9 defines the test for COMPLETED, CREATED, DTEND, DTSTAMP, DTSTART, DUE and
//   LAST-MODIFIED; matches() also evaluates the other properties that may hold a time
//   (RECURRENCE-ID, EXDATE, RDATE, TRIGGER, FREEBUSY, ACKNOWLEDGED), so those pass;
// - a comp-filter names a component where RFC 5545 (or RFC 7953) never puts it: VCALENDAR
//   below the top, VEVENT/VTODO/VJOURNAL/VFREEBUSY/VTIMEZONE/VAVAILABILITY other than
//   directly in VCALENDAR, VALARM other than in VEVENT or VTODO, STANDARD/DAYLIGHT other
//   than in VTIMEZONE, AVAILABLE other than in VAVAILABILITY.
// Names are compared case-insensitively. Unknown and X- names may carry anything and are
// never refused.
std::optional<std::string> whyFilterCannotApply(const CompFilter& vcalendarFilter);

// RFC 4791 §9.7.5 text-match against `value` (negation included).
bool textMatches(const TextMatch& match, std::string_view value);

}  // namespace caldav::ical
