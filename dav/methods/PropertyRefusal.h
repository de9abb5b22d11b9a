#pragma once
// Properties of a DAV:set that cannot be applied, shared by PROPPATCH (RFC 4918 §9.2) and
// collection creation (RFC 4791 §5.3.1 MKCALENDAR, RFC 5689 §3 extended MKCOL): both fail as
// a whole when one property fails, naming why in the property's propstat.

#include "dav/HttpError.h"
#include "dav/xml/Multistatus.h"
#include "dav/xml/XmlElement.h"

#include <optional>
#include <string>
#include <vector>

namespace caldav::dav::methods {

// A property that cannot be set, and the precondition it breaks.
struct RefusedProperty {
  std::string element;  // the property as an empty element
  std::optional<Precondition> precondition;  // none when no precondition names the reason
  std::string message;  // for humans
};

// DAV:cannot-modify-protected-property (RFC 4918 §16): live properties are not set by clients.
RefusedProperty protectedProperty(const xml::XmlElement& element);

// Returns why `element`'s value cannot be stored, or std::nullopt if it can (dead properties
// hold any XML): CALDAV:calendar-timezone must be a VCALENDAR with exactly one VTIMEZONE
// (RFC 4791 §5.2.2, CALDAV:valid-calendar-data; ical::parseTimezoneCalendar), and
// CALDAV:calendar-availability an object of VAVAILABILITY components (RFC 7953 §7.2.4,
// CALDAV:valid-calendar-data; caldav::parseCalendarAvailability).
std::optional<RefusedProperty> invalidValue(const xml::XmlElement& element);

// The propstats of a failed update: each refused property 403 with its DAV:error, every
// other property (as empty elements in `others`) 424 Failed Dependency (RFC 4918 §9.2.1).
std::vector<xml::Propstat> refusalPropstats(const std::vector<RefusedProperty>& refused,
                                            const std::vector<std::string>& others);

}  // namespace caldav::dav::methods
