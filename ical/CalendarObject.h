#pragma once

#include "ical/ComponentKind.h"
#include "ical/InvalidCalendar.h"
#include "ical/detail/IcalPtr.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::ical {

// Defaults recommended in docs/ical.md.
constexpr std::int64_t kDefaultHorizonSeconds = 2 * 366 * 86400;  // index about 2 years ahead
constexpr std::size_t kDefaultMaxInstances = 20000;

// What a collection accepts (RFC 4791 §5.2.3, §5.2.6, §5.2.7, §5.2.8). Times are Unix seconds.
struct ValidationRules {
  std::vector<ComponentKind> supportedComponents{ComponentKind::Event, ComponentKind::Todo,
                                                 ComponentKind::Journal};
  std::int64_t minDateTime = -2208988800;  // 1900-01-01T00:00:00Z
  std::int64_t maxDateTime = 7258118400;   // 2200-01-01T00:00:00Z
  std::size_t maxInstances = kDefaultMaxInstances;
  // Recurrences are expanded (and counted against maxInstances) up to this instant; the caller
  // passes "now + horizon" from its injected clock.
  std::int64_t horizonEnd = 0;
  // false: validateAsResource does not expand the recurrence to count its instances, because
  // the caller expands it once anyway when it indexes the object (scheduling::prepareObject),
  // where too many instances fail the same way.
  bool countInstances = true;
};

// A parsed iCalendar stream whose root is one VCALENDAR. Owns the libical tree; move-only.
// Not thread-safe: use one object from one thread at a time (distinct objects are independent).
class CalendarObject {
 public:
  // Parses `body`. Throws InvalidCalendar{ValidCalendarData} with a human-readable message if it
  // is not exactly one VCALENDAR, has parse errors, or lacks VERSION:2.0.
  static CalendarObject parse(std::string_view body);

  CalendarObject(CalendarObject&&) noexcept = default;
  CalendarObject& operator=(CalendarObject&& other) noexcept;
  CalendarObject(const CalendarObject&) = delete;
  CalendarObject& operator=(const CalendarObject&) = delete;
  ~CalendarObject();

  // Checks the RFC 4791 §4.1 / §5.3.2 preconditions for storing this object in a calendar
  // collection: one component type (besides VTIMEZONE) that `rules` support, one UID shared by
  // all components, at most one master and distinct RECURRENCE-IDs, no METHOD, every TZID
  // defined by a VTIMEZONE in the object or a known IANA name (RFC 7809), DTSTART in VEVENT
  // and before DTEND/DUE, not both DTEND (or DUE) and DURATION, every DATE/DATE-TIME value
  // within [minDateTime, maxDateTime], at most maxInstances instances before horizonEnd.
  // Throws InvalidCalendar with the code of the first rule broken.
  void validateAsResource(const ValidationRules& rules) const;

  // The UID of the first non-VTIMEZONE component; empty if there is none.
  const std::string& uid() const { return uid_; }
  // The type of the first non-VTIMEZONE component; std::nullopt if none is a known kind.
  std::optional<ComponentKind> kind() const { return kind_; }

  // The object serialized again (CRLF line endings).
  std::string text() const;

  // The VCALENDAR; for ical/ internals. The object keeps ownership.
  icalcomponent* root() const { return root_.get(); }

 private:
  explicit CalendarObject(detail::IcalComponentPtr root);

  detail::IcalComponentPtr root_;
  std::string uid_;
  std::optional<ComponentKind> kind_;
};

}  // namespace caldav::ical
