#include "ical/FreeBusyRequest.h"

#include "ical/detail/LocalTime.h"
#include "ical/detail/Walk.h"

#include <algorithm>
#include <cctype>

namespace caldav::ical {
namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

// A zoned DATE-TIME (UTC or a known TZID) as UTC seconds; std::nullopt otherwise.
std::optional<std::int64_t> zonedTime(icalcomponent* component, icalproperty_kind kind, icalcomponent* root) {
  icalproperty* property = detail::firstProperty(component, kind);
  if (property == nullptr) return std::nullopt;
  bool isKnown = true;
  const detail::LocalTime time = detail::propertyTime(property, root, &isKnown);
  if (!isKnown || time.isDate || time.isFloating()) return std::nullopt;
  return detail::keyOf(time);
}

}  // namespace

FreeBusyRequest freeBusyRequest(const CalendarObject& object) {
  FreeBusyRequest request;
  icalcomponent* root = object.root();
  if (icalproperty* method = detail::firstProperty(root, ICAL_METHOD_PROPERTY)) {
    const char* text = icalproperty_get_value_as_string(method);
    request.method = upper(text ? text : "");
  }
  icalcomponent* freeBusy = nullptr;
  bool isFirst = true;
  for (icalcomponent* component : detail::children(root)) {
    const icalcomponent_kind kind = icalcomponent_isa(component);
    if (kind == ICAL_VTIMEZONE_COMPONENT) continue;
    if (kind == ICAL_VFREEBUSY_COMPONENT) {
      ++request.freeBusyCount;
      if (freeBusy == nullptr) freeBusy = component;
      if (isFirst) request.isFreeBusy = true;
    }
    isFirst = false;
  }
  if (freeBusy == nullptr) return request;
  if (const char* uid = icalcomponent_get_uid(freeBusy)) request.uid = uid;
  if (icalproperty* organizer = detail::firstProperty(freeBusy, ICAL_ORGANIZER_PROPERTY)) {
    const char* value = icalproperty_get_organizer(organizer);
    request.organizer = value ? value : "";
  }
  for (icalproperty* attendee : detail::properties(freeBusy, ICAL_ATTENDEE_PROPERTY)) {
    const char* value = icalproperty_get_attendee(attendee);
    if (value != nullptr) request.attendees.emplace_back(value);
  }
  request.start = zonedTime(freeBusy, ICAL_DTSTART_PROPERTY, root);
  request.end = zonedTime(freeBusy, ICAL_DTEND_PROPERTY, root);
  return request;
}

}  // namespace caldav::ical
