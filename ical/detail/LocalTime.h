#pragma once
// Time values as ical/ computes with them: wall-clock seconds plus the zone that interprets them.

#include <libical/ical.h>

#include <cstdint>
#include <string>

namespace caldav::ical::detail {

constexpr std::int64_t kSecondsPerDay = 86400;
// UTC offsets in use range from -12:00 to +14:00; floating times are shifted by at most this.
constexpr std::int64_t kMaxUtcOffset = 14 * 3600;

// A DATE or DATE-TIME value. `wall` is the value's fields read as if they were UTC.
// `zone` is nullptr for floating values (and DATE values), the UTC zone for "Z" values.
struct LocalTime {
  std::int64_t wall = 0;
  icaltimezone* zone = nullptr;
  bool isDate = false;

  bool isFloating() const { return zone == nullptr; }
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t daysFromCivil(int year, int month, int day);
void civilFromDays(std::int64_t days, int& year, int& month, int& day);

// The fields of `t` read as UTC (ignores t.zone).
std::int64_t wallSeconds(const icaltimetype& t);

// Converts wall-clock seconds in `zone` to UTC per RFC 5545 §3.3.5: a time that occurs twice
// (end of DST) means the first occurrence; a time in a gap (start of DST) is read with the
// offset in effect before the gap. A null `zone` means UTC.
std::int64_t localToUtc(std::int64_t wall, icaltimezone* zone);

// The wall-clock seconds in `zone` of the UTC instant `utc`.
std::int64_t utcToLocal(std::int64_t utc, icaltimezone* zone);

// UTC seconds of a zoned value; wall seconds of a floating or DATE value.
std::int64_t keyOf(const LocalTime& t);

LocalTime localTimeOf(const icaltimetype& t);
icaltimetype toIcalTime(const LocalTime& t);

// The zone a TZID names: a VTIMEZONE in `root`, else a builtin (IANA) zone; nullptr if neither.
icaltimezone* resolveTzid(icalcomponent* root, const char* tzid);

// The DATE or DATE-TIME value of `prop` with its TZID resolved against `root`.
// `isKnown` is false when the property has a TZID that cannot be resolved (read as floating).
LocalTime propertyTime(icalproperty* prop, icalcomponent* root, bool* isKnown = nullptr);

// iCalendar text of a value ("20240105", "20240105T090000", "20240105T080000Z").
std::string formatWall(std::int64_t wall, bool isDate, bool isUtc);

}  // namespace caldav::ical::detail
