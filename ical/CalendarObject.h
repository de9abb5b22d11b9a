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
  // Parses `body`. Throws InvalidCalendar{ValidCalendarData} with a human-readable message if its
  // bytes are not UTF-8, hold control characters or nest too deeply (detail/ContentBytes.h), or
  // it is not exactly one VCALENDAR, has parse errors, or lacks VERSION:2.0. Empty TEXT values
  // (`DESCRIPTION:`) are valid (RFC 5545 §3.3.11) and kept.
  static CalendarObject parse(std::string_view body);

  // Parses `body` as a client sent it for storage: as parse(), but first makes the repairs of
  // detail/Repair.h (a leading UTF-8 byte order mark dropped, bare components wrapped, VERSION,
  // PRODID, DTSTAMP added with `now` in Unix seconds, repeated RECURRENCE-IDs dropped). Time
  // zones are bounded (detail/ZoneBounds.h) before anything asks them for an offset. If a repair
  // was made, the object is the repaired text parsed again: repairs() says what was done and
  // repairedText() is what to store (libical's serialization: names libical does not know,
  // such as non-X unknown properties and components, are not in it). Throws as parse().
  static CalendarObject parseForStorage(std::string_view body, std::int64_t now);

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
  // a real date (detail/Structure.h) within [minDateTime, maxDateTime], at most maxInstances
  // instances before horizonEnd; components nested only where iCalendar allows them, and
  // time zones whose transitions are bounded (detail/ZoneBounds.h). A VTODO may have RRULE or
  // RDATE without DTSTART: it is kept, and has no dated instances.
  // Throws InvalidCalendar with the code of the first rule broken.
  void validateAsResource(const ValidationRules& rules) const;

  // The UID of the first non-VTIMEZONE component; empty if there is none.
  const std::string& uid() const { return uid_; }
  // The type of the first non-VTIMEZONE component; std::nullopt if none is a known kind.
  std::optional<ComponentKind> kind() const { return kind_; }

  // The object serialized again (CRLF line endings).
  std::string text() const;

  // What parseForStorage repaired, one description per repair; empty for parse() and for bodies
  // that needed none (then the client's bytes are what to store).
  const std::vector<std::string>& repairs() const { return repairs_; }
  bool isRepaired() const { return !repairs_.empty(); }
  // The text to store instead of the client's bytes when isRepaired(); empty otherwise.
  const std::string& repairedText() const { return repairedText_; }

  // The VCALENDAR; for ical/ internals. The object keeps ownership.
  icalcomponent* root() const { return root_.get(); }

 private:
  explicit CalendarObject(detail::IcalComponentPtr root);

  detail::IcalComponentPtr root_;
  std::string uid_;
  std::optional<ComponentKind> kind_;
  std::vector<std::string> repairs_;
  std::string repairedText_;
};

}  // namespace caldav::ical
