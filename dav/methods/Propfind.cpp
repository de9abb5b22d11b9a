#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/properties/LiveProperties.h"
#include "dav/xml/Multistatus.h"
#include "dav/xml/SafeXmlParser.h"

#include <algorithm>

namespace caldav::dav::methods {
namespace {

using properties::PropertyName;

enum class PropfindKind { AllProp, PropName, Prop };

struct PropfindRequest {
  PropfindKind kind = PropfindKind::AllProp;
  std::vector<PropertyName> names;  // Prop: the requested names; AllProp: DAV:include names
};

std::vector<PropertyName> childNames(const xml::XmlElement& element) {
  std::vector<PropertyName> names;
  for (const auto* child : element.elements()) names.push_back({child->ns, child->name});
  return names;
}

// RFC 4918 §14.20: an empty body means allprop.
PropfindRequest parsePropfind(const std::string& body) {
  PropfindRequest request;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return request;
  xml::XmlElement root = xml::parseXml(body);
  if (!root.is(kDavNs, "propfind")) throw HttpError(400, "The body must be a DAV:propfind element");
  if (const auto* prop = root.child(kDavNs, "prop")) {
    request.kind = PropfindKind::Prop;
    request.names = childNames(*prop);
  } else if (root.child(kDavNs, "propname")) {
    request.kind = PropfindKind::PropName;
  } else if (root.child(kDavNs, "allprop")) {
    if (const auto* include = root.child(kDavNs, "include")) request.names = childNames(*include);
  } else {
    throw HttpError(400, "DAV:propfind must contain prop, propname or allprop");
  }
  return request;
}

struct DeadIndex {
  std::vector<storage::DeadProperty> all;
  const storage::DeadProperty* find(const PropertyName& name) const {
    for (const auto& property : all) {
      if (property.ns == name.ns && property.name == name.name) return &property;
    }
    return nullptr;
  }
};

void describeNode(Context& context, storage::ReadTransaction& txn, const storage::NodeRecord& node,
                  const PropfindRequest& request, xml::Multistatus& out) {
  DeadIndex dead{txn.properties(node.id)};
  properties::PropertyContext propertyContext{node, txn, context.user, context.now};
  std::vector<std::string> found;
  std::vector<std::string> missing;
  auto addNamed = [&](const PropertyName& name) {
    if (auto live = properties::liveProperty(name, propertyContext)) {
      found.push_back(*live);
    } else if (const auto* property = dead.find(name)) {
      found.push_back(property->valueXml);
    } else {
      missing.push_back(properties::emptyElement(name));
    }
  };
  if (request.kind == PropfindKind::Prop) {
    for (const auto& name : request.names) addNamed(name);
  } else if (request.kind == PropfindKind::PropName) {
    for (const auto& name : properties::livePropertyNames(node, false)) found.push_back(properties::emptyElement(name));
    for (const auto& property : dead.all) found.push_back(properties::emptyElement({property.ns, property.name}));
  } else {
    auto names = properties::livePropertyNames(node, true);
    for (const auto& property : dead.all) names.push_back({property.ns, property.name});
    for (const auto& name : request.names) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    for (const auto& name : names) addNamed(name);
    missing.clear();  // allprop answers only what exists
  }
  out.addPropstats(hrefFor(node.path, node.isCollection), {{200, found}, {404, missing}});
}

}  // namespace

Response propfind(Context& context) {
  // RFC 4918 §9.1: a missing Depth means infinity, which we refuse (§16 propfind-finite-depth).
  Depth depth = parseDepth(context.request, Depth::Infinity);
  if (depth == Depth::Infinity) {
    throw HttpError(403, "PROPFIND with Depth: infinity is not supported; use Depth 0 or 1",
                    {kDavNs, "propfind-finite-depth"});
  }
  PropfindRequest request = parsePropfind(context.request.body);
  auto txn = context.store.beginRead();
  auto node = requireNode(*txn, context.target.path);
  xml::Multistatus out;
  describeNode(context, *txn, node, request, out);
  if (depth == Depth::One && node.isCollection) {
    for (const auto& child : txn->listChildren(node.path)) {
      if (canRead(context.user, child.path)) describeNode(context, *txn, child, request, out);
    }
  }
  return Response::xml(207, out.str());
}

}  // namespace caldav::dav::methods
