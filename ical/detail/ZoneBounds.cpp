#include "ical/detail/ZoneBounds.h"

#include "ical/InvalidCalendar.h"
#include "ical/detail/IcalPtr.h"
#include "ical/detail/Walk.h"

#include <algorithm>
#include <string>

namespace caldav::ical::detail {

namespace {

[[noreturn]] void unbounded(const std::string& tzid, const std::string& why) {
  throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData,
                        "VTIMEZONE " + tzid + ": " + why);
}

std::int64_t countOf(const short* array, int size) {
  std::int64_t n = 0;
  while (n < size && array[n] != ICAL_RECURRENCE_ARRAY_MAX) {
    ++n;
  }
  return n;
}

// The number of days from the first to the last BYMONTHDAY value, 31 if a value counts from the
// end of the month.
std::int64_t monthDaySpan(const icalrecurrencetype& r) {
  int low = 31;
  int high = 1;
  for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE && r.by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) {
    if (r.by_month_day[i] < 0) {
      return 31;
    }
    low = std::min<int>(low, r.by_month_day[i]);
    high = std::max<int>(high, r.by_month_day[i]);
  }
  return std::max(high - low + 1, 1);
}

// An upper bound of the instances a FREQ=YEARLY rule has in one year. Each day-level part
// (BYYEARDAY, BYWEEKNO, BYMONTHDAY, BYDAY) alone selects at most so many days; given together
// they select the days all of them allow (RFC 5545 §3.3.10: the later parts limit), so the
// smallest of their bounds holds. BYSETPOS only removes.
std::int64_t perYear(const icalrecurrencetype& r) {
  const std::int64_t months = countOf(r.by_month, ICAL_BY_MONTH_SIZE);
  const std::int64_t monthsOrOne = std::max<std::int64_t>(months, 1);
  const std::int64_t yearDays = countOf(r.by_year_day, ICAL_BY_YEARDAY_SIZE);
  const std::int64_t weeks = countOf(r.by_week_no, ICAL_BY_WEEKNO_SIZE);
  const std::int64_t monthDays = countOf(r.by_month_day, ICAL_BY_MONTHDAY_SIZE);
  const std::int64_t weekDays = countOf(r.by_day, ICAL_BY_DAY_SIZE);
  std::int64_t days = 366;
  bool hasDayPart = false;
  const auto limit = [&](std::int64_t bound) {
    days = std::min(days, bound);
    hasDayPart = true;
  };
  if (yearDays > 0) {
    limit(yearDays);
  }
  if (weeks > 0) {
    limit(weeks * 7);
  }
  if (monthDays > 0) {
    limit(monthDays * (months > 0 ? months : 12));
  }
  if (weekDays > 0) {
    // Within a run of month days shorter than a week each weekday falls at most once (the
    // old-style "second Sunday": BYMONTHDAY=8,...,14;BYDAY=SU).
    const std::int64_t perWeekday = monthDays > 0 ? (monthDaySpan(r) + 6) / 7 : (months > 0 ? 5 : 53);
    std::int64_t bound = 0;
    for (std::int64_t i = 0; i < weekDays; ++i) {
      const bool isOrdinal = icalrecurrencetype_day_position(r.by_day[i]) != 0;
      bound += isOrdinal ? 1 : perWeekday;
    }
    limit(bound * monthsOrOne);
  }
  return hasDayPart ? days : monthsOrOne;  // no day part: DTSTART's day in each month given
}

// The instances libical's iterator gives for `r` from `dtstart` up to kZoneExpansionEndYear,
// counted one by one (at most `budget` + 1 of them). Only for yearly rules with one time of
// day, where each call of the iterator does at most a year's work per year it skips.
std::int64_t countedTransitions(const icalrecurrencetype& r, const icaltimetype& dtstart,
                                std::int64_t budget) {
  IcalRecurIteratorPtr it(icalrecur_iterator_new(r, dtstart));
  std::int64_t n = 0;
  if (!it) {
    return n;  // libical adds no transition for a rule it cannot iterate
  }
  for (icaltimetype t = icalrecur_iterator_next(it.get());
       !icaltime_is_null_time(t) && t.year <= kZoneExpansionEndYear && n <= budget;
       t = icalrecur_iterator_next(it.get())) {
    ++n;
  }
  return n;
}

