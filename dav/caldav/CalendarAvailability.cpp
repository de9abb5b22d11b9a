#include "dav/caldav/CalendarAvailability.h"

#include "dav/Access.h"
#include "dav/CalendarLimits.h"
#include "dav/Namespaces.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/xml/SafeXmlParser.h"
#include "ical/InvalidCalendar.h"

namespace caldav::dav::caldav {

ical::CalendarObject parseCalendarAvailability(std::string_view text) {
  auto object = ical::CalendarObject::parse(text);
  // RFC 7953 §7.2.4: the value is an iCalendar object of VAVAILABILITY; held to what a
  // VAVAILABILITY resource must be (one component type besides VTIMEZONE, one UID, no METHOD,
  // known TZIDs, dates within the limits the calendars advertise).
  ical::ValidationRules rules;
  rules.supportedComponents = {ical::ComponentKind::Availability};
  rules.minDateTime = kMinDateTime;
  rules.maxDateTime = kMaxDateTime;
  rules.countInstances = false;  // expandAvailability bounds its own work when it is read
  object.validateAsResource(rules);
  if (object.kind() != ical::ComponentKind::Availability) {
    throw ical::InvalidCalendar(ical::InvalidCalendar::Code::ValidCalendarData,
                                "calendar-availability must hold at least one VAVAILABILITY");
  }
  return object;
}

std::optional<InboxAvailability> inboxAvailability(storage::ReadTransaction& txn, std::string_view owner) {
  if (owner.empty()) return std::nullopt;
  const auto inbox = txn.findNode(paths::scheduleInboxPath(owner));
  if (!inbox || inbox->resourceType != kScheduleInboxType) return std::nullopt;
  const auto properties = txn.properties(inbox->id);
  for (const auto& property : properties) {
    if (property.ns != kCalDavNs || property.name != "calendar-availability") continue;
    try {
      auto object = parseCalendarAvailability(xml::parseXml(property.valueXml).textContent());
      return InboxAvailability{std::make_shared<const ical::CalendarObject>(std::move(object)),
                               std::make_shared<const ical::FloatingZone>(floatingZone(properties))};
    } catch (const std::exception&) {
      return std::nullopt;  // as floatingZone does with a value that no longer parses
    }
  }
  return std::nullopt;
}

}  // namespace caldav::dav::caldav
