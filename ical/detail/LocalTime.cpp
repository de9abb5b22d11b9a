#include "ical/detail/LocalTime.h"

#include "ical/detail/SharedZones.h"

#include <cstdio>

namespace caldav::ical::detail {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t daysFromCivil(int year, int month, int day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civilFromDays(std::int64_t days, int& year, int& month, int& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::int64_t wallSeconds(const icaltimetype& t) {
  const std::int64_t days = daysFromCivil(t.year, t.month, t.day);
  if (t.is_date) {
    return days * kSecondsPerDay;
  }
  return days * kSecondsPerDay + t.hour * 3600 + t.minute * 60 + t.second;
}

namespace {

icaltimetype utcFields(std::int64_t seconds) {
  icaltimetype t = icaltime_null_time();
  const std::int64_t days = seconds >= 0 ? seconds / kSecondsPerDay
                                         : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
  const std::int64_t rest = seconds - days * kSecondsPerDay;
  civilFromDays(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rest / 3600);
  t.minute = static_cast<int>(rest % 3600 / 60);
  t.second = static_cast<int>(rest % 60);
  t.zone = icaltimezone_get_utc_timezone();
  return t;
}

std::int64_t offsetAtUtc(icaltimezone* zone, std::int64_t utc) {
  icaltimetype t = utcFields(utc);
  int isDaylight = 0;
  return icaltimezone_get_utc_offset_of_utc_time(zone, &t, &isDaylight);
}

bool isUtcZone(const icaltimezone* zone) {
  return zone == nullptr || zone == icaltimezone_get_utc_timezone();
}

}  // namespace

std::int64_t localToUtc(std::int64_t wall, icaltimezone* zone) {
  if (isUtcZone(zone)) {
    return wall;
  }
  // Offsets a day either side bracket any single transition near `wall`.
  const std::int64_t before = offsetAtUtc(zone, wall - kSecondsPerDay);
  const std::int64_t after = offsetAtUtc(zone, wall + kSecondsPerDay);
  const std::int64_t first = wall - before;
  const std::int64_t second = wall - after;
  const bool firstValid = offsetAtUtc(zone, first) == before;
  const bool secondValid = offsetAtUtc(zone, second) == after;
  if (firstValid && secondValid) {
    return first < second ? first : second;  // repeated hour: the first occurrence
  }
  if (secondValid) {
    return second;
  }
  return first;  // valid, or in a gap: the offset before the gap
}

std::int64_t utcToLocal(std::int64_t utc, icaltimezone* zone) {
  return isUtcZone(zone) ? utc : utc + offsetAtUtc(zone, utc);
}

std::int64_t keyOf(const LocalTime& t) {
  return t.zone == nullptr ? t.wall : localToUtc(t.wall, t.zone);
}

LocalTime localTimeOf(const icaltimetype& t) {
  LocalTime result;
  result.wall = wallSeconds(t);
  result.isDate = t.is_date != 0;
  result.zone = result.isDate ? nullptr : const_cast<icaltimezone*>(t.zone);
  return result;
}

icaltimetype toIcalTime(const LocalTime& t) {
  icaltimetype result = utcFields(t.wall);
  result.zone = t.zone;
  if (t.isDate) {
    result.is_date = 1;
    result.hour = result.minute = result.second = 0;
    result.zone = nullptr;
  }
  return result;
}

icaltimezone* resolveTzid(icalcomponent* root, const char* tzid) {
  if (tzid == nullptr) {
    return nullptr;
  }
  if (root != nullptr) {
    if (icaltimezone* own = icalcomponent_get_timezone(root, tzid)) {
      return sharedZoneFor(root, tzid, own);
    }
  }
  if (icaltimezone* builtin = icaltimezone_get_builtin_timezone(tzid)) {
    return builtin;
  }
  return icaltimezone_get_builtin_timezone_from_tzid(tzid);
}

LocalTime propertyTime(icalproperty* prop, icalcomponent* root, bool* isKnown) {
  if (isKnown != nullptr) {
    *isKnown = true;
  }
  icalvalue* value = icalproperty_get_value(prop);
  icaltimetype t = icaltime_null_time();
  if (value != nullptr && icalvalue_isa(value) == ICAL_PERIOD_VALUE) {
    t = icalvalue_get_period(value).start;
  } else if (value != nullptr && icalvalue_isa(value) == ICAL_DATETIMEPERIOD_VALUE) {
    const icaldatetimeperiodtype dtp = icalvalue_get_datetimeperiod(value);
    t = icaltime_is_null_time(dtp.time) ? dtp.period.start : dtp.time;
  } else if (value != nullptr) {
    t = icalvalue_get_datetime(value);
  }
  LocalTime result = localTimeOf(t);
  result.zone = nullptr;
  if (!result.isDate && icaltime_is_utc(t)) {
    result.zone = icaltimezone_get_utc_timezone();
  } else if (!result.isDate) {
    icalparameter* param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    if (param != nullptr) {
      result.zone = resolveTzid(root, icalparameter_get_tzid(param));
      if (result.zone == nullptr && isKnown != nullptr) {
        *isKnown = false;
      }
    }
  }
  return result;
}

std::string formatWall(std::int64_t wall, bool isDate, bool isUtc) {
  const icaltimetype t = utcFields(wall);
  char buffer[32];
  if (isDate) {
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", t.year, t.month, t.day);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02dT%02d%02d%02d%s", t.year, t.month, t.day,
                  t.hour, t.minute, t.second, isUtc ? "Z" : "");
  }
  return buffer;
}

}  // namespace caldav::ical::detail
