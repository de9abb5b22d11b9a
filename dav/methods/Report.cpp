#include "dav/Access.h"
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

}  // namespace

Response report(Context& context) {
  xml::XmlElement root = xml::parseXml(context.request.body);
  for (const auto& entry : kReports) {
    if (!root.is(entry.ns, entry.name)) continue;
    if (!entry.authorizesItself && !canRead(context.user, context.target.path)) {
      throw forbidden("REPORT", context.target.path);
    }
    return entry.handler(context, root);
  }
  if (!canRead(context.user, context.target.path)) throw forbidden("REPORT", context.target.path);
  // RFC 3253 §3.6: an unsupported report is 403 with DAV:supported-report.
  throw HttpError(Precondition::SupportedReport, "Unsupported REPORT " + root.name);
}

}  // namespace caldav::dav::methods
