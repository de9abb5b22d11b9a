#include "ical/ContentLines.h"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>

namespace caldav::ical {
namespace {

// RFC 5545 §3.1: a line break followed by a space or tab continues the previous line.
std::vector<std::string> unfoldedLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !lines.empty()) {
      lines.back().append(line.substr(1));
    } else if (!line.empty()) {
      lines.emplace_back(line);
    }
    pos = end + 1;
  }
  return lines;
}

// The property name of a content line, upper-cased: what precedes the first ';' or ':'.
std::string nameOf(std::string_view line) {
  std::size_t end = line.find_first_of(";:");
  std::string name(line.substr(0, end));
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

bool isIgnored(const std::string& name) { return name == "BEGIN" || name == "END" || name == "DTSTAMP"; }

}  // namespace

std::vector<std::string> changedPropertyNames(std::string_view before, std::string_view after) {
  std::vector<std::string> a = unfoldedLines(before);
  std::vector<std::string> b = unfoldedLines(after);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> differing;
  std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(differing));
  std::vector<std::string> names;
  for (const auto& line : differing) {
    std::string name = nameOf(line);
    if (!isIgnored(name)) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string firstComponentValue(std::string_view text, std::string_view name) {
  int depth = 0;
  bool inTimezone = false;
  for (const auto& line : unfoldedLines(text)) {
    std::string lineName = nameOf(line);
    std::size_t colon = line.find(':');
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    if (lineName == "BEGIN") {
      ++depth;
      if (depth == 2) inTimezone = value == "VTIMEZONE";
    } else if (lineName == "END") {
      if (depth == 2 && !inTimezone) return "";  // the first component had no such property
      --depth;
    } else if (depth == 2 && !inTimezone && lineName == name) {
      return value;
    }
  }
  return "";
}

std::optional<std::int64_t> parseDuration(std::string_view text) {
  std::string value(text);
  // RFC 5545 §3.3.6 needs at least one number ("PT" alone is not a duration; libical reads 0).
  if (value.find_first_not_of("+-PTWDHMS0123456789") != std::string::npos ||
      value.find_first_of("0123456789") == std::string::npos) {
    return std::nullopt;
  }
  // libical reports a malformed value as the bad duration (its errors are not fatal in
  // Debian's build); the character check above keeps it from reading anything else.
  icaldurationtype duration = icaldurationtype_from_string(value.c_str());
  if (icaldurationtype_is_bad_duration(duration)) return std::nullopt;
  return static_cast<std::int64_t>(icaldurationtype_as_int(duration));
}

}  // namespace caldav::ical
