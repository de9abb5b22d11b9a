#include "dav/methods/CollectionCreation.h"

#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/PropertyRefusal.h"
#include "dav/properties/DeadProperty.h"
#include "dav/properties/LiveProperties.h"
#include "dav/xml/Multistatus.h"
#include "storage/CanonicalPath.h"

#include <optional>

namespace caldav::dav::methods {
namespace {

constexpr const char* kKnownComponents[] = {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY"};

bool isKnownComponent(const std::string& name) {
  for (const char* known : kKnownComponents) {
    if (name == known) return true;
  }
  return false;
}

// RFC 4791 §5.2.3: settable only at creation, and only to components we support.
bool isValidComponentSet(const xml::XmlElement& element) {
  auto comps = element.elements();
  if (comps.empty()) return false;
  for (const auto* comp : comps) {
    if (!comp->is(kCalDavNs, "comp")) return false;
    if (!isKnownComponent(comp->attribute("name"))) return false;
  }
  return true;
}

// Returns why `element` cannot be set at creation of a collection of `resourceType`, or
// std::nullopt if it can.
std::optional<RefusedProperty> refusalAtCreation(const xml::XmlElement& element, const std::string& resourceType) {
  if (element.is(kDavNs, "resourcetype")) return std::nullopt;  // checked against the method itself
  if (element.is(kCalDavNs, "supported-calendar-component-set")) {
    if (resourceType == kCalendarType && isValidComponentSet(element)) return std::nullopt;
    return RefusedProperty{properties::emptyElement({element.ns, element.name}), {},
                           "supported-calendar-component-set names a component this server does not store, "
                           "or the collection is no calendar"};
  }
  if (element.is(kCalDavNs, "schedule-default-calendar-URL")) {  // settable, but on the inbox only
    return RefusedProperty{properties::emptyElement({element.ns, element.name}),
                           Precondition::ValidScheduleDefaultCalendarUrl,
                           "Only the scheduling inbox has a default calendar"};
  }
  if (element.is(kCalDavNs, "calendar-availability")) {  // RFC 7953 §7.2.4: on the inbox only
    return RefusedProperty{properties::emptyElement({element.ns, element.name}), std::nullopt,
                           "Only the scheduling inbox has calendar-availability"};
  }
  if (properties::isProtected({element.ns, element.name})) return protectedProperty(element);
  return invalidValue(element);
}

// A creation that fails on its properties: RFC 4791 §5.3.1.1 answers MKCALENDAR with 207
// (Multi-Status) and the target's propstats; RFC 5689 §3 (example §3.5) answers extended MKCOL
// with 403 and a DAV:mkcol-response holding them.
Response creationRefused(bool isMkcalendar, const std::string& path, const std::vector<RefusedProperty>& refused,
                         const std::vector<std::string>& others) {
  if (isMkcalendar) {
    xml::Multistatus out;
    out.addPropstats(hrefFor(path, true), refusalPropstats(refused, others), "The calendar was not created");
    return Response::xml(207, out.str());
  }
  std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:mkcol-response xmlns:D=\"DAV:\">";
  for (const auto& propstat : refusalPropstats(refused, others)) xml::appendPropstat(body, propstat);
  body += "</D:mkcol-response>";
  return Response::xml(403, body);
}

// Throws 403 CALDAV:calendar-collection-location-ok if `path` lies inside a calendar
// (RFC 4791 §4.2: calendars contain no collections at any depth).
void requireOutsideCalendars(storage::ReadTransaction& txn, const std::string& path) {
  for (std::string ancestor = storage::parentOf(path); !ancestor.empty(); ancestor = storage::parentOf(ancestor)) {
    auto node = txn.findNode(ancestor);
    if (node && node->resourceType == kCalendarType) {
      throw HttpError(Precondition::CalendarCollectionLocationOk, "Collections cannot be created inside a calendar");
    }
  }
}

}  // namespace

std::vector<const xml::XmlElement*> initialProperties(const xml::XmlElement& root) {
  std::vector<const xml::XmlElement*> out;
  for (const auto* set : root.elements()) {
    if (!set->is(kDavNs, "set")) continue;
    if (const auto* prop = set->child(kDavNs, "prop")) {
      for (const auto* property : prop->elements()) out.push_back(property);
    }
  }
  return out;
}

storage::NodeRecord storeCollection(storage::WriteTransaction& txn, const std::string& path,
                                    const std::string& resourceType, const std::string& owner, std::int64_t now,
                                    const std::vector<const xml::XmlElement*>& set) {
  auto node = txn.createCollection(path, resourceType, owner, now);
  for (const auto* element : set) {
    if (element->is(kDavNs, "resourcetype")) continue;  // given by `resourceType`
    txn.setProperty(node.id, properties::deadProperty(*element));
  }
  return node;
}

Response createCollection(Context& context, const std::string& resourceType,
                          const std::vector<const xml::XmlElement*>& set) {
  const std::string& path = context.target.path;
  const bool isMkcalendar = context.request.method == "MKCALENDAR";
  std::vector<std::string> ok;
  std::vector<RefusedProperty> refused;
  for (const auto* element : set) {
    if (auto refusal = refusalAtCreation(*element, resourceType)) {
      refused.push_back(std::move(*refusal));
    } else {
      ok.push_back(properties::emptyElement({element->ns, element->name}));
    }
  }
  auto txn = beginWriteFor(context);
  if (txn->findNode(path)) {
    // RFC 4791 §1.3: a failed MKCALENDAR precondition is 403; MKCOL on a mapped URL is 405
    // (RFC 4918 §9.3.1).
    throw HttpError(isMkcalendar ? 403 : 405, Precondition::ResourceMustBeNull, "Something already exists at this URL");
  }
  requireNotFixed(path, context.request.method);
  requireParentCollection(*txn, path);
  requireOutsideCalendars(*txn, path);
  locks::LockGuard guard(context.request, *txn, context.now, path);
  guard.checkIfHeader();
  guard.requireUnlocked(path, false);
  guard.requireMembershipUnlocked(storage::parentOf(path));
  if (!refused.empty()) return creationRefused(isMkcalendar, path, refused, ok);
  storeCollection(*txn, path, resourceType, ownerOfPath(path), context.now, set);
  txn->commit();
  Response response = Response::empty(201);
  response.setHeader("Location", hrefFor(path, true));
  return response;
}

}  // namespace caldav::dav::methods
