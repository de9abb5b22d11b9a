#pragma once

#include "dav/Context.h"
#include "dav/Response.h"
#include "dav/xml/XmlElement.h"

#include <vector>

namespace caldav::dav::methods {

// Creates the collection at the target with `resourceType` ("" or kCalendarType) and the
// initial properties `set` (the children of DAV:set/DAV:prop), in one transaction
// (RFC 4791 §5.3.1 MKCALENDAR, RFC 5689 extended MKCOL). A property that cannot be set
// fails the whole request with a 403 multistatus naming it (403 for it, 424 for the
// others); nothing is created then.
Response createCollection(Context& context, const std::string& resourceType,
                          const std::vector<const xml::XmlElement*>& set);

// Returns the children of every DAV:set/DAV:prop of `root` (MKCALENDAR / extended MKCOL body).
std::vector<const xml::XmlElement*> initialProperties(const xml::XmlElement& root);

}  // namespace caldav::dav::methods
