#include "scheduling/freebusy/BusyPeriods.h"

#include <algorithm>
#include <ctime>

namespace caldav::scheduling {
namespace {

std::string utcText(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
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
  for (const auto& period : busy) {
    text += "FREEBUSY;FBTYPE=BUSY:" + utcText(period.start) + "/" + utcText(period.end) + "\r\n";
  }
  for (const auto& period : tentative) {
    text += "FREEBUSY;FBTYPE=BUSY-TENTATIVE:" + utcText(period.start) + "/" + utcText(period.end) + "\r\n";
  }
  text += "END:VFREEBUSY\r\nEND:VCALENDAR\r\n";
  return text;
}

}  // namespace caldav::scheduling
