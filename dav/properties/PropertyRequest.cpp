#include "dav/properties/PropertyRequest.h"

#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/Namespaces.h"

#include <algorithm>
#include <unordered_map>

namespace caldav::dav::properties {
namespace {

void addChildNames(const xml::XmlElement& element, PropertyRequest& request) {
  for (const auto* child : element.elements()) {
    request.names.push_back({child->ns, child->name});
    request.elements.push_back(child);
    request.live.push_back(findLiveProperty(request.names.back()));
  }
}

const storage::DeadProperty* findDead(const std::vector<storage::DeadProperty>& dead, const PropertyName& name) {
  for (const auto& property : dead) {
    if (property.ns == name.ns && property.name == name.name) return &property;
  }
  return nullptr;
}

// Live properties of an object resource whose values never come from dead properties (they
// are protected, so no dead property can have their names either; on a collection that
// lacks one, such as getcontenttype, the answer is a 404).
bool isPlainObjectProperty(const PropertyName& name) {
  if (name.ns == kCalDavNs) return name.name == "calendar-data";
  return name.ns == kDavNs && (name.name == "getetag" || name.name == "getcontenttype" ||
                               name.name == "getcontentlength" || name.name == "getlastmodified" ||
                               name.name == "creationdate" || name.name == "resourcetype");
}

}  // namespace

bool needsDeadProperties(const PropertyRequest& request) {
  return request.kind != PropertyRequest::Kind::Prop ||
         !std::all_of(request.names.begin(), request.names.end(), isPlainObjectProperty);
}

PropertyRequest parsePropertyRequest(const xml::XmlElement& parent) {
  PropertyRequest request;
  if (const auto* prop = parent.child(kDavNs, "prop")) {
    request.kind = PropertyRequest::Kind::Prop;
    addChildNames(*prop, request);
  } else if (parent.child(kDavNs, "propname")) {
    request.kind = PropertyRequest::Kind::PropName;
  } else if (const auto* include = parent.child(kDavNs, "include")) {
    addChildNames(*include, request);
  }
  return request;
}

void describeNode(const Context& context, storage::ReadTransaction& txn, const storage::NodeRecord& node,
                  const std::vector<storage::DeadProperty>& dead, const PropertyRequest& request,
                  xml::Multistatus& out, const ExtraProperty& extra) {
  // Found properties go straight into the answer (no per-property copies): this runs once
  // per member of a PROPFIND, sync or query answer.
  PropertyContext propertyContext{node, txn, context.user, context.now, dead, context.permissions};
  std::vector<std::string> missing;
  out.beginResponse(hrefFor(node.path, node.isCollection));
  auto addNamed = [&](const PropertyName& name, const xml::XmlElement* element, const LiveProperty* live) {
    if (extra && element && extra(node, *element, out.found())) return;
    if (live && liveExistsOn(*live, node)) {
      appendLiveProperty(*live, propertyContext, out.found());  // found() opens the 200 propstat
    } else if (const auto* property = findDead(dead, name)) {
      out.found() += property->valueXml;
    } else {
      missing.push_back(emptyElement(name));
    }
  };
  if (request.kind == PropertyRequest::Kind::Prop) {
    for (std::size_t i = 0; i < request.names.size(); ++i) {
      addNamed(request.names[i], request.elements[i], request.live[i]);
    }
  } else if (request.kind == PropertyRequest::Kind::PropName) {
    auto names = livePropertyNames(node, false);
    for (const auto& name : names) out.found() += emptyElement(name);
    for (const auto& property : dead) {
      // A settable live property (isSettable) is stored dead: name it once.
      if (std::find(names.begin(), names.end(), PropertyName{property.ns, property.name}) == names.end()) {
        out.found() += emptyElement({property.ns, property.name});
      }
    }
  } else {
    auto names = livePropertyNames(node, true);
    for (const auto& property : dead) {
      PropertyName name{property.ns, property.name};
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    }
    for (const auto& name : request.names) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    for (const auto& name : names) addNamed(name, nullptr, findLiveProperty(name));
    missing.clear();  // RFC 4918 §9.1: allprop answers only what exists
  }
  // An empty DAV:prop still gets one (empty, 200) propstat: a response needs a propstat or a
  // status (RFC 4918 §14.24), and RFC 6578 §3.2 wants one for every changed member.
  if (request.kind == PropertyRequest::Kind::Prop && request.names.empty()) out.found();
  out.endResponse(missing);
}

void describeMembers(const Context& context, storage::ReadTransaction& txn, const std::vector<storage::NodeRecord>& nodes,
                     const PropertyRequest& request, xml::Multistatus& out, const ExtraProperty& extra) {
  std::vector<bool> readable(nodes.size());
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    readable[i] = context.permissions.canRead(nodes[i].path);
    if (readable[i]) ids.push_back(nodes[i].id);
  }
  std::unordered_map<std::int64_t, std::vector<storage::DeadProperty>> deadById;
  if (needsDeadProperties(request)) deadById = txn.propertiesOf(ids);  // one batched read, not one per member
  static const std::vector<storage::DeadProperty> kNone;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!readable[i]) continue;
    auto it = deadById.find(nodes[i].id);
    describeNode(context, txn, nodes[i], it == deadById.end() ? kNone : it->second, request, out, extra);
  }
}

void describeChildren(const Context& context, storage::ReadTransaction& txn, const storage::NodeRecord& collection,
                      const PropertyRequest& request, xml::Multistatus& out) {
  // Page by page, so a large collection is never held in memory whole (the answer streams).
  constexpr std::size_t kPage = 500;
  std::string after;
  for (;;) {
    auto page = txn.listChildrenPage(collection.path, after, kPage);
    if (page.empty()) break;
    after = page.back().path;
    describeMembers(context, txn, page, request, out);
    if (page.size() < kPage) break;
  }
}

}  // namespace caldav::dav::properties
