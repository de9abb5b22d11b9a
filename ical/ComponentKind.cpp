#include "ical/ComponentKind.h"

#include <array>
#include <cctype>
#include <utility>

namespace caldav::ical {

namespace {

constexpr std::array<std::pair<ComponentKind, std::string_view>, 5> kNames{{
    {ComponentKind::Event, "VEVENT"},
    {ComponentKind::Todo, "VTODO"},
    {ComponentKind::Journal, "VJOURNAL"},
    {ComponentKind::FreeBusy, "VFREEBUSY"},
    {ComponentKind::Availability, "VAVAILABILITY"},
}};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view componentName(ComponentKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) {
      return name;
    }
  }
  return {};
}

std::optional<ComponentKind> componentKindFromName(std::string_view name) {
  for (const auto& [kind, n] : kNames) {
    if (equalsIgnoringCase(n, name)) {
      return kind;
    }
  }
  return std::nullopt;
}

}  // namespace caldav::ical
