#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/methods/CollectionCreation.h"
#include "dav/methods/Methods.h"
#include "dav/xml/SafeXmlParser.h"

#include <Poco/String.h>

namespace caldav::dav::methods {
namespace {

// RFC 5689 §3: the DAV:resourcetype being set decides what is created.
std::string requestedType(const std::vector<const xml::XmlElement*>& set) {
  for (const auto* element : set) {
    if (!element->is(kDavNs, "resourcetype")) continue;
    if (!element->child(kDavNs, "collection")) {
      throw HttpError(Precondition::ValidResourcetype, "Extended MKCOL creates collections only");
    }
    for (const auto* type : element->elements()) {
      if (type->is(kCalDavNs, "calendar")) return kCalendarType;
      if (!type->is(kDavNs, "collection")) {
        throw HttpError(Precondition::ValidResourcetype, "Unsupported resource type " + type->name);
      }
    }
  }
  return "";
}

}  // namespace

// RFC 4918 §9.3 MKCOL, with the RFC 5689 extended body (DAV:mkcol with DAV:set).
Response mkcol(Context& context) {
  std::vector<const xml::XmlElement*> set;
  xml::XmlElement root;
  if (!context.request.body.empty()) {
    const std::string* contentType = context.request.headers.find("Content-Type");
    bool isXml = contentType && Poco::toLower(*contentType).find("xml") != std::string::npos;
    // RFC 4918 §9.3: a body we do not understand is 415.
    if (!isXml) throw HttpError(415, "MKCOL understands only an XML DAV:mkcol body");
    root = xml::parseXml(context.request.body);
    if (!root.is(kDavNs, "mkcol")) throw HttpError(415, "MKCOL understands only a DAV:mkcol body");
    set = initialProperties(root);
  }
  return createCollection(context, requestedType(set), set);
}

}  // namespace caldav::dav::methods
