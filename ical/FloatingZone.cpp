#include "ical/FloatingZone.h"

#include "ical/InvalidCalendar.h"
#include "ical/detail/LocalTime.h"
#include "ical/detail/Walk.h"
#include "ical/detail/ZoneBounds.h"

#include <utility>

namespace caldav::ical {

namespace {

[[noreturn]] void invalidZone(const std::string& message) {
  throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData, message);
}

}  // namespace

FloatingZone::FloatingZone(std::string tzid, icaltimezone* zone, detail::IcalTimezonePtr owned)
    : tzid_(std::move(tzid)), zone_(zone), owned_(std::move(owned)) {}

FloatingZone FloatingZone::utc() { return FloatingZone("UTC", nullptr, nullptr); }

FloatingZone FloatingZone::fromIana(std::string_view name) {
  const std::string tzid(name);
  if (tzid == "UTC" || tzid == "Etc/UTC") {
    return utc();
  }
  icaltimezone* zone = detail::resolveTzid(nullptr, tzid.c_str());
  if (zone == nullptr) {
    invalidZone("unknown time zone: " + tzid);
  }
  return FloatingZone(tzid, zone, nullptr);
}

FloatingZone FloatingZone::fromVTimezone(std::string_view text) {
  const std::string body(text);
  detail::IcalComponentPtr root(icalparser_parse_string(body.c_str()));
  if (!root) {
    invalidZone("calendar-timezone is not iCalendar data");
  }
  icalcomponent* vtimezone = nullptr;
  if (icalcomponent_isa(root.get()) == ICAL_VTIMEZONE_COMPONENT) {
    vtimezone = root.release();
  } else {
    const auto zones = detail::children(root.get(), ICAL_VTIMEZONE_COMPONENT);
    if (icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT || zones.size() != 1) {
      invalidZone("calendar-timezone must be a VCALENDAR with exactly one VTIMEZONE");
    }
    vtimezone = zones.front();
    icalcomponent_remove_component(root.get(), vtimezone);
  }
  detail::IcalComponentPtr component(vtimezone);
  icalproperty* tzidProp = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY);
  if (tzidProp == nullptr || icalproperty_get_tzid(tzidProp) == nullptr) {
    invalidZone("VTIMEZONE without TZID");
  }
  std::string tzid = icalproperty_get_tzid(tzidProp);
  detail::checkZoneBounds(vtimezone);  // before libical expands it (ZoneBounds.h)
  detail::IcalTimezonePtr zone(icaltimezone_new());
  if (icaltimezone_set_component(zone.get(), component.get()) == 0) {
    invalidZone("VTIMEZONE " + tzid + " is not usable");
  }
  component.release();  // now owned by the zone
  icaltimezone* raw = zone.get();
  return FloatingZone(std::move(tzid), raw, std::move(zone));
}

std::int64_t FloatingZone::toUtc(std::int64_t wallClockSeconds) const {
  return detail::localToUtc(wallClockSeconds, zone_);
}

std::int64_t FloatingZone::toWallClock(std::int64_t utcSeconds) const {
  return detail::utcToLocal(utcSeconds, zone_);
}

}  // namespace caldav::ical
