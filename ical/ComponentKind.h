#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace caldav::ical {

// The calendar component types a calendar object resource can hold (RFC 4791 §4.1, §5.2.3).
enum class ComponentKind { Event, Todo, Journal, FreeBusy, Availability };

// Every kind, in the order above: what a calendar created without a
// supported-calendar-component-set accepts (RFC 4791 §5.2.3: "any calendar component").
inline constexpr std::array<ComponentKind, 5> kAllComponentKinds{ComponentKind::Event, ComponentKind::Todo,
                                                                 ComponentKind::Journal, ComponentKind::FreeBusy,
                                                                 ComponentKind::Availability};

// Returns the iCalendar name ("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY").
std::string_view componentName(ComponentKind kind);

// Returns the kind named `name` (case-insensitive), or std::nullopt for any other name.
std::optional<ComponentKind> componentKindFromName(std::string_view name);

}  // namespace caldav::ical
