#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/properties/LiveProperties.h"
#include "dav/xml/Multistatus.h"
#include "dav/xml/SafeXmlParser.h"
#include "ical/FloatingZone.h"
#include "dav/caldav/CalendarSettings.h"
#include "ical/InvalidCalendar.h"
#include "scheduling/rules/BookingPolicy.h"

namespace caldav::dav::methods {
namespace {

struct PropertyUpdate {
  bool isRemove = false;
  const xml::XmlElement* element = nullptr;
};

// Returns the set/remove instructions in document order (RFC 4918 §9.2: they apply in order).
std::vector<PropertyUpdate> parseUpdates(const xml::XmlElement& root) {
  if (!root.is(kDavNs, "propertyupdate")) throw HttpError(400, "The body must be a DAV:propertyupdate element");
  std::vector<PropertyUpdate> updates;
  for (const auto* instruction : root.elements()) {
    bool isRemove = instruction->is(kDavNs, "remove");
    if (!isRemove && !instruction->is(kDavNs, "set")) continue;
    const auto* prop = instruction->child(kDavNs, "prop");
    if (!prop) throw HttpError(400, "DAV:set and DAV:remove must contain DAV:prop");
    for (const auto* property : prop->elements()) updates.push_back({isRemove, property});
  }
  if (updates.empty()) throw HttpError(400, "DAV:propertyupdate changes nothing");
  return updates;
}

// RFC 4791 §5.2.2: CALDAV:calendar-timezone must be a VCALENDAR with one VTIMEZONE. Booking
// policy values must parse (docs/booking-rules.md), and only calendars have a policy.
bool isValidValue(const xml::XmlElement& element, const storage::NodeRecord& node) {
  if (element.ns == kBookingNs) {
    return caldav::isCalendar(node) && !scheduling::invalidBookingValue(element.name, element.textContent());
  }
  if (!element.is(kCalDavNs, "calendar-timezone")) return true;
  try {
    ical::FloatingZone::fromVTimezone(element.textContent());
    return true;
  } catch (const ical::InvalidCalendar&) {
    return false;
  }
}

}  // namespace

Response proppatch(Context& context) {
  xml::XmlElement root = xml::parseXml(context.request.body);
  auto updates = parseUpdates(root);
  auto txn = beginWriteFor(context);
  auto node = requireNode(*txn, context.target.path);
  locks::LockGuard guard(context.request, *txn, context.now, node.path);
  guard.checkIfHeader();
  guard.requireUnlocked(node.path, false);

  std::vector<std::string> ok, forbidden;
  for (const auto& update : updates) {
    properties::PropertyName name{update.element->ns, update.element->name};
    if (properties::isProtected(name) || (!update.isRemove && !isValidValue(*update.element, node))) {
      forbidden.push_back(properties::emptyElement(name));
    } else {
      ok.push_back(properties::emptyElement(name));
    }
  }
  xml::Multistatus out;
  std::string href = hrefFor(node.path, node.isCollection);
  if (!forbidden.empty()) {
    // RFC 4918 §9.2: PROPPATCH is atomic; everything else fails with 424.
    out.addPropstats(href, {{403, forbidden}, {424, ok}}, "Protected or invalid properties cannot be set");
    return Response::xml(207, out.str());
  }
  for (const auto& update : updates) {
    if (update.isRemove) {
      txn->removeProperty(node.id, update.element->ns, update.element->name);
    } else {
      txn->setProperty(node.id, {update.element->ns, update.element->name, update.element->serialize()});
    }
  }
  txn->commit();
  out.addPropstats(href, {{200, ok}});
  return Response::xml(207, out.str());
}

}  // namespace caldav::dav::methods
