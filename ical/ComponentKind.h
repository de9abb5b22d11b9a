#pragma once

#include <optional>
#include <string_view>

namespace caldav::ical {

// The calendar component types a calendar object resource can hold (RFC 4791 §4.1, §5.2.3).
enum class ComponentKind { Event, Todo, Journal, FreeBusy, Availability };

// Returns the iCalendar name ("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY").
std::string_view componentName(ComponentKind kind);

// Returns the kind named `name` (case-insensitive), or std::nullopt for any other name.
std::optional<ComponentKind> componentKindFromName(std::string_view name);

}  // namespace caldav::ical
