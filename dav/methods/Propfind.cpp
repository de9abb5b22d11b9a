#include "dav/HttpError.h"
#include "dav/caldav/CalendarSettings.h"
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
  // RFC 4918 §14.20: exactly one of prop, propname, allprop (allprop may bring include).
  const int kinds = (root.child(kDavNs, "prop") ? 1 : 0) + (root.child(kDavNs, "propname") ? 1 : 0) +
                    (root.child(kDavNs, "allprop") ? 1 : 0);
  if (kinds != 1) throw HttpError(400, "DAV:propfind must contain exactly one of prop, propname or allprop");
  return properties::parsePropertyRequest(root);
}

}  // namespace

Response propfind(Context& context) {
  // RFC 4918 §9.1: a missing Depth means infinity.
  Depth depth = parseDepth(context.request, Depth::Infinity);
  xml::XmlElement root;
  auto request = parsePropfind(context.request.body, root);
  auto txn = context.store.beginRead();
  auto node = requireNode(*txn, context.target.path);
  if (depth == Depth::Infinity) {
    // A calendar has no sub-collections (RFC 4791 §4.2) and an object no members, so there
    // infinity is Depth 1 (Depth 0 for an object); above calendars it is refused (RFC 4918
    // §9.1 allows it, and Apple's server does the same) with DAV:propfind-finite-depth.
    if (node.isCollection && !caldav::isCalendar(node)) {
      throw HttpError(Precondition::PropfindFiniteDepth, "PROPFIND with Depth: infinity is not supported here; use Depth 0 or 1");
    }
    depth = Depth::One;
  }
  MultistatusAnswer answer(context.request);
  properties::describeNode(context, *txn, node, txn->properties(node.id), request, answer.out());
  if (depth == Depth::One && node.isCollection) properties::describeChildren(context, *txn, node, request, answer.out());
  return answer.finish();
}

}  // namespace caldav::dav::methods
