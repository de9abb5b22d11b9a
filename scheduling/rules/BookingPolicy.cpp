#include "scheduling/rules/BookingPolicy.h"

#include "ical/ContentLines.h"

#include <array>
#include <cctype>

namespace caldav::scheduling {
namespace {

enum class Kind { Flag, Duration, Count, ConflictMode, Transitions };

struct PolicyProperty {
  const char* name;
  Kind kind;
};

constexpr std::array<PolicyProperty, 11> kProperties{{
    {kBookingRulesEnabled, Kind::Flag},
    {"min-notice", Kind::Duration},
    {"max-advance", Kind::Duration},
    {"min-duration", Kind::Duration},
    {"max-duration", Kind::Duration},
    {"buffer-before", Kind::Duration},
    {"buffer-after", Kind::Duration},
    {"max-bookings-per-day", Kind::Count},
    {"default-duration", Kind::Duration},
    {"conflict-mode", Kind::ConflictMode},
    {"status-transitions", Kind::Transitions},
}};

const PolicyProperty* find(const std::string& name) {
  for (const auto& property : kProperties) {
    if (name == property.name) return &property;
  }
  return nullptr;
}

std::string trimmed(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::optional<int> parseCount(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int value = std::stoi(text);
  if (value < 1) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::int64_t> parseDuration(const std::string& text) { return ical::parseDuration(trimmed(text)); }

bool isBookingPolicyProperty(const std::string& name) { return find(name) != nullptr; }

std::optional<std::string> invalidBookingValue(const std::string& name, const std::string& rawValue) {
  const PolicyProperty* property = find(name);
  if (!property) return "unknown booking property " + name;
  const std::string value = trimmed(rawValue);
  switch (property->kind) {
    case Kind::Flag:
      if (value != "true" && value != "false") return name + " must be true or false";
      return std::nullopt;
    case Kind::Duration: {
      auto seconds = parseDuration(value);
      if (!seconds || *seconds < 0) return name + " must be a non-negative RFC 5545 duration such as PT30M or P90D";
      if ((name == "min-duration" || name == "max-duration" || name == "default-duration") && *seconds == 0) {
        return name + " must be longer than zero";
      }
      return std::nullopt;
    }
    case Kind::Count:
      if (!parseCount(value)) return name + " must be a whole number from 1";
      return std::nullopt;
    case Kind::ConflictMode:
      if (value != "refuse" && value != "exclude") return name + " must be refuse or exclude";
      return std::nullopt;
    case Kind::Transitions:
      if (!StatusTransitions::parse(value)) {
        return name + " must read like \"tentative>confirmed,cancelled; confirmed>in-progress\"";
      }
      return std::nullopt;
  }
  return std::nullopt;
}

BookingPolicy parseBookingPolicy(const std::map<std::string, std::string>& values) {
  BookingPolicy policy;
  auto text = [&](const char* name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end() || invalidBookingValue(name, it->second)) return std::nullopt;
    return trimmed(it->second);
  };
  auto duration = [&](const char* name) -> std::optional<std::int64_t> {
    auto value = text(name);
    return value ? parseDuration(*value) : std::nullopt;
  };
  policy.isEnabled = text(kBookingRulesEnabled) == std::optional<std::string>("true");
  policy.minNotice = duration("min-notice");
  policy.maxAdvance = duration("max-advance");
  policy.minDuration = duration("min-duration");
  policy.maxDuration = duration("max-duration");
  policy.bufferBefore = duration("buffer-before").value_or(0);
  policy.bufferAfter = duration("buffer-after").value_or(0);
  if (auto count = text("max-bookings-per-day")) policy.maxBookingsPerDay = parseCount(*count);
  policy.defaultDuration = duration("default-duration");
  policy.excludesConflictingOccurrences = text("conflict-mode") == std::optional<std::string>("exclude");
  if (auto transitions = text("status-transitions")) policy.transitions = *StatusTransitions::parse(*transitions);
  return policy;
}

}  // namespace caldav::scheduling
