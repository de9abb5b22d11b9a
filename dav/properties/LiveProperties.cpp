#include "dav/properties/LivePropertyTable.h"

#include "dav/Access.h"
#include "dav/CollectionListing.h"
#include "dav/Conditions.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/locks/LockGuard.h"

#include <array>

namespace caldav::dav::properties {
namespace {

bool always(const storage::NodeRecord&) { return true; }
bool isResource(const storage::NodeRecord& node) { return !node.isCollection; }
bool hasEtag(const storage::NodeRecord& node) { return !node.etag.empty(); }
bool isPrincipal(const storage::NodeRecord& node) { return node.resourceType == kPrincipalType; }

// Appends <D:name>value</D:name>, with `value` escaped when `escape`, straight into the
// answer: these render once per member of every PROPFIND and REPORT answer.
void davElement(std::string& out, std::string_view name, std::string_view value, bool escape = false) {
  out += "<D:";
  out += name;
  out += '>';
  if (escape) {
    appendXmlEscaped(out, value);
  } else {
    out += value;
  }
  out += "</D:";
  out += name;
  out += '>';
}

// <D:name><D:href>…</D:href></D:name> for the collection at `path`.
void davHrefElement(std::string& out, std::string_view name, const std::string& path) {
  davElement(out, name, "<D:href>" + xmlEscape(hrefFor(path, true)) + "</D:href>");
}

void resourceType(const PropertyContext& c, std::string& out) {
  out += "<D:resourcetype>";
  if (c.node.isCollection) out += "<D:collection/>";
  if (c.node.resourceType == kPrincipalType) out += "<D:principal/>";
  if (c.node.resourceType == kCalendarType) out += "<C:calendar/>";
  if (c.node.resourceType == kScheduleInboxType) out += "<C:schedule-inbox/>";    // RFC 6638 §2.2
  if (c.node.resourceType == kScheduleOutboxType) out += "<C:schedule-outbox/>";  // RFC 6638 §2.1
  out += "</D:resourcetype>";
}

// RFC 4918 §15.4: the Content-Length of a GET; for a collection that is its listing.
void contentLength(const PropertyContext& c, std::string& out) {
  const std::size_t length =
      c.node.isCollection ? collectionListingLength(c.txn, c.node, c.permissions) : static_cast<std::size_t>(c.node.size);
  davElement(out, "getcontentlength", std::to_string(length));
}

void contentType(const PropertyContext& c, std::string& out) {
  davElement(out, "getcontenttype", c.node.contentType, true);
}

void etag(const PropertyContext& c, std::string& out) { davElement(out, "getetag", c.node.etag, true); }

void lastModified(const PropertyContext& c, std::string& out) {
  davElement(out, "getlastmodified", httpDate(c.node.modifiedAt));
}

void creationDate(const PropertyContext& c, std::string& out) {
  davElement(out, "creationdate", iso8601(c.node.createdAt));
}

void supportedLock(const PropertyContext&, std::string& out) {
  davElement(out, "supportedlock",
             "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>"
             "</D:lockentry><D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/>"
             "</D:locktype></D:lockentry>");
}

void lockDiscovery(const PropertyContext& c, std::string& out) {
  out += locks::lockDiscoveryXml(c.txn, c.node.path, c.now);
}

// RFC 5397: the principal of the authenticated user, on every resource.
void currentUserPrincipal(const PropertyContext& c, std::string& out) {
  davHrefElement(out, "current-user-principal", paths::principalPath(c.user));
}

void principalUrl(const PropertyContext& c, std::string& out) { davHrefElement(out, "principal-URL", c.node.path); }

// The owner of the tree the node is in (a delegate's writes do not make them its owner).
void owner(const PropertyContext& c, std::string& out) {
  std::string owner = ownerOfPath(c.node.path);
  if (owner.empty()) owner = c.node.owner;
  if (owner.empty()) return davElement(out, "owner", "");
  davHrefElement(out, "owner", paths::principalPath(owner));
}

constexpr std::array<LiveProperty, 11> kLiveProperties{{
    {"DAV:", "resourcetype", true, always, resourceType},
    {"DAV:", "getcontentlength", true, always, contentLength},
    {"DAV:", "getcontenttype", true, isResource, contentType},
    {"DAV:", "getetag", true, hasEtag, etag},
    {"DAV:", "getlastmodified", true, always, lastModified},
    {"DAV:", "creationdate", true, always, creationDate},
    {"DAV:", "supportedlock", true, always, supportedLock},
    {"DAV:", "lockdiscovery", true, always, lockDiscovery},
    // Not required in allprop (RFC 5397), but clients that lose a redirected PROPFIND's
    // body (python-requests) still find the principal this way.
    {"DAV:", "current-user-principal", true, always, currentUserPrincipal},
    {"DAV:", "principal-URL", false, isPrincipal, principalUrl},
    {"DAV:", "owner", false, always, owner},
}};

}  // namespace

const LiveProperty* findLiveProperty(const PropertyName& name) {
  for (auto table : {webdavProperties(), caldavProperties(), aclProperties()}) {
    for (const auto& property : table) {
      if (name.ns == property.ns && name.name == property.name) return &property;
    }
  }
  return nullptr;
}

std::span<const LiveProperty> webdavProperties() { return kLiveProperties; }

bool liveExistsOn(const LiveProperty& property, const storage::NodeRecord& node) { return property.exists(node); }

void appendLiveProperty(const LiveProperty& property, const PropertyContext& context, std::string& out) {
  property.render(context, out);
}

std::vector<PropertyName> livePropertyNames(const storage::NodeRecord& node, bool forAllprop) {
  std::vector<PropertyName> names;
  for (auto table : {webdavProperties(), caldavProperties(), aclProperties()}) {
    for (const auto& property : table) {
      if ((forAllprop && !property.isInAllprop) || !property.exists(node)) continue;
      names.push_back({property.ns, property.name});
    }
  }
  return names;
}

bool isProtected(const PropertyName& name) { return findLiveProperty(name) != nullptr && !isSettable(name); }

// RFC 6638 §9.1: schedule-calendar-transp has a value on every calendar (opaque when none is
// stored) and clients set it with PROPPATCH; §9.2: so does schedule-default-calendar-URL on
// the inbox (PROPPATCH checks its value, caldav::invalidScheduleDefaultCalendar). Both are
// stored as dead properties.
bool isSettable(const PropertyName& name) {
  return name.ns == kCalDavNs &&
         (name.name == "schedule-calendar-transp" || name.name == "schedule-default-calendar-URL");
}

std::string emptyElement(const PropertyName& name) {
  if (name.ns == kDavNs) return "<D:" + name.name + "/>";
  return "<" + name.name + " xmlns=\"" + xmlEscape(name.ns) + "\"/>";
}

}  // namespace caldav::dav::properties
