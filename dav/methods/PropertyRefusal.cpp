#include "dav/methods/PropertyRefusal.h"

#include "dav/Href.h"
#include "dav/Namespaces.h"
#include "dav/properties/LiveProperties.h"
#include "ical/InvalidCalendar.h"
#include "ical/TimezoneCalendar.h"

namespace caldav::dav::methods {
namespace {

std::string emptyElementOf(const xml::XmlElement& element) {
  return properties::emptyElement({element.ns, element.name});
}

// <D:error> naming `condition` (RFC 4918 §16), for a propstat.
std::string errorXml(const Condition& condition) {
  if (condition.empty()) return "";
  const std::string inner = condition.ns == kDavNs ? "<D:" + condition.name + "/>"
                                                   : "<" + condition.name + " xmlns=\"" + xmlEscape(condition.ns) + "\"/>";
  return "<D:error>" + inner + "</D:error>";
}

}  // namespace

RefusedProperty protectedProperty(const xml::XmlElement& element) {
  return {emptyElementOf(element), {kDavNs, "cannot-modify-protected-property"},
          element.name + " is protected and cannot be set"};
}

std::optional<RefusedProperty> invalidValue(const xml::XmlElement& element) {
  if (!element.is(kCalDavNs, "calendar-timezone")) return std::nullopt;
  try {
    ical::parseTimezoneCalendar(element.textContent());
    return std::nullopt;
  } catch (const ical::InvalidCalendar& error) {
    return RefusedProperty{emptyElementOf(element), {kCalDavNs, "valid-calendar-data"},
                           std::string("calendar-timezone: ") + error.what()};
  }
}

std::vector<xml::Propstat> refusalPropstats(const std::vector<RefusedProperty>& refused,
                                            const std::vector<std::string>& others) {
  std::vector<xml::Propstat> propstats;
  for (const auto& property : refused) {
    propstats.push_back({403, {property.element}, errorXml(property.condition), property.message});
  }
  propstats.push_back({424, others});
  return propstats;
}

}  // namespace caldav::dav::methods
