#include "dav/HttpError.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/methods/MultistatusAnswer.h"
#include "dav/properties/PropertyRequest.h"
#include "dav/xml/Multistatus.h"
#include "dav/xml/SafeXmlParser.h"

namespace caldav::dav::methods {
namespace {

// RFC 4918 §14.20: an empty body means allprop.
properties::PropertyRequest parsePropfind(const std::string& body, xml::XmlElement& root) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return {};
  root = xml::parseXml(body);
  if (!root.is(kDavNs, "propfind")) throw HttpError(400, "The body must be a DAV:propfind element");
  if (!root.child(kDavNs, "prop") && !root.child(kDavNs, "propname") && !root.child(kDavNs, "allprop")) {
    throw HttpError(400, "DAV:propfind must contain prop, propname or allprop");
  }
  return properties::parsePropertyRequest(root);
}

}  // namespace

Response propfind(Context& context) {
  // RFC 4918 §9.1: a missing Depth means infinity, which we refuse (§16 propfind-finite-depth).
  Depth depth = parseDepth(context.request, Depth::Infinity);
  if (depth == Depth::Infinity) {
    throw HttpError(Precondition::PropfindFiniteDepth,
                    "PROPFIND with Depth: infinity is not supported; use Depth 0 or 1");
  }
  xml::XmlElement root;
  auto request = parsePropfind(context.request.body, root);
  auto txn = context.store.beginRead();
  auto node = requireNode(*txn, context.target.path);
  MultistatusAnswer answer(context.request);
  properties::describeNode(context, *txn, node, txn->properties(node.id), request, answer.out());
  if (depth == Depth::One && node.isCollection) properties::describeChildren(context, *txn, node, request, answer.out());
  return answer.finish();
}

}  // namespace caldav::dav::methods
