#pragma once
// Helpers shared by the scheduling tests: iCalendar fixtures and readable UTC instants.

#include "ical/CalendarObject.h"

#include <cstdint>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace caldav::scheduling::test {

inline ical::CalendarObject fixture(const std::string& name) {
  std::ifstream in(std::string(CALDAV_ICAL_FIXTURES) + "/" + name, std::ios::binary);
  if (!in) {
    throw std::runtime_error("missing fixture " + name);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ical::CalendarObject::parse(text.str());
}

// Unix seconds of a UTC date-time.
inline std::int64_t utc(int year, int month, int day, int hour = 0, int minute = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace caldav::scheduling::test
