#pragma once

#include "dav/Request.h"
#include "ical/CalendarObject.h"

#include <string_view>

namespace caldav::dav::caldav {

// RFC 5545 §3.1.4 / RFC 4791 §5.3.2.1: the charset parameter of a text/calendar Content-Type
// may be absent, utf-8 or us-ascii. Throws HttpError CALDAV:supported-calendar-data for any
// other charset, and CALDAV:valid-calendar-data if `body` declared us-ascii has a byte past
// 0x7F (ical::CalendarObject::parse checks UTF-8 itself).
void requireSupportedCharset(std::string_view contentType, std::string_view body);

// Logs each repair ical::CalendarObject::parseForStorage made to `object` (docs/ical.md) at
// debug level, with the request id.
void logRepairs(const Request& request, const ical::CalendarObject& object);

}  // namespace caldav::dav::caldav
