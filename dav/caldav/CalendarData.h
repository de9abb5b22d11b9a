#pragma once

#include "dav/xml/XmlElement.h"
#include "ical/Filter.h"
#include "ical/FloatingZone.h"
#include "ical/IndexedExpand.h"
#include "ical/Output.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace caldav::dav::caldav {

// A CALDAV:calendar-data request element (RFC 4791 §9.6): what to return of each object.
struct CalendarDataRequest {
  std::optional<ical::TimeRange> expand;           // §9.6.5
  std::optional<ical::TimeRange> limitRecurrence;  // §9.6.6
  std::optional<ical::CompSelection> selection;    // §9.6.1 partial retrieval
  bool needsParsing() const { return expand || limitRecurrence || selection; }
};

// Parses the element; throws HttpError(400) on a malformed one and HttpError(403,
// CALDAV:supported-calendar-data) for a content-type other than text/calendar 2.0.
CalendarDataRequest parseCalendarDataRequest(const xml::XmlElement& element);

// The bounds of an expand or limit-recurrence-set range; §9.6.5 needs both, so an open bound
// is read as the widest range.
std::pair<std::int64_t, std::int64_t> rangeBounds(const ical::TimeRange& range);

// Appends the <C:calendar-data> element for a stored object `body`, transformed as asked, to
// `out`. Floating times are placed in `zone` (for expand / limit-recurrence-set; unused when
// !request.needsParsing()). `indexed`, for an expand request: the object's instances in the
// expand range from the instance index, to write the expansion from without parsing the
// object (ical/IndexedExpand.h); libical expands it when that cannot be done or it is null.
void appendCalendarData(const CalendarDataRequest& request, const std::string& body, const ical::FloatingZone& zone,
                        std::string& out, const std::vector<ical::IndexedInstance>* indexed = nullptr);

}  // namespace caldav::dav::caldav
