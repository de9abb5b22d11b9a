#include "ical/TimezoneCalendar.h"

#include "ical/CalendarObject.h"
#include "ical/InvalidCalendar.h"
#include "ical/detail/Walk.h"

#include <string>

namespace caldav::ical {

namespace {

[[noreturn]] void invalidZone(const std::string& message) {
  throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData, message);
}

}  // namespace

FloatingZone parseTimezoneCalendar(std::string_view text) {
  const CalendarObject calendar = CalendarObject::parse(text);
  const auto components = detail::children(calendar.root());
  if (components.size() != 1 ||
      icalcomponent_isa(components.front()) != ICAL_VTIMEZONE_COMPONENT) {
    invalidZone(
        "a time zone must be a VCALENDAR holding exactly one VTIMEZONE and no other component");
  }
  // RFC 5545 §3.6.5: a VTIMEZONE has at least one STANDARD or DAYLIGHT sub-component.
  const auto observances = detail::children(components.front());
  bool hasObservance = false;
  for (icalcomponent* observance : observances) {
    const icalcomponent_kind kind = icalcomponent_isa(observance);
    hasObservance = hasObservance || kind == ICAL_XSTANDARD_COMPONENT ||
                    kind == ICAL_XDAYLIGHT_COMPONENT;
  }
  if (!hasObservance) {
    invalidZone("the VTIMEZONE has no STANDARD or DAYLIGHT observance");
  }
  return FloatingZone::fromVTimezone(text);
}

}  // namespace caldav::ical
