#pragma once

#include "dav/xml/XmlElement.h"
#include "storage/Records.h"

#include <string>

namespace caldav::dav::properties {

// The dead property that stores `element` as set by PROPPATCH, MKCALENDAR, extended MKCOL or
// the admin CLI: its name and its whole element serialized as a self-contained fragment, so
// PROPFIND returns it as it was set (RFC 4918 §4.3). Every writer of dead properties goes
// through here, so a value set by the CLI reads back exactly like one set over HTTP.
storage::DeadProperty deadProperty(const xml::XmlElement& element);

// Returns the element {ns}name holding only the character data `text` (none when empty).
xml::XmlElement textElement(const std::string& ns, const std::string& name, const std::string& text);

}  // namespace caldav::dav::properties
