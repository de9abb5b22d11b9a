#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/methods/CollectionCreation.h"
#include "dav/methods/Methods.h"
#include "dav/xml/SafeXmlParser.h"

namespace caldav::dav::methods {

// RFC 4791 §5.3.1: the body, if any, is CALDAV:mkcalendar with DAV:set instructions.
Response mkcalendar(Context& context) {
  std::vector<const xml::XmlElement*> set;
  xml::XmlElement root;
  if (context.request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    root = xml::parseXml(context.request.body);
    if (!root.is(kCalDavNs, "mkcalendar")) throw HttpError(400, "The body must be a CALDAV:mkcalendar element");
    set = initialProperties(root);
  }
  return createCollection(context, kCalendarType, set);
}

}  // namespace caldav::dav::methods