// The transitions `r` adds, at most `budget` + 1: a static upper bound when that is within the
// budget (the usual case: no libical call), else the count itself.
std::int64_t ruleTransitions(const icalrecurrencetype& r, const icaltimetype& dtstart,
                             std::int64_t budget, int& countedRulesLeft, const std::string& tzid) {
  if (r.freq != ICAL_YEARLY_RECURRENCE) {
    unbounded(tzid, "an observance RRULE must be FREQ=YEARLY");
  }
  if (countOf(r.by_hour, ICAL_BY_HOUR_SIZE) > 1 || countOf(r.by_minute, ICAL_BY_MINUTE_SIZE) > 1 ||
      countOf(r.by_second, ICAL_BY_SECOND_SIZE) > 1) {
    unbounded(tzid, "an observance RRULE may give at most one BYHOUR, BYMINUTE and BYSECOND");
  }
  int endYear = kZoneExpansionEndYear;
  if (!icaltime_is_null_time(r.until)) {
    endYear = std::min(endYear, r.until.year);
  }
  const std::int64_t interval = std::max(1, static_cast<int>(r.interval));
  const std::int64_t years = std::max(0, endYear - dtstart.year + 1) / interval + 1;
  std::int64_t bound = years * perYear(r);
  if (r.count > 0) {
    bound = std::min<std::int64_t>(bound, r.count);
  }
  if (bound <= budget) {
    return bound;
  }
  if (countedRulesLeft-- <= 0) {
    unbounded(tzid, "too many observance rules would have to be iterated to bound the zone");
  }
  return countedTransitions(r, dtstart, budget);
}

std::int64_t checkZone(icalcomponent* vtimezone, int& countedRulesLeft) {
  icalproperty* tzidProp = firstProperty(vtimezone, ICAL_TZID_PROPERTY);
  const char* tzidText = tzidProp != nullptr ? icalproperty_get_tzid(tzidProp) : nullptr;
  const std::string tzid = tzidText != nullptr ? tzidText : "(without TZID)";
  std::int64_t total = 0;
  for (icalcomponent* observance : children(vtimezone)) {
    icalproperty* dtstart = firstProperty(observance, ICAL_DTSTART_PROPERTY);
    total += 1 + static_cast<std::int64_t>(properties(observance, ICAL_RDATE_PROPERTY).size());
    if (dtstart == nullptr) {
      continue;  // libical ignores an observance without DTSTART
    }
    const icaltimetype start = icalproperty_get_dtstart(dtstart);
    for (icalproperty* rrule : properties(observance, ICAL_RRULE_PROPERTY)) {
      total += ruleTransitions(icalproperty_get_rrule(rrule), start,
                               std::max<std::int64_t>(kMaxZoneTransitions - total, 0),
                               countedRulesLeft, tzid);
    }
    if (total > kMaxZoneTransitions) {
      unbounded(tzid, "its observances would generate more than " +
                          std::to_string(kMaxZoneTransitions) + " transitions");
    }
  }
  return total;
}

}  // namespace

std::int64_t checkZoneBounds(icalcomponent* vtimezone) {
  int countedRulesLeft = kMaxCountedZoneRules;
  return checkZone(vtimezone, countedRulesLeft);
}

void checkZoneBoundsIn(icalcomponent* root) {
  int countedRulesLeft = kMaxCountedZoneRules;
  std::int64_t total = 0;
  for (icalcomponent* zone : children(root, ICAL_VTIMEZONE_COMPONENT)) {
    total += checkZone(zone, countedRulesLeft);
    if (total > kMaxObjectZoneTransitions) {
      throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData,
                            "the VTIMEZONEs would generate more than " +
                                std::to_string(kMaxObjectZoneTransitions) + " transitions");
    }
  }
}

}  // namespace caldav::ical::detail
