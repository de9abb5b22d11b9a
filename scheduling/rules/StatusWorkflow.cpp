#include "scheduling/rules/StatusWorkflow.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace caldav::scheduling {
namespace {

struct StatusName {
  AppointmentStatus status;
  const char* name;
};

constexpr std::array<StatusName, 6> kNames{{
    {AppointmentStatus::Tentative, "tentative"},
    {AppointmentStatus::Confirmed, "confirmed"},
    {AppointmentStatus::Cancelled, "cancelled"},
    {AppointmentStatus::InProgress, "in-progress"},
    {AppointmentStatus::Completed, "completed"},
    {AppointmentStatus::NoShow, "no-show"},
}};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<AppointmentStatus> statusFromName(std::string_view name) {
  const std::string wanted = lower(trim(name));
  for (const auto& entry : kNames) {
    if (wanted == entry.name) return entry.status;
  }
  return std::nullopt;
}

const char* statusName(AppointmentStatus status) {
  for (const auto& entry : kNames) {
    if (entry.status == status) return entry.name;
  }
  return "?";
}

std::optional<AppointmentStatus> appointmentStatus(std::string_view status, std::string_view extension) {
  if (!trim(extension).empty()) {
    auto named = statusFromName(extension);
    if (!named || (*named != AppointmentStatus::InProgress && *named != AppointmentStatus::Completed &&
                   *named != AppointmentStatus::NoShow)) {
      return std::nullopt;
    }
    return named;
  }
  if (trim(status).empty()) return AppointmentStatus::Confirmed;  // RFC 5545 has no default; ours
  auto named = statusFromName(status);
  if (!named || (*named != AppointmentStatus::Tentative && *named != AppointmentStatus::Confirmed &&
                 *named != AppointmentStatus::Cancelled)) {
    return std::nullopt;
  }
  return named;
}

bool isBlocking(AppointmentStatus status) {
  return status != AppointmentStatus::Cancelled && status != AppointmentStatus::NoShow;
}

StatusTransitions StatusTransitions::appointmentDefault() {
  return *parse(
      "tentative>confirmed,cancelled,no-show; confirmed>in-progress,cancelled,no-show; in-progress>completed; "
      "cancelled>tentative; completed>no-show");
}

std::optional<StatusTransitions> StatusTransitions::parse(std::string_view text) {
  StatusTransitions transitions;
  while (!trim(text).empty()) {
    std::size_t end = text.find(';');
    std::string_view rule = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (trim(rule).empty()) continue;
    std::size_t arrow = rule.find('>');
    if (arrow == std::string_view::npos) return std::nullopt;
    auto from = statusFromName(rule.substr(0, arrow));
    if (!from) return std::nullopt;
    std::string_view targets = rule.substr(arrow + 1);
    while (true) {
      std::size_t comma = targets.find(',');
      auto to = statusFromName(targets.substr(0, comma));
      if (!to) return std::nullopt;
      transitions.allowed_.emplace_back(*from, *to);
      if (comma == std::string_view::npos) break;
      targets = targets.substr(comma + 1);
    }
  }
  return transitions;
}

bool StatusTransitions::allows(AppointmentStatus from, AppointmentStatus to) const {
  return from == to || std::find(allowed_.begin(), allowed_.end(), std::make_pair(from, to)) != allowed_.end();
}

}  // namespace caldav::scheduling
