#pragma once

#include "ical/detail/IcalPtr.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace caldav::ical {

// The time zone that gives floating times (and DATE values) a meaning in time-range queries:
// the collection's CALDAV:calendar-timezone (RFC 4791 §5.2.2, §9.9), or UTC when it has none.
// Move-only; cheap to move. Safe to share between threads only once built and if libical was
// built thread-safe (Debian's is); conversions do not mutate it.
// Floating instances are stored as wall-clock time and any zone is within ±14 h of UTC: a
// range scan of the index is widened by this much on both sides.
inline constexpr std::int64_t kFloatingSlack = 14 * 3600;

class FloatingZone {
 public:
  // UTC: floating wall-clock seconds are taken as UTC seconds.
  static FloatingZone utc();

  // An IANA zone name ("Europe/Berlin"), resolved through libical's builtin zones (the system
  // tzdata on Debian). Throws InvalidCalendar{ValidCalendarData} if the name is unknown.
  static FloatingZone fromIana(std::string_view name);

  // A CALDAV:calendar-timezone value: a VCALENDAR holding exactly one VTIMEZONE (a bare
  // VTIMEZONE is accepted too). Throws InvalidCalendar{ValidCalendarData} otherwise.
  static FloatingZone fromVTimezone(std::string_view text);

  FloatingZone(FloatingZone&&) noexcept = default;
  FloatingZone& operator=(FloatingZone&&) noexcept = default;
  FloatingZone(const FloatingZone&) = delete;
  FloatingZone& operator=(const FloatingZone&) = delete;
  ~FloatingZone() = default;

  // Converts wall-clock seconds in this zone (a floating value read as if UTC) to UTC seconds,
  // per RFC 5545 §3.3.5: a repeated local time means its first occurrence; a local time in a
  // DST gap is read with the offset before the gap.
  std::int64_t toUtc(std::int64_t wallClockSeconds) const;

  // The wall-clock seconds of the UTC instant `utcSeconds` in this zone.
  std::int64_t toWallClock(std::int64_t utcSeconds) const;

  // "UTC", the IANA name, or the VTIMEZONE's TZID.
  const std::string& tzid() const { return tzid_; }

  bool isUtc() const { return zone_ == nullptr; }

  // For ical/ internals: the libical zone, or nullptr for UTC. This object keeps ownership.
  icaltimezone* zone() const { return zone_; }

 private:
  FloatingZone(std::string tzid, icaltimezone* zone, detail::IcalTimezonePtr owned);

  std::string tzid_;
  icaltimezone* zone_ = nullptr;
  detail::IcalTimezonePtr owned_;  // set when built from a VTIMEZONE
};

}  // namespace caldav::ical
