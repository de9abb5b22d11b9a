#include "dav/caldav/CalendarSettings.h"

#include "dav/CalendarLimits.h"
#include "dav/caldav/CalendarAvailability.h"
#include "dav/Namespaces.h"
#include "dav/xml/SafeXmlParser.h"
#include "ical/InvalidCalendar.h"

#include <map>

namespace caldav::dav::caldav {
namespace {

const storage::DeadProperty* find(const std::vector<storage::DeadProperty>& properties, const char* ns, const char* name) {
  for (const auto& property : properties) {
    if (property.ns == ns && property.name == name) return &property;
  }
  return nullptr;
}

}  // namespace

bool isCalendar(const storage::NodeRecord& node) { return node.resourceType == kCalendarType; }

std::vector<ical::ComponentKind> supportedComponents(const std::vector<storage::DeadProperty>& calendarProperties) {
  const auto* stored = find(calendarProperties, kCalDavNs, "supported-calendar-component-set");
  // RFC 4791 §5.2.3: without the property a calendar accepts every component type.
  if (!stored) return {ical::kAllComponentKinds.begin(), ical::kAllComponentKinds.end()};
  std::vector<ical::ComponentKind> kinds;
  // Named, so the tree outlives the loop (a temporary would die before the body runs).
  const xml::XmlElement set = xml::parseXml(stored->valueXml);
  for (const auto* comp : set.elements()) {
    if (auto kind = ical::componentKindFromName(comp->attribute("name"))) kinds.push_back(*kind);
  }
  return kinds;
}

ical::ValidationRules validationRules(const std::vector<storage::DeadProperty>& calendarProperties,
                                      std::int64_t now, std::int64_t horizonSeconds, std::size_t maxInstances) {
  ical::ValidationRules rules;
  rules.supportedComponents = supportedComponents(calendarProperties);
  rules.minDateTime = kMinDateTime;
  rules.maxDateTime = kMaxDateTime;
  rules.maxInstances = maxInstances;
  rules.horizonEnd = now + horizonSeconds;
  return rules;
}

scheduling::BookingPolicy bookingPolicy(const std::vector<storage::DeadProperty>& calendarProperties) {
  std::map<std::string, std::string> values;
  for (const auto& property : calendarProperties) {
    if (property.ns == kBookingNs) values[property.name] = xml::parseXml(property.valueXml).textContent();
  }
  return scheduling::parseBookingPolicy(values);
}

scheduling::CalendarReader calendarReader() {
  return [](storage::ReadTransaction& txn, const storage::NodeRecord& node,
            std::int64_t now) -> std::optional<scheduling::CalendarSettings> {
    if (!isCalendar(node)) return std::nullopt;
    const auto properties = txn.properties(node.id);
    scheduling::CalendarSettings settings;
    // Horizon and instance cap are the write path's own (IndexPolicy); only what the
    // calendar decides is read here.
    settings.rules = validationRules(properties, now, 0, 0);
    settings.booking = bookingPolicy(properties);
    settings.isOpaque = isOpaque(properties);
    settings.zone = std::make_shared<const ical::FloatingZone>(floatingZone(properties));
    // Only the booking rules read it: other writes pay nothing for it.
    if (settings.booking.isEnabled) {
      if (auto availability = inboxAvailability(txn, node.owner)) settings.ownerAvailability = availability->object;
    }
    return settings;
  };
}

bool isOpaque(const std::vector<storage::DeadProperty>& calendarProperties) {
  const auto* transp = find(calendarProperties, kCalDavNs, "schedule-calendar-transp");
  return !transp || !xml::parseXml(transp->valueXml).child(kCalDavNs, "transparent");
}

ical::FloatingZone floatingZone(const std::vector<storage::DeadProperty>& calendarProperties) {
  const auto* stored = find(calendarProperties, kCalDavNs, "calendar-timezone");
  if (!stored) return ical::FloatingZone::utc();
  try {
    return ical::FloatingZone::fromVTimezone(xml::parseXml(stored->valueXml).textContent());
  } catch (const std::exception&) {
    return ical::FloatingZone::utc();
  }
}

}  // namespace caldav::dav::caldav
