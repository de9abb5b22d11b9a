#include "dav/Href.h"
#include "dav/FreeBusyAccess.h"
#include "dav/HttpError.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/reports/Reports.h"
#include "dav/xml/SafeXmlParser.h"

#include <array>

namespace caldav::dav::methods {
namespace {

struct ReportEntry {
  const char* ns;
  const char* name;
  Response (*handler)(Context&, const xml::XmlElement&);
  // The handler decides who may ask (busy time: dav/FreeBusyAccess.h); the others need read
  // access to the target (dav/Access.h).
  bool authorizesItself;
};

constexpr std::array<ReportEntry, 5> kReports{{
    {kDavNs, "sync-collection", reports::syncCollection, false},
    {kCalDavNs, "calendar-multiget", reports::calendarMultiget, false},
    {kCalDavNs, "calendar-query", reports::calendarQuery, false},
    {kCalDavNs, "free-busy-query", reports::freeBusyQuery, true},
    {kBookingNs, "free-slots", reports::freeSlots, true},
}};

// Throws 403 DAV:need-privileges unless the user may read the target (RFC 3744 §7.1).
void requireRead(const Context& context) {
  if (context.permissions.canRead(context.target.path)) return;
    throw HttpError(Precondition::NeedPrivileges, "You may not read " + hrefFor(context.target.path, false),
                    "<D:resource><D:href>" + xmlEscape(hrefFor(context.target.path, false)) +
                        "</D:href><D:privilege><D:read/></D:privilege></D:resource>");
}

}  // namespace

Response report(Context& context) {
  xml::XmlElement root = xml::parseXml(context.request.body);
  for (const auto& entry : kReports) {
    if (!root.is(entry.ns, entry.name)) continue;
    // Busy time follows dav/FreeBusyAccess.h; every other report reads calendar data, which
    // needs DAV:read (RFC 3744 §7.1).
    if (!entry.authorizesItself) requireRead(context);
    return entry.handler(context, root);
  }
  requireRead(context);
  // RFC 3253 §3.6: an unsupported report is 403 with DAV:supported-report.
  throw HttpError(Precondition::SupportedReport, "Unsupported REPORT " + root.name);
}

}  // namespace caldav::dav::methods
