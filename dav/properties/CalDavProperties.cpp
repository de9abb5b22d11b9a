// Discovery and CalDAV live properties (RFC 4791 §5.2, §6.2; RFC 5397; RFC 6578 §4;
// RFC 3744 §5.4 current-user-privilege-set; Apple's CS:getctag).
#include "dav/Access.h"
#include "dav/CalendarLimits.h"
#include "dav/Conditions.h"
#include "dav/Href.h"
#include "dav/Namespaces.h"
#include "dav/SyncToken.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/properties/LivePropertyTable.h"
#include "ical/ComponentKind.h"

#include <array>

namespace caldav::dav::properties {
namespace {

std::string element(const char* prefix, const char* name, const std::string& value) {
  return std::string("<") + prefix + ":" + name + ">" + value + "</" + prefix + ":" + name + ">";
}
std::string hrefElement(const std::string& path, bool isCollection) {
  return "<D:href>" + xmlEscape(hrefFor(path, isCollection)) + "</D:href>";
}

bool always(const storage::NodeRecord&) { return true; }
bool isCollection(const storage::NodeRecord& node) { return node.isCollection; }
bool isCalendar(const storage::NodeRecord& node) { return node.resourceType == kCalendarType; }
bool isPrincipal(const storage::NodeRecord& node) { return node.resourceType == kPrincipalType; }

void calendarHomeSet(const PropertyContext& c, std::string& out) {
  out += element("C", "calendar-home-set", hrefElement(paths::calendarHomePath(c.node.owner), true));
}

void calendarUserAddressSet(const PropertyContext& c, std::string& out) {
  std::string value = hrefElement(paths::principalPath(c.node.owner), true);
  if (c.node.owner.find('@') != std::string::npos) value = "<D:href>mailto:" + xmlEscape(c.node.owner) + "</D:href>" + value;
  out += element("C", "calendar-user-address-set", value);
}

void principalCollectionSet(const PropertyContext&, std::string& out) {
  out += element("D", "principal-collection-set", hrefElement(std::string(paths::kUsersRoot), true));
}

void supportedReportSet(const PropertyContext& c, std::string& out) {
  auto report = [](const std::string& inner) { return "<D:supported-report><D:report>" + inner + "</D:report></D:supported-report>"; };
  std::string value = report("<D:sync-collection/>");
  if (isCalendar(c.node)) {
    value += report("<C:calendar-query/>") + report("<C:calendar-multiget/>") + report("<C:free-busy-query/>");
  }
  out += element("D", "supported-report-set", value);
}

// RFC 3744 §5.4. Thunderbird and Evolution mark a calendar read-only without write.
void currentUserPrivilegeSet(const PropertyContext& c, std::string& out) {
  auto privilege = [](const char* name) { return std::string("<D:privilege><D:") + name + "/></D:privilege>"; };
  std::string value = privilege("read") + privilege("read-current-user-privilege-set") +
                      "<D:privilege><C:read-free-busy/></D:privilege>";
  if (canWrite(c.user, c.node.path)) {
    value += privilege("write") + privilege("write-properties") + privilege("write-content") + privilege("bind") +
             privilege("unbind");
  }
  out += element("D", "current-user-privilege-set", value);
}

void syncToken(const PropertyContext& c, std::string& out) {
  out += element("D", "sync-token", xmlEscape(SyncToken{c.txn.storeId(), c.node.id, c.node.syncSeq}.str()));
}

void getctag(const PropertyContext& c, std::string& out) {
  out += element("CS", "getctag", xmlEscape(SyncToken{c.txn.storeId(), c.node.id, c.node.syncSeq}.str()));
}

// Stored as a dead property at MKCALENDAR; protected afterwards (RFC 4791 §5.2.3).
void supportedComponentSet(const PropertyContext& c, std::string& out) {
  for (const auto& property : c.dead) {
    if (property.ns == kCalDavNs && property.name == "supported-calendar-component-set") {
      out += property.valueXml;
      return;
    }
  }
  // None stored: the calendar accepts every kind (caldav::supportedComponents), and says so.
  std::string comps;
  for (auto kind : ical::kAllComponentKinds) {
    comps += "<C:comp name=\"" + std::string(ical::componentName(kind)) + "\"/>";
  }
  out += element("C", "supported-calendar-component-set", comps);
}

void supportedCalendarData(const PropertyContext&, std::string& out) {
  out += element("C", "supported-calendar-data", "<C:calendar-data content-type=\"text/calendar\" version=\"2.0\"/>");
}

void maxResourceSize(const PropertyContext&, std::string& out) {
  out += element("C", "max-resource-size", std::to_string(kMaxResourceBytes));
}
// A booking calendar publishes its time rules where CalDAV can express them
// (docs/booking-rules.md): no booking starts before now + min-notice, none starts after
// now + max-advance (so none ends after that plus max-duration, or a day without one).
void minDateTime(const PropertyContext& c, std::string& out) {
  auto policy = caldav::bookingPolicy(c.dead);
  if (!policy.isEnabled) {
    out += element("C", "min-date-time", kMinDateTimeText);
    return;
  }
  out += element("C", "min-date-time", icalUtc(c.now + policy.minNotice.value_or(0)));
}
void maxDateTime(const PropertyContext& c, std::string& out) {
  auto policy = caldav::bookingPolicy(c.dead);
  if (!policy.isEnabled || !policy.maxAdvance) {
    out += element("C", "max-date-time", kMaxDateTimeText);
    return;
  }
  out += element("C", "max-date-time", icalUtc(c.now + *policy.maxAdvance + policy.maxDuration.value_or(86400)));
}

constexpr std::array<LiveProperty, 12> kCalDavProperties{{
    {kCalDavNs, "calendar-home-set", false, isPrincipal, calendarHomeSet},
    {kCalDavNs, "calendar-user-address-set", false, isPrincipal, calendarUserAddressSet},
    {kDavNs, "principal-collection-set", false, always, principalCollectionSet},
    {kDavNs, "supported-report-set", false, always, supportedReportSet},
    {kDavNs, "current-user-privilege-set", false, always, currentUserPrivilegeSet},
    {kDavNs, "sync-token", false, isCollection, syncToken},
    {kCalendarServerNs, "getctag", false, isCollection, getctag},
    {kCalDavNs, "supported-calendar-component-set", false, isCalendar, supportedComponentSet},
    {kCalDavNs, "supported-calendar-data", false, isCalendar, supportedCalendarData},
    {kCalDavNs, "max-resource-size", false, isCalendar, maxResourceSize},
    {kCalDavNs, "min-date-time", false, isCalendar, minDateTime},
    {kCalDavNs, "max-date-time", false, isCalendar, maxDateTime},
}};

}  // namespace

std::span<const LiveProperty> caldavProperties() { return kCalDavProperties; }

}  // namespace caldav::dav::properties
