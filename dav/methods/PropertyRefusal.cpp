#include "dav/methods/PropertyRefusal.h"

#include "dav/ErrorMapping.h"
#include "dav/Href.h"
#include "dav/Namespaces.h"
#include "dav/caldav/CalendarAvailability.h"
#include "dav/properties/LiveProperties.h"
#include "ical/InvalidCalendar.h"
#include "ical/TimezoneCalendar.h"
#include "scheduling/rules/BookingPolicy.h"

namespace caldav::dav::methods {
namespace {

std::string emptyElementOf(const xml::XmlElement& element) {
  return properties::emptyElement({element.ns, element.name});
}

// <D:error> naming `precondition` (RFC 4918 §16), for a propstat.
std::string errorXml(const std::optional<Precondition>& precondition) {
  if (!precondition) return "";
  const auto [ns, name] = preconditionName(*precondition);
  const std::string element = name;
  const std::string inner = std::string(ns) == kDavNs ? "<D:" + element + "/>"
                                                      : "<" + element + " xmlns=\"" + xmlEscape(ns) + "\"/>";
  return "<D:error>" + inner + "</D:error>";
}

}  // namespace

RefusedProperty protectedProperty(const xml::XmlElement& element) {
  return {emptyElementOf(element), Precondition::CannotModifyProtectedProperty,
          element.name + " is protected and cannot be set"};
}

std::optional<RefusedProperty> invalidValue(const xml::XmlElement& element) {
  if (element.ns == kBookingNs) {
    // docs/booking-rules.md: policy values are checked when set, so the rules can trust them.
    auto why = scheduling::invalidBookingValue(element.name, element.textContent());
    if (!why) return std::nullopt;
    return RefusedProperty{emptyElementOf(element), std::nullopt, *why};
  }
  if (element.is(kCalDavNs, "calendar-availability")) {
    try {
      caldav::parseCalendarAvailability(element.textContent());
      return std::nullopt;
    } catch (const ical::InvalidCalendar& error) {
      return RefusedProperty{emptyElementOf(element), Precondition::ValidCalendarData,
                             std::string("calendar-availability: ") + error.what()};
    }
  }
  if (!element.is(kCalDavNs, "calendar-timezone")) return std::nullopt;
  try {
    ical::parseTimezoneCalendar(element.textContent());
    return std::nullopt;
  } catch (const ical::InvalidCalendar& error) {
    return RefusedProperty{emptyElementOf(element), Precondition::ValidCalendarData,
                           std::string("calendar-timezone: ") + error.what()};
  }
}

std::vector<xml::Propstat> refusalPropstats(const std::vector<RefusedProperty>& refused,
                                            const std::vector<std::string>& others) {
  std::vector<xml::Propstat> propstats;
  for (const auto& property : refused) {
    propstats.push_back({403, {property.element}, errorXml(property.precondition), property.message});
  }
  propstats.push_back({424, others});
  return propstats;
}

}  // namespace caldav::dav::methods
