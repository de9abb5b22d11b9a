// Discovery and CalDAV live properties (RFC 4791 §5.2, §6.2; RFC 5397; RFC 6578 §4;
// RFC 3744 §5.4 current-user-privilege-set; RFC 6638 §2.4, §9 scheduling; Apple's CS:getctag).
#include "dav/Access.h"
#include "dav/CalendarLimits.h"
#include "dav/Conditions.h"
#include "dav/Href.h"
#include "dav/Namespaces.h"
#include "dav/Provisioning.h"
#include "dav/acl/Privileges.h"
#include "dav/SyncToken.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/ScheduleDefaultCalendar.h"
#include "dav/properties/LivePropertyTable.h"
#include "ical/ComponentKind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

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
bool isInbox(const storage::NodeRecord& node) { return node.resourceType == kScheduleInboxType; }
bool isOutbox(const storage::NodeRecord& node) { return node.resourceType == kScheduleOutboxType; }

void calendarHomeSet(const PropertyContext& c, std::string& out) {
  out += element("C", "calendar-home-set", hrefElement(paths::calendarHomePath(c.node.owner), true));
}

// RFC 6638 §2.4.1: the mailto: address first (clients take the first href as the address
// to invite), then the principal URL. A user without a stored address (made before schema 7
// and not yet provisioned) has only the principal URL, or its name if that is an address.
void calendarUserAddressSet(const PropertyContext& c, std::string& out) {
  std::string value = hrefElement(paths::principalPath(c.node.owner), true);
  auto user = c.txn.findUser(c.node.owner);
  std::string email = user ? user->email : "";
  if (email.empty() && c.node.owner.find('@') != std::string::npos) email = c.node.owner;
  if (!email.empty()) value = "<D:href>mailto:" + xmlEscape(email) + "</D:href>" + value;
  out += element("C", "calendar-user-address-set", value);
}

// RFC 6638 §2.4.2: the principal's kind (UserRecord::kind), upper-case as RFC 5545 §3.2.3
// CUTYPE values are: INDIVIDUAL for users, ROOM or RESOURCE for bookable principals.
void calendarUserType(const PropertyContext& c, std::string& out) {
  auto user = c.txn.findUser(c.node.owner);
  std::string kind = user && !user->kind.empty() ? user->kind : "individual";
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  out += element("C", "calendar-user-type", xmlEscape(kind));
}

void scheduleInboxUrl(const PropertyContext& c, std::string& out) {
  out += element("C", "schedule-inbox-URL", hrefElement(paths::scheduleInboxPath(c.node.owner), true));
}

void scheduleOutboxUrl(const PropertyContext& c, std::string& out) {
  out += element("C", "schedule-outbox-URL", hrefElement(paths::scheduleOutboxPath(c.node.owner), true));
}

// RFC 6638 §9.2: where the server puts invitations: the calendar the owner chose with
// PROPPATCH, else the default calendar made with the user, else the first calendar of the home
// that accepts events (none: empty). caldav::scheduleDefaultCalendar decides.
void scheduleDefaultCalendarUrl(const PropertyContext& c, std::string& out) {
  const std::string target = caldav::scheduleDefaultCalendar(c.txn, c.node.owner);
  out += element("C", "schedule-default-calendar-URL", target.empty() ? "" : hrefElement(target, true));
}

// RFC 6638 §9.1: opaque unless the owner stored transparent with PROPPATCH (the stored value
// is what the booking rules read, caldav::CalendarReader).
void scheduleCalendarTransp(const PropertyContext& c, std::string& out) {
  for (const auto& property : c.dead) {
    if (property.ns == kCalDavNs && property.name == "schedule-calendar-transp") {
      out += property.valueXml;
      return;
    }
  }
  out += element("C", "schedule-calendar-transp", "<C:opaque/>");
}

void principalCollectionSet(const PropertyContext&, std::string& out) {
  out += element("D", "principal-collection-set", hrefElement(std::string(paths::kUsersRoot), true));
}

void supportedReportSet(const PropertyContext& c, std::string& out) {
  auto report = [](const std::string& inner) { return "<D:supported-report><D:report>" + inner + "</D:report></D:supported-report>"; };
  std::string value = report("<D:sync-collection/>");
  if (isCalendar(c.node)) {
    value += report("<C:calendar-query/>") + report("<C:calendar-multiget/>") + report("<C:free-busy-query/>");
  } else if (isInbox(c.node)) {
    value += report("<C:calendar-query/>") + report("<C:calendar-multiget/>");  // RFC 6638 §2.2
  }
  out += element("D", "supported-report-set", value);
}

// RFC 3744 §5.4: what the user holds here (acl::Permissions: the owner's all, a grantee's
// grants). Thunderbird and Evolution mark a calendar read-only without write.
void currentUserPrivilegeSet(const PropertyContext& c, std::string& out) {
  using namespace acl::privilege;
  acl::PrivilegeSet held = c.permissions.on(c.node.path);
  if (isInbox(c.node) || isOutbox(c.node)) {
    // Nothing is bound into them (methods::requireBindable): their properties may change and
    // the inbox may be emptied. RFC 6638 §6.1.1, §6.1.2: deliver on the inbox, send on the outbox.
    held &= ~(kBind | kWriteContent | (isInbox(c.node) ? kScheduleSend : kScheduleDeliver | kUnbind));
  } else {
    held &= ~(kScheduleDeliver | kScheduleSend);
  }
  out += element("D", "current-user-privilege-set", acl::privilegeElements(held));
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

bool isResource(const storage::NodeRecord& node) { return !node.isCollection; }

// RFC 6638 §3.2.10: the Schedule-Tag of a scheduling object resource (others have none and
// the element is left out).
void scheduleTag(const PropertyContext& c, std::string& out) {
  if (auto tag = c.txn.scheduleTag(c.node.id); !tag.empty()) out += element("C", "schedule-tag", xmlEscape(tag));
}

constexpr std::array<LiveProperty, 18> kCalDavProperties{{
    {kCalDavNs, "calendar-home-set", false, isPrincipal, calendarHomeSet},
    {kCalDavNs, "calendar-user-address-set", false, isPrincipal, calendarUserAddressSet},
    {kCalDavNs, "calendar-user-type", false, isPrincipal, calendarUserType},
    {kCalDavNs, "schedule-inbox-URL", false, isPrincipal, scheduleInboxUrl},
    {kCalDavNs, "schedule-outbox-URL", false, isPrincipal, scheduleOutboxUrl},
    {kCalDavNs, "schedule-default-calendar-URL", false, isInbox, scheduleDefaultCalendarUrl},
    {kCalDavNs, "schedule-calendar-transp", false, isCalendar, scheduleCalendarTransp},
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
    {kCalDavNs, "schedule-tag", false, isResource, scheduleTag},
}};

}  // namespace

std::span<const LiveProperty> caldavProperties() { return kCalDavProperties; }

}  // namespace caldav::dav::properties
