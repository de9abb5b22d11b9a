#pragma once

#include "dav/xml/XmlElement.h"
#include "ical/Filter.h"

#include <cstdint>
#include <string_view>

namespace caldav::dav::caldav {

// Parses an iCalendar UTC date-time ("20060104T000000Z", RFC 4791 §9.9) to Unix seconds.
// Throws HttpError(400) if it is not one.
std::int64_t parseUtcDateTime(std::string_view text);

// Reads the start/end attributes of a CALDAV:expand / limit-* element or of a free-busy-query's
// time-range: UTC date-times, at least one present, end after start (RFC 4791 §9.9); throws
// HttpError(400) otherwise.
ical::TimeRange parseTimeRange(const xml::XmlElement& element);

// Parses CALDAV:filter (RFC 4791 §9.7) into the VCALENDAR comp-filter. Throws
// HttpError(403, CALDAV:valid-filter) for a malformed filter, a time-range inside it that
// breaks §9.9 (a bound that is not a UTC date-time, no bound, end not after start) and a
// filter that can never apply (ical::whyFilterCannotApply); and
// HttpError(403, CALDAV:supported-collation) for an unknown collation.
ical::CompFilter parseFilter(const xml::XmlElement& filter);

}  // namespace caldav::dav::caldav
