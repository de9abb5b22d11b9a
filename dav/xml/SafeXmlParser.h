#pragma once

#include "dav/xml/XmlElement.h"

#include <string_view>

namespace caldav::dav::xml {

// Parses a request body into an element tree, refusing anything that could make the
// parser fetch, expand or loop: any DOCTYPE (so no DTD, no entity declarations, no
// external entities: XXE and "billion laughs" are impossible), and documents nested
// deeper than a fixed limit. Throws HttpError(400) with the reason on any refusal or
// malformed/namespace-invalid XML.
XmlElement parseXml(std::string_view body);

}  // namespace caldav::dav::xml
