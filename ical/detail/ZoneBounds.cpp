#include "ical/detail/ZoneBounds.h"

#include "ical/InvalidCalendar.h"
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

// An upper bound of the instances a FREQ=YEARLY rule has in one year (RFC 5545 §3.3.10: BYxxx
// parts expand the year, BYSETPOS only removes).
std::int64_t perYear(const icalrecurrencetype& r) {
  const std::int64_t months = countOf(r.by_month, ICAL_BY_MONTH_SIZE);
  const std::int64_t yearDays = countOf(r.by_year_day, ICAL_BY_YEARDAY_SIZE);
  const std::int64_t weeks = countOf(r.by_week_no, ICAL_BY_WEEKNO_SIZE);
  const std::int64_t monthDays = countOf(r.by_month_day, ICAL_BY_MONTHDAY_SIZE);
  const std::int64_t weekDays = countOf(r.by_day, ICAL_BY_DAY_SIZE);
  std::int64_t days = std::max<std::int64_t>(months, 1);
  if (yearDays > 0) {
    days = yearDays;
  } else if (weeks > 0) {
    days = weeks * (weekDays > 0 ? weekDays : 7);
  } else if (monthDays > 0) {
    days = monthDays * (months > 0 ? months : 12);
  } else if (weekDays > 0) {
    days = 0;
    for (std::int64_t i = 0; i < weekDays; ++i) {
      const bool isOrdinal = icalrecurrencetype_day_position(r.by_day[i]) != 0;
      days += isOrdinal ? 1 : (months > 0 ? 5 : 53);
    }
    days *= std::max<std::int64_t>(months, 1);
  }
  return std::min<std::int64_t>(days, 366);
}

std::int64_t ruleBound(const icalrecurrencetype& r, int startYear, const std::string& tzid) {
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
  const std::int64_t years = std::max(0, endYear - startYear + 1) / interval + 1;
  const std::int64_t bound = years * perYear(r);
  return r.count > 0 ? std::min<std::int64_t>(bound, r.count) : bound;
}

}  // namespace

std::int64_t checkZoneBounds(icalcomponent* vtimezone) {
  icalproperty* tzidProp = firstProperty(vtimezone, ICAL_TZID_PROPERTY);
  const char* tzidText = tzidProp != nullptr ? icalproperty_get_tzid(tzidProp) : nullptr;
  const std::string tzid = tzidText != nullptr ? tzidText : "(without TZID)";
  std::int64_t total = 0;
  for (icalcomponent* observance : children(vtimezone)) {
    icalproperty* dtstart = firstProperty(observance, ICAL_DTSTART_PROPERTY);
    const int startYear = dtstart != nullptr ? icalproperty_get_dtstart(dtstart).year : 0;
    total += 1 + static_cast<std::int64_t>(properties(observance, ICAL_RDATE_PROPERTY).size());
    for (icalproperty* rrule : properties(observance, ICAL_RRULE_PROPERTY)) {
      total += ruleBound(icalproperty_get_rrule(rrule), startYear, tzid);
    }
    if (total > kMaxZoneTransitions) {
      unbounded(tzid, "its observances would generate more than " +
                          std::to_string(kMaxZoneTransitions) + " transitions");
    }
  }
  return total;
}

void checkZoneBoundsIn(icalcomponent* root) {
  std::int64_t total = 0;
  for (icalcomponent* zone : children(root, ICAL_VTIMEZONE_COMPONENT)) {
    total += checkZoneBounds(zone);
    if (total > kMaxObjectZoneTransitions) {
      throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData,
                            "the VTIMEZONEs would generate more than " +
                                std::to_string(kMaxObjectZoneTransitions) + " transitions");
    }
  }
}

}  // namespace caldav::ical::detail
