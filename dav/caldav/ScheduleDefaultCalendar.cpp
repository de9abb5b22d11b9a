#include "dav/caldav/ScheduleDefaultCalendar.h"

#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/Namespaces.h"
#include "dav/Provisioning.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/xml/SafeXmlParser.h"
#include "ical/ComponentKind.h"
#include "storage/CanonicalPath.h"

#include <algorithm>

namespace caldav::dav::caldav {
namespace {

constexpr const char* kPropertyName = "schedule-default-calendar-URL";

// The path named by the single DAV:href of `element`, or std::nullopt if it has none, several,
// or one that is no path of this server.
std::optional<std::string> hrefPath(const xml::XmlElement& element) {
  const auto children = element.elements();
  if (children.size() != 1 || !children.front()->is(kDavNs, "href")) return std::nullopt;
  try {
    return resolveTarget(children.front()->textContent()).path;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The calendar the owner chose with PROPPATCH, if it still can be the default one.
std::optional<std::string> chosenCalendar(storage::ReadTransaction& txn, const std::string& user) {
  const auto inbox = txn.findNode(paths::scheduleInboxPath(user));
  if (!inbox) return std::nullopt;
  for (const auto& property : txn.properties(inbox->id)) {
    if (property.ns != kCalDavNs || property.name != kPropertyName) continue;
    const auto path = hrefPath(xml::parseXml(property.valueXml));
    if (!path) return std::nullopt;
    const auto calendar = txn.findNode(*path);
    // Deleted or moved since: fall back to the default (RFC 6638 §9.2 lets the server choose).
    if (calendar && canBeDefaultCalendar(txn, *calendar, user)) return calendar->path;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

bool canBeDefaultCalendar(storage::ReadTransaction& txn, const storage::NodeRecord& node, const std::string& user) {
  if (!isCalendar(node) || storage::parentOf(node.path) != paths::calendarHomePath(user)) return false;
  const auto components = supportedComponents(txn.properties(node.id));
  return std::find(components.begin(), components.end(), ical::ComponentKind::Event) != components.end();
}

std::string scheduleDefaultCalendar(storage::ReadTransaction& txn, const std::string& user) {
  if (auto chosen = chosenCalendar(txn, user)) return *chosen;
  const std::string home = paths::calendarHomePath(user);
  if (auto calendar = txn.findNode(storage::join(home, kDefaultCalendarName));
      calendar && canBeDefaultCalendar(txn, *calendar, user)) {
    return calendar->path;
  }
  for (const auto& child : txn.listChildren(home)) {
    if (canBeDefaultCalendar(txn, child, user)) return child.path;
  }
  return "";
}

std::optional<std::string> invalidScheduleDefaultCalendar(storage::ReadTransaction& txn, const std::string& user,
                                                          const xml::XmlElement& element) {
  const auto path = hrefPath(element);
  if (!path) return "schedule-default-calendar-URL must hold one DAV:href of a calendar";
  const auto calendar = txn.findNode(*path);
  if (!calendar || !canBeDefaultCalendar(txn, *calendar, user)) {
    return hrefFor(*path, true) + " is not one of your calendars that accepts events";
  }
  return std::nullopt;
}

}  // namespace caldav::dav::caldav
