#include "dav/methods/CollectionCreation.h"

#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/properties/LiveProperties.h"
#include "dav/xml/Multistatus.h"
#include "storage/CanonicalPath.h"

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

// Returns true if `element` may be set at creation of a collection of `resourceType`.
bool isSettable(const xml::XmlElement& element, const std::string& resourceType) {
  if (element.is(kDavNs, "resourcetype")) return true;  // checked against the method itself
  if (element.is(kCalDavNs, "supported-calendar-component-set")) {
    return resourceType == kCalendarType && isValidComponentSet(element);
  }
  return !properties::isProtected({element.ns, element.name});
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

Response createCollection(Context& context, const std::string& resourceType,
                          const std::vector<const xml::XmlElement*>& set) {
  const std::string& path = context.target.path;
  std::vector<std::string> ok, forbidden;
  for (const auto* element : set) {
    (isSettable(*element, resourceType) ? ok : forbidden).push_back(properties::emptyElement({element->ns, element->name}));
  }
  auto txn = beginWriteFor(context);
  if (txn->findNode(path)) throw HttpError(405, Precondition::ResourceMustBeNull, "Something already exists at this URL");
  requireNotFixed(path, context.request.method);
  requireParentCollection(*txn, path);
  requireOutsideCalendars(*txn, path);
  locks::LockGuard guard(context.request, *txn, context.now, path);
  guard.checkIfHeader();
  guard.requireUnlocked(path, false);
  guard.requireMembershipUnlocked(storage::parentOf(path));
  if (!forbidden.empty()) {
    xml::Multistatus out;
    out.addPropstats(hrefFor(path, true), {{403, forbidden}, {424, ok}});
    return Response::xml(403, out.str());
  }
  auto node = txn->createCollection(path, resourceType, context.user, context.now);
  for (const auto* element : set) {
    if (element->is(kDavNs, "resourcetype")) continue;
    txn->setProperty(node.id, {element->ns, element->name, element->serialize()});
  }
  txn->commit();
  Response response = Response::empty(201);
  response.setHeader("Location", hrefFor(path, true));
  return response;
}

}  // namespace caldav::dav::methods
