#pragma once

#include "dav/Request.h"
#include "ical/CalendarObject.h"

#include <cstdint>
#include <string_view>

namespace caldav::dav::caldav {

// RFC 5545 §3.1.4 / RFC 4791 §5.3.2.1: the charset parameter of a text/calendar Content-Type
// may be absent, utf-8 or us-ascii. Throws HttpError 403 CALDAV:supported-calendar-data for any
// other charset, and 403 CALDAV:valid-calendar-data if `body` declared us-ascii has a byte
// past 0x7F (ical::CalendarObject::parse checks UTF-8 itself).
void requireSupportedCharset(std::string_view contentType, std::string_view body);

// The body of a PUT into a calendar, checked and repaired for storage: the charset above, then
// ical::CalendarObject::parseForStorage at `now` (Unix seconds). Each repair is logged at
// debug level with the request id. Throws HttpError as above and ical::InvalidCalendar.
ical::CalendarObject parseForStorage(const Request& request, std::int64_t now);

}  // namespace caldav::dav::caldav
