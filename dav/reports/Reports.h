#pragma once

#include "dav/Context.h"
#include "dav/Response.h"
#include "dav/xml/XmlElement.h"

namespace caldav::dav::reports {

// One handler per REPORT (RFC 3253 §3.6), each in its own file; `root` is the parsed body.
Response syncCollection(Context& context, const xml::XmlElement& root);      // RFC 6578
Response calendarMultiget(Context& context, const xml::XmlElement& root);    // RFC 4791 §7.9
Response calendarQuery(Context& context, const xml::XmlElement& root);       // RFC 4791 §7.8
Response freeBusyQuery(Context& context, const xml::XmlElement& root);       // RFC 4791 §7.10
Response freeSlots(Context& context, const xml::XmlElement& root);           // urn:caldavd:booking

}  // namespace caldav::dav::reports
