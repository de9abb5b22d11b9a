#include "scheduling/freebusy/BusyPeriods.h"

#include <algorithm>

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
  // Digits by hand: snprintf costs more than all of the arithmetic above.
  char text[16] = {'0', '0', '0', '0', '0', '0', '0', '0', 'T', '0', '0', '0', '0', '0', '0', 'Z'};
  const auto put = [&text](int at, int width, std::int64_t value) {
    for (int i = at + width - 1; i >= at; --i, value /= 10) text[i] = static_cast<char>('0' + value % 10);
  };
  put(0, 4, year);  // years 0000-9999: the range of an iCalendar DATE-TIME
  put(4, 2, month);
  put(6, 2, day);
  put(9, 2, secondOfDay / 3600);
  put(11, 2, secondOfDay / 60 % 60);
  put(13, 2, secondOfDay % 60);
  out.append(text, sizeof text);
}

std::string utcText(std::int64_t seconds) {
  std::string text;
  appendUtcText(text, seconds);
  return text;
}

// RFC 5545 §3.3.11: a TEXT value with backslash, semicolon, comma and line breaks escaped.
std::string escapedText(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

// Appends `line` and CRLF, folded after 75 octets (RFC 5545 §3.1), never inside a UTF-8
// sequence.
void appendLine(std::string& out, const std::string& line) {
  std::size_t used = 0;
  for (std::size_t i = 0; i < line.size();) {
    const auto lead = static_cast<unsigned char>(line[i]);
    const std::size_t sequence = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    const std::size_t length = std::min(sequence, line.size() - i);
    if (used + length > 75) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line, i, length);
    used += length;
    i += length;
  }
  out += "\r\n";
}

// Sorts by start. The index hands over a few runs already in start order (one per span
// class), so those are merged; input with many runs is sorted outright.
void sortByStart(std::vector<Period>& periods) {
  const auto byStart = [](const Period& a, const Period& b) { return a.start < b.start; };
  constexpr std::size_t kMaxRuns = 16;
  std::vector<std::size_t> runEnds;
  for (std::size_t i = 1; i < periods.size(); ++i) {
    if (periods[i].start >= periods[i - 1].start) continue;
    if (runEnds.size() == kMaxRuns) {
      std::sort(periods.begin(), periods.end(), byStart);
      return;
    }
    runEnds.push_back(i);
  }
  runEnds.push_back(periods.size());
  for (std::size_t k = 1; k < runEnds.size(); ++k) {
    std::inplace_merge(periods.begin(), periods.begin() + static_cast<std::ptrdiff_t>(runEnds[k - 1]),
                       periods.begin() + static_cast<std::ptrdiff_t>(runEnds[k]), byStart);
  }
}

}  // namespace

std::vector<Period> busyPeriods(std::vector<Period> periods, std::int64_t rangeStart, std::int64_t rangeEnd) {
  std::vector<Period> clipped;
  clipped.reserve(periods.size());
  for (auto period : periods) {
    period.start = std::max(period.start, rangeStart);
    period.end = std::min(period.end, rangeEnd);
    if (period.end > period.start) clipped.push_back(period);
  }
  sortByStart(clipped);
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

std::vector<Period> withoutPeriods(const std::vector<Period>& periods, const std::vector<Period>& covered) {
  std::vector<Period> result;
  auto next = covered.begin();
  for (Period rest : periods) {
    // `covered` ends rise with its starts: skip those ending before this period.
    while (next != covered.end() && next->end <= rest.start) ++next;
    for (auto c = next; c != covered.end() && c->start < rest.end; ++c) {
      if (c->start > rest.start) result.push_back({rest.start, c->start});
      rest.start = std::max(rest.start, c->end);
      if (rest.start >= rest.end) break;
    }
    if (rest.start < rest.end) result.push_back(rest);
  }
  return result;
}

std::string freeBusyCalendar(std::int64_t rangeStart, std::int64_t rangeEnd, const std::vector<Period>& busy,
                             const std::vector<Period>& tentative, std::int64_t now,
                             const std::vector<Period>& unavailable) {
  FreeBusyAnswer answer;
  answer.rangeStart = rangeStart;
  answer.rangeEnd = rangeEnd;
  answer.now = now;
  answer.busy = busy;
  answer.tentative = tentative;
  answer.unavailable = unavailable;
  return freeBusyText(answer);
}

std::string freeBusyText(const FreeBusyAnswer& answer) {
  std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//caldavd 0.1//EN\r\n";
  if (!answer.method.empty()) appendLine(text, "METHOD:" + answer.method);
  text += "BEGIN:VFREEBUSY\r\n";
  text += "DTSTAMP:" + utcText(answer.now) + "\r\n";
  text += "DTSTART:" + utcText(answer.rangeStart) + "\r\nDTEND:" + utcText(answer.rangeEnd) + "\r\n";
  if (!answer.uid.empty()) appendLine(text, "UID:" + escapedText(answer.uid));
  if (!answer.organizer.empty()) appendLine(text, "ORGANIZER:" + answer.organizer);
  if (!answer.attendee.empty()) appendLine(text, "ATTENDEE:" + answer.attendee);
  const auto appendPeriods = [&text](const std::vector<Period>& periods, const char* line) {
    for (const auto& period : periods) {
      text += line;
      appendUtcText(text, period.start);
      text += '/';
      appendUtcText(text, period.end);
      text += "\r\n";
    }
  };
  appendPeriods(answer.busy, "FREEBUSY;FBTYPE=BUSY:");
  appendPeriods(answer.unavailable, "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:");
  appendPeriods(answer.tentative, "FREEBUSY;FBTYPE=BUSY-TENTATIVE:");
  appendPeriods(answer.free, "FREEBUSY;FBTYPE=FREE:");
  text += "END:VFREEBUSY\r\nEND:VCALENDAR\r\n";
  return text;
}

}  // namespace caldav::scheduling
