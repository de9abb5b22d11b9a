#include "scheduling/freebusy/BusyPeriods.h"

#include <algorithm>
#include <cstdio>

namespace caldav::scheduling {
namespace {

// Appends `seconds` since the epoch as an iCalendar UTC DATE-TIME (20250106T090000Z). By
// arithmetic (days to civil date, H. Hinnant's algorithm) rather than gmtime_r + strftime:
// a month's free-busy answer formats thousands of them.
void appendUtcText(std::string& out, std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t secondOfDay = seconds % 86400;
  if (secondOfDay < 0) {
    secondOfDay += 86400;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t dayOfEra = z - era * 146097;
  const std::int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const std::int64_t monthIndex = (5 * dayOfYear + 2) / 153;
  const std::int64_t day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
  const std::int64_t month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const std::int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[128];  // room for any int64 in every field, though times stay within years 0000-9999
  std::snprintf(buffer, sizeof buffer, "%04lld%02lld%02lldT%02lld%02lld%02lldZ", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day), static_cast<long long>(secondOfDay / 3600),
                static_cast<long long>(secondOfDay / 60 % 60), static_cast<long long>(secondOfDay % 60));
  out += buffer;
}

std::string utcText(std::int64_t seconds) {
  std::string text;
  appendUtcText(text, seconds);
  return text;
}

}  // namespace

std::vector<Period> busyPeriods(std::vector<Period> periods, std::int64_t rangeStart, std::int64_t rangeEnd) {
  std::vector<Period> clipped;
  for (auto period : periods) {
    period.start = std::max(period.start, rangeStart);
    period.end = std::min(period.end, rangeEnd);
    if (period.end > period.start) clipped.push_back(period);
  }
  std::sort(clipped.begin(), clipped.end(), [](const Period& a, const Period& b) { return a.start < b.start; });
  std::vector<Period> merged;
  for (const auto& period : clipped) {
    if (!merged.empty() && period.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, period.end);
    } else {
      merged.push_back(period);
    }
  }
  return merged;
}

std::string freeBusyCalendar(std::int64_t rangeStart, std::int64_t rangeEnd, const std::vector<Period>& busy,
                             const std::vector<Period>& tentative, std::int64_t now) {
  std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//caldavd 0.1//EN\r\nBEGIN:VFREEBUSY\r\n";
  text += "DTSTAMP:" + utcText(now) + "\r\n";
  text += "DTSTART:" + utcText(rangeStart) + "\r\nDTEND:" + utcText(rangeEnd) + "\r\n";
  const auto appendPeriods = [&text](const std::vector<Period>& periods, const char* line) {
    for (const auto& period : periods) {
      text += line;
      appendUtcText(text, period.start);
      text += '/';
      appendUtcText(text, period.end);
      text += "\r\n";
    }
  };
  appendPeriods(busy, "FREEBUSY;FBTYPE=BUSY:");
  appendPeriods(tentative, "FREEBUSY;FBTYPE=BUSY-TENTATIVE:");
  text += "END:VFREEBUSY\r\nEND:VCALENDAR\r\n";
  return text;
}

}  // namespace caldav::scheduling
