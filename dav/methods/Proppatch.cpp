#include "dav/Href.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/ScheduleDefaultCalendar.h"
#include "dav/HttpError.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/methods/PropertyRefusal.h"
#include "dav/properties/DeadProperty.h"
#include "dav/properties/LiveProperties.h"
#include "dav/xml/Multistatus.h"
#include "dav/xml/SafeXmlParser.h"

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

}  // namespace

Response proppatch(Context& context) {
  xml::XmlElement root = xml::parseXml(context.request.body);
  auto updates = parseUpdates(root);
  // Values are checked before the write transaction opens (a time zone is parsed).
  std::vector<std::string> ok;
  std::vector<RefusedProperty> refused;
  for (const auto& update : updates) {
    properties::PropertyName name{update.element->ns, update.element->name};
    if (properties::isProtected(name)) {
      refused.push_back(protectedProperty(*update.element));
    } else if (auto invalid = update.isRemove ? std::nullopt : invalidValue(*update.element)) {
      refused.push_back(std::move(*invalid));
    } else {
      ok.push_back(properties::emptyElement(name));
    }
  }
  auto txn = beginWriteFor(context);
  auto node = requireNode(*txn, context.target.path);
  // Only calendars have a booking policy (docs/booking-rules.md).
  if (!caldav::isCalendar(node)) {
    for (const auto& update : updates) {
      if (update.isRemove || update.element->ns != kBookingNs) continue;
      auto element = properties::emptyElement({update.element->ns, update.element->name});
      std::erase(ok, element);
      refused.push_back({element, std::nullopt, "Only calendars have a booking policy"});
    }
  }
  // RFC 6638 §9.2: only the inbox has a default calendar, and it must be one of its owner's
  // calendars that accepts events; removing the choice brings back the server's default.
  for (const auto& update : updates) {
    if (!update.element->is(kCalDavNs, "schedule-default-calendar-URL")) continue;
    std::optional<std::string> why;
    if (node.resourceType != kScheduleInboxType) {
      why = "Only the scheduling inbox has a default calendar";
    } else if (!update.isRemove) {
      why = caldav::invalidScheduleDefaultCalendar(*txn, node.owner, *update.element);
    }
    if (!why) continue;
    auto element = properties::emptyElement({update.element->ns, update.element->name});
    std::erase(ok, element);
    refused.push_back({element, Precondition::ValidScheduleDefaultCalendarUrl, *why});
  }
  // RFC 7953 §7.2.4: availability is set on the schedule inbox, nowhere else.
  if (node.resourceType != kScheduleInboxType) {
    for (const auto& update : updates) {
      if (update.isRemove || !update.element->is(kCalDavNs, "calendar-availability")) continue;
      auto element = properties::emptyElement({update.element->ns, update.element->name});
      if (std::erase(ok, element) == 0) continue;  // already refused for its value
      refused.push_back({element, std::nullopt, "Only the scheduling inbox has calendar-availability"});
    }
  }
  locks::LockGuard guard(context.request, *txn, context.now, node.path);
  guard.checkIfHeader();
  guard.requireUnlocked(node.path, false);

  xml::Multistatus out;
  std::string href = hrefFor(node.path, node.isCollection);
  if (!refused.empty()) {
    // RFC 4918 §9.2: PROPPATCH is atomic; everything else fails with 424.
    out.addPropstats(href, refusalPropstats(refused, ok), "Protected or invalid properties cannot be set");
    return Response::xml(207, out.str());
  }
  for (const auto& update : updates) {
    if (update.isRemove) {
      txn->removeProperty(node.id, update.element->ns, update.element->name);
    } else {
      txn->setProperty(node.id, properties::deadProperty(*update.element));
    }
  }
  txn->commit();
  out.addPropstats(href, {{200, ok}});
  return Response::xml(207, out.str());
}

}  // namespace caldav::dav::methods
