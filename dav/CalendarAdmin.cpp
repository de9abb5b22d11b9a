#include "dav/CalendarAdmin.h"

#include "dav/Access.h"
#include "dav/Namespaces.h"
#include "dav/Provisioning.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/methods/CollectionCreation.h"
#include "dav/properties/DeadProperty.h"
#include "dav/xml/SafeXmlParser.h"
#include "scheduling/rules/BookingPolicy.h"
#include "storage/CanonicalPath.h"
#include "storage/StoreError.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace caldav::dav {
namespace {

using storage::StoreError;

std::string calendarPath(const std::string& owner, const std::string& name) {
  if (!isValidUserName(owner)) throw std::invalid_argument("invalid user name: " + owner);
  if (!isValidCalendarName(name)) {
    throw std::invalid_argument("invalid calendar name: " + name + " (letters, digits, '.', '_', '@', '-')");
  }
  return storage::join(paths::calendarHomePath(owner), name);
}

void requirePolicyValues(const PolicyValues& values, bool allowRemoval) {
  if (auto why = invalidPolicyValues(values, allowRemoval)) throw std::invalid_argument(*why);
}

CalendarSummary summarize(const storage::NodeRecord& node, const std::vector<storage::DeadProperty>& properties) {
  CalendarSummary summary{node.path, "", false, {}};
  std::map<std::string, std::string> booking;
  for (const auto& property : properties) {
    if (property.ns == kDavNs && property.name == "displayname") {
      summary.displayName = xml::parseXml(property.valueXml).textContent();
    } else if (property.ns == kBookingNs) {
      // Read back as the write path reads it (caldav::calendarReader).
      booking[property.name] = xml::parseXml(property.valueXml).textContent();
    }
  }
  summary.isBookable = scheduling::parseBookingPolicy(booking).isEnabled;
  for (const auto& [name, text] : booking) {
    if (name != scheduling::kBookingRulesEnabled) summary.policy.emplace_back(name, text);
  }
  return summary;
}

}  // namespace

bool isValidCalendarName(const std::string& name) { return isValidUserName(name); }

std::optional<std::string> invalidPolicyValues(const PolicyValues& values, bool allowRemoval) {
  for (const auto& [name, text] : values) {
    if (allowRemoval && text.empty() && scheduling::isBookingPolicyProperty(name)) continue;
    if (auto why = scheduling::invalidBookingValue(name, text)) return why;
  }
  return std::nullopt;
}

void createCalendar(storage::Store& store, const std::string& owner, const std::string& name,
                    const std::string& displayName, const PolicyValues& values, std::int64_t now) {
  const std::string path = calendarPath(owner, name);
  requirePolicyValues(values, false);
  // XML 1.0 has no control characters: PROPFIND could not return such a name.
  if (std::any_of(displayName.begin(), displayName.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    throw std::invalid_argument("the display name must not contain control characters");
  }
  std::vector<xml::XmlElement> elements;
  if (!displayName.empty()) elements.push_back(properties::textElement(kDavNs, "displayname", displayName));
  for (const auto& [property, text] : values) elements.push_back(properties::textElement(kBookingNs, property, text));
  std::vector<const xml::XmlElement*> set;
  for (const auto& element : elements) set.push_back(&element);

  auto txn = store.beginWrite({owner});
  if (!txn->findUser(owner)) throw StoreError(StoreError::Code::NotFound, "no such user: " + owner);
  auto home = txn->findNode(storage::parentOf(path));
  if (!home || home->resourceType != kCalendarHomeType) {
    throw StoreError(StoreError::Code::NotFound, "user " + owner + " has no calendar home");
  }
  if (txn->findNode(path)) throw StoreError(StoreError::Code::AlreadyExists, "something exists at " + path);
  methods::storeCollection(*txn, path, kCalendarType, owner, now, set);
  txn->commit();
}

void setBookingPolicy(storage::Store& store, const std::string& owner, const std::string& name,
                      const PolicyValues& values) {
  const std::string path = calendarPath(owner, name);
  requirePolicyValues(values, true);
  auto txn = store.beginWrite({owner});
  auto node = txn->findNode(path);
  if (!node || !caldav::isCalendar(*node)) throw StoreError(StoreError::Code::NotFound, "no calendar at " + path);
  for (const auto& [property, text] : values) {
    if (text.empty()) {
      txn->removeProperty(node->id, kBookingNs, property);
    } else {
      txn->setProperty(node->id, properties::deadProperty(properties::textElement(kBookingNs, property, text)));
    }
  }
  txn->commit();
}

std::vector<CalendarSummary> listCalendars(storage::Store& store, const std::string& owner) {
  auto txn = store.beginRead();
  std::vector<std::string> homes;
  if (!owner.empty()) {
    if (!isValidUserName(owner)) throw std::invalid_argument("invalid user name: " + owner);
    std::string home = paths::calendarHomePath(owner);
    if (!txn->findNode(home)) throw StoreError(StoreError::Code::NotFound, "user " + owner + " has no calendar home");
    homes.push_back(home);
  } else {
    for (const auto& user : txn->listUsers()) homes.push_back(paths::calendarHomePath(user.name));
  }
  std::vector<CalendarSummary> calendars;
  for (const auto& home : homes) {
    std::vector<storage::NodeRecord> nodes;
    for (auto& child : txn->listChildren(home)) {
      if (caldav::isCalendar(child)) nodes.push_back(std::move(child));
    }
    std::vector<std::int64_t> ids;
    for (const auto& node : nodes) ids.push_back(node.id);
    auto properties = txn->propertiesOf(ids);
    for (const auto& node : nodes) calendars.push_back(summarize(node, properties[node.id]));
  }
  std::sort(calendars.begin(), calendars.end(),
            [](const CalendarSummary& a, const CalendarSummary& b) { return a.path < b.path; });
  return calendars;
}

}  // namespace caldav::dav
