#pragma once

#include "dav/Context.h"
#include "dav/Response.h"
#include "dav/xml/XmlElement.h"
#include "storage/Store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace caldav::dav::methods {

// Creates the collection at the target with `resourceType` ("" or kCalendarType) and the
// initial properties `set` (the children of DAV:set/DAV:prop), in one transaction
// (RFC 4791 §5.3.1 MKCALENDAR, RFC 5689 extended MKCOL). Something at the target is 403
// DAV:resource-must-be-null for MKCALENDAR, 405 for MKCOL. A property that cannot be set
// (protected, an invalid calendar-timezone, a component set on a non-calendar) fails the
// whole request, nothing is created, and its propstat is 403 with its DAV:error, the others'
// 424: MKCALENDAR answers 207 with a multistatus (RFC 4791 §5.3.1.1), extended MKCOL 403 with
// a DAV:mkcol-response (RFC 5689 §3).
Response createCollection(Context& context, const std::string& resourceType,
                          const std::vector<const xml::XmlElement*>& set);

// Creates the collection at `path` (canonical, free, its parent a collection: the caller
// checked) owned by `owner`, with the dead properties `set` (DAV:resourcetype skipped: it is
// `resourceType`), in `txn`, and returns it. What MKCALENDAR, extended MKCOL and the admin CLI
// (`caldavd calendar create`, dav/CalendarAdmin.h) store for a new collection.
storage::NodeRecord storeCollection(storage::WriteTransaction& txn, const std::string& path,
                                    const std::string& resourceType, const std::string& owner, std::int64_t now,
                                    const std::vector<const xml::XmlElement*>& set);

// Returns the children of every DAV:set/DAV:prop of `root` (MKCALENDAR / extended MKCOL body).
std::vector<const xml::XmlElement*> initialProperties(const xml::XmlElement& root);

}  // namespace caldav::dav::methods
