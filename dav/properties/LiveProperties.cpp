#include "dav/properties/LivePropertyTable.h"

#include "dav/Access.h"
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

// <D:name>value</D:name>, with `value` escaped when `escape` (built with one allocation: these
// render once per member of every PROPFIND and REPORT answer).
std::string davElement(std::string_view name, std::string_view value, bool escape = false) {
  std::string out;
  out.reserve(2 * name.size() + value.size() + 16);
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
  return out;
}

std::string resourceType(const PropertyContext& c) {
  std::string value;
  if (c.node.isCollection) value += "<D:collection/>";
  if (c.node.resourceType == kPrincipalType) value += "<D:principal/>";
  if (c.node.resourceType == kCalendarType) value += "<C:calendar/>";
  return davElement("resourcetype", value);
}

std::string contentLength(const PropertyContext& c) {
  return davElement("getcontentlength", std::to_string(c.node.size));
}

std::string contentType(const PropertyContext& c) {
  return davElement("getcontenttype", c.node.contentType, true);
}

std::string etag(const PropertyContext& c) {
  return davElement("getetag", c.node.etag, true);
}

std::string lastModified(const PropertyContext& c) {
  return davElement("getlastmodified", httpDate(c.node.modifiedAt));
}

std::string creationDate(const PropertyContext& c) {
  return davElement("creationdate", iso8601(c.node.createdAt));
}

std::string supportedLock(const PropertyContext&) {
  return davElement("supportedlock",
                    "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>"
                    "</D:lockentry><D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/>"
                    "</D:locktype></D:lockentry>");
}

std::string lockDiscovery(const PropertyContext& c) {
  return locks::lockDiscoveryXml(c.txn, c.node.path, c.now);
}

// RFC 5397: the principal of the authenticated user, on every resource.
std::string currentUserPrincipal(const PropertyContext& c) {
  return davElement("current-user-principal",
                    "<D:href>" + xmlEscape(hrefFor(paths::principalPath(c.user), true)) + "</D:href>");
}

std::string principalUrl(const PropertyContext& c) {
  return davElement("principal-URL", "<D:href>" + xmlEscape(hrefFor(c.node.path, true)) + "</D:href>");
}

std::string owner(const PropertyContext& c) {
  if (c.node.owner.empty()) return davElement("owner", "");
  return davElement("owner", "<D:href>" + xmlEscape(hrefFor(paths::principalPath(c.node.owner), true)) + "</D:href>");
}

constexpr std::array<LiveProperty, 11> kLiveProperties{{
    {"DAV:", "resourcetype", true, always, resourceType},
    {"DAV:", "getcontentlength", true, isResource, contentLength},
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
  for (auto table : {webdavProperties(), caldavProperties()}) {
    for (const auto& property : table) {
      if (name.ns == property.ns && name.name == property.name) return &property;
    }
  }
  return nullptr;
}

std::span<const LiveProperty> webdavProperties() { return kLiveProperties; }

std::optional<std::string> liveProperty(const LiveProperty& property, const PropertyContext& context) {
  if (!property.exists(context.node)) return std::nullopt;
  return property.render(context);
}

std::optional<std::string> liveProperty(const PropertyName& name, const PropertyContext& context) {
  const LiveProperty* property = findLiveProperty(name);
  return property ? liveProperty(*property, context) : std::nullopt;
}

std::vector<PropertyName> livePropertyNames(const storage::NodeRecord& node, bool forAllprop) {
  std::vector<PropertyName> names;
  for (auto table : {webdavProperties(), caldavProperties()}) {
    for (const auto& property : table) {
      if ((forAllprop && !property.isInAllprop) || !property.exists(node)) continue;
      names.push_back({property.ns, property.name});
    }
  }
  return names;
}

bool isProtected(const PropertyName& name) { return findLiveProperty(name) != nullptr; }

std::string emptyElement(const PropertyName& name) {
  if (name.ns == kDavNs) return "<D:" + name.name + "/>";
  return "<" + name.name + " xmlns=\"" + xmlEscape(name.ns) + "\"/>";
}

}  // namespace caldav::dav::properties
