#include "dav/Href.h"
#include "dav/HttpError.h"
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
};

constexpr std::array<ReportEntry, 4> kReports{{
    {kDavNs, "sync-collection", reports::syncCollection},
    {kCalDavNs, "calendar-multiget", reports::calendarMultiget},
    {kCalDavNs, "calendar-query", reports::calendarQuery},
    {kCalDavNs, "free-busy-query", reports::freeBusyQuery},
}};

}  // namespace

Response report(Context& context) {
  xml::XmlElement root = xml::parseXml(context.request.body);
  for (const auto& entry : kReports) {
    if (!root.is(entry.ns, entry.name)) continue;
    // The dispatcher let in whoever may read free-busy here (RFC 4791 §7.10); every other
    // report reads calendar data, which needs DAV:read (RFC 3744 §7.1).
    if (entry.handler != reports::freeBusyQuery && !context.permissions.canRead(context.target.path)) {
      throw HttpError(Precondition::NeedPrivileges, "You may not read " + hrefFor(context.target.path, false),
                      "<D:resource><D:href>" + xmlEscape(hrefFor(context.target.path, false)) +
                          "</D:href><D:privilege><D:read/></D:privilege></D:resource>");
    }
    return entry.handler(context, root);
  }
  // RFC 3253 §3.6: an unsupported report is 403 with DAV:supported-report.
  throw HttpError(Precondition::SupportedReport, "Unsupported REPORT " + root.name);
}

}  // namespace caldav::dav::methods
