// The organizer side of implicit scheduling (RFC 6638 §3.2.1), after sabre/vobject's
// ITip\Broker::parseEventForOrganizer: per attendee, the instances it takes part in before
// and after the change decide between REQUEST, CANCEL and nothing.
#include "scheduling/itip/OrganizerMessages.h"

#include "ical/ComponentEdit.h"
#include "scheduling/itip/CalendarAddress.h"
#include "scheduling/itip/detail/ItipComponents.h"

#include <map>
#include <set>

namespace caldav::scheduling::itip {
namespace {

using ical::detail::IcalComponentPtr;
using detail::ComponentMap;

// One attendee across both versions.
struct Participation {
  std::string address;          // as written (the newest spelling)
  std::string agent = "SERVER";  // SCHEDULE-AGENT (RFC 6638 §7.1), from the newest version
  bool isForced = false;         // SCHEDULE-FORCE-SEND=REQUEST in `after` (§3.2.8)
  std::set<std::string> before;  // recurrence ids of the components listing it
  std::set<std::string> after;
};

// One object version with its components by recurrence id.
struct Version {
  icalcomponent* root = nullptr;
  ComponentMap components;

  explicit Version(const ical::CalendarObject* object) {
    if (object) {
      root = object->root();
      components = detail::componentsById(root);
    }
  }
  icalcomponent* find(const std::string& id) const {
    auto it = components.find(id);
    return it == components.end() ? nullptr : it->second;
  }
  icalcomponent* master() const { return find(""); }
  std::set<std::string> exdates() const {
    icalcomponent* m = master();
    return m ? ical::exdatesOf(root, m) : std::set<std::string>();
  }
};

std::vector<Participation> participations(const Version& before, const Version& after) {
  std::vector<Participation> result;
  std::map<std::string, std::size_t> index;
  auto collect = [&](const Version& version, bool isAfter) {
    for (const auto& [id, component] : version.components) {
      for (icalproperty* p : detail::attendeesIn(component)) {
        const std::string address = detail::addressOf(p);
        auto [it, isNew] = index.emplace(normalizedAddress(address), result.size());
        if (isNew) result.push_back({});
        Participation& participation = result[it->second];
        if (isNew || isAfter) {
          participation.address = address;
          participation.agent = detail::scheduleAgentOf(p);
        }
        if (isAfter) {
          participation.after.insert(id);
          if (ical::parameterOf(p, "SCHEDULE-FORCE-SEND") == "REQUEST") participation.isForced = true;
        } else {
          participation.before.insert(id);
        }
      }
    }
  };
  collect(before, false);
  collect(after, true);
  return result;
}

void appendLines(icalcomponent* component, icalproperty_kind kind, std::string& key) {
  for (icalproperty* p = icalcomponent_get_first_property(component, kind); p;
       p = icalcomponent_get_next_property(component, kind)) {
    const char* value = icalproperty_get_value_as_string(p);
    key += std::string(icalproperty_kind_to_string(kind)) + ":" + (value ? value : "") + "\n";
  }
}

void appendTime(icalcomponent* root, icalcomponent* component, icalproperty_kind kind, std::string& key) {
  if (icalproperty* p = icalcomponent_get_first_property(component, kind)) {
    key += std::string(icalproperty_kind_to_string(kind)) + ":" + ical::timeKeyOf(root, p) + "\n";
  }
}

// What an attendee must hear about (RFC 6638 §3.2.1.2): times, recurrence (EXDATE aside,
// compared by the caller), STATUS, SUMMARY, LOCATION, DESCRIPTION and the attendee list.
std::string significantKey(icalcomponent* root, icalcomponent* component) {
  std::string key;
  appendTime(root, component, ICAL_DTSTART_PROPERTY, key);
  appendTime(root, component, ICAL_DTEND_PROPERTY, key);
  appendTime(root, component, ICAL_DUE_PROPERTY, key);
  for (icalproperty_kind kind : {ICAL_DURATION_PROPERTY, ICAL_RRULE_PROPERTY, ICAL_RDATE_PROPERTY,
                                 ICAL_STATUS_PROPERTY, ICAL_SUMMARY_PROPERTY, ICAL_LOCATION_PROPERTY,
                                 ICAL_DESCRIPTION_PROPERTY}) {
    appendLines(component, kind, key);
  }
  std::set<std::string> attendees;
  for (icalproperty* p : detail::attendeesIn(component)) attendees.insert(normalizedAddress(detail::addressOf(p)));
  for (const auto& a : attendees) key += "ATTENDEE:" + a + "\n";
  return key;
}

// What needs a higher SEQUENCE (RFC 5546 §2.1.4): times, recurrence, cancellation.
std::string rescheduleKey(icalcomponent* root, icalcomponent* component) {
  std::string key;
  appendTime(root, component, ICAL_DTSTART_PROPERTY, key);
  appendTime(root, component, ICAL_DTEND_PROPERTY, key);
  appendTime(root, component, ICAL_DUE_PROPERTY, key);
  for (icalproperty_kind kind : {ICAL_DURATION_PROPERTY, ICAL_RRULE_PROPERTY, ICAL_RDATE_PROPERTY}) {
    appendLines(component, kind, key);
  }
  for (const auto& exdate : ical::exdatesOf(root, component)) key += "EXDATE:" + exdate + "\n";
  if (detail::isCancelled(component)) key += "STATUS:CANCELLED\n";
  return key;
}

// A component of a message for `address`: a copy with only that attendee (a REPLY's or
// CANCEL's) or all of them (a REQUEST's), no scheduling parameters.
IcalComponentPtr messageComponent(icalcomponent* component, const std::string* onlyAttendee) {
  IcalComponentPtr copy = ical::detail::cloneComponent(component);
  if (onlyAttendee) detail::keepOnlyAttendee(copy.get(), *onlyAttendee);
  detail::stripSchedulingParameters(copy.get());
  return copy;
}

IcalComponentPtr cancelComponent(icalcomponent* component, const std::string& address, icalcomponent* current) {
  IcalComponentPtr copy = messageComponent(component, &address);
  ical::removeSubcomponents(copy.get(), ICAL_VALARM_COMPONENT);
  detail::setStatusCancelled(copy.get());
  if (current) {
    // The CANCEL carries the current SEQUENCE and DTSTAMP of the object (RFC 5546 §3.2.5).
    detail::setSequence(copy.get(), detail::sequenceOf(current));
    if (icalproperty* stamp = icalcomponent_get_first_property(current, ICAL_DTSTAMP_PROPERTY)) {
      ical::replaceProperty(copy.get(), icalproperty_new_clone(stamp));
    }
  }
  return copy;
}

std::string exdateLine(const std::string& recurrenceId) {
  const bool isDate = recurrenceId.size() == 8;
  return std::string("EXDATE") + (isDate ? ";VALUE=DATE" : "") + ":" + recurrenceId;
}

ItipMessage message(Method method, const OrganizerChange& change, const std::string& uid,
                    const Participation& participation, icalcomponent* source,
                    std::vector<IcalComponentPtr> components) {
  ItipMessage m;
  m.method = method;
  m.uid = uid;
  m.sender = change.organizer;
  m.recipient = participation.address;
  m.body = detail::messageText(method, source, std::move(components));
  return m;
}

// The whole object is gone for the attendee: one CANCEL for what it took part in (§3.2.1.3).
ItipMessage wholeCancel(const OrganizerChange& change, const std::string& uid, const Participation& p,
                        const Version& source, const std::set<std::string>& ids) {
  std::vector<IcalComponentPtr> components;
  if (ids.count("")) {
    components.push_back(cancelComponent(source.master(), p.address, nullptr));
  } else {
    for (const auto& id : ids) components.push_back(cancelComponent(source.find(id), p.address, nullptr));
  }
  return message(Method::Cancel, change, uid, p, source.root, std::move(components));
}

// The instances `p` took part in before and no longer does while still invited to others.
std::set<std::string> removedInstances(const Participation& p, const Version& before, const Version& after) {
  std::set<std::string> removed;
  const bool isOnMaster = p.after.count("") > 0;
  const std::set<std::string> exdatesAfter = after.exdates();
  for (const auto& id : p.before) {
    if (id.empty() || p.after.count(id)) continue;
    // An override dropped without EXDATE falls back to the master's occurrence.
    const bool isBackToMaster = isOnMaster && !after.find(id) && !exdatesAfter.count(id);
    if (!isBackToMaster) removed.insert(id);
  }
  if (isOnMaster && p.before.count("")) {
    const std::set<std::string> exdatesBefore = before.exdates();
    for (const auto& id : exdatesAfter) {
      if (!exdatesBefore.count(id)) removed.insert(id);
    }
  }
  for (const auto& id : p.after) {
    icalcomponent* was = before.find(id);
    if (!id.empty() && detail::isCancelled(after.find(id)) && !(was && detail::isCancelled(was))) {
      removed.insert(id);
    }
  }
  return removed;
}

bool isSignificant(const Participation& p, const Version& before, const Version& after) {
  if (p.isForced || p.before.empty()) return true;
  for (const auto& id : p.after) {
    if (!p.before.count(id)) return true;
    if (significantKey(before.root, before.find(id)) != significantKey(after.root, after.find(id))) return true;
  }
  for (const auto& id : p.before) {
    // An override dropped back to the master's occurrence changes that instance.
    if (!id.empty() && !p.after.count(id) && p.after.count("") && !after.find(id) &&
        !after.exdates().count(id)) {
      return true;
    }
  }
  if (p.before.count("") && p.after.count("")) {
    const std::set<std::string> exdatesAfter = after.exdates();
    for (const auto& id : before.exdates()) {
      if (!exdatesAfter.count(id)) return true;  // an instance restored
    }
  }
  return false;
}

ItipMessage request(const OrganizerChange& change, const std::string& uid, const Participation& p,
                    const Version& after) {
  std::vector<IcalComponentPtr> components;
  for (const auto& id : p.after) {
    IcalComponentPtr copy = messageComponent(after.find(id), nullptr);
    ical::removeSubcomponents(copy.get(), ICAL_VALARM_COMPONENT);  // the organizer's own reminders
    if (id.empty()) {
      // Occurrences overridden without this attendee are not its own (sabre's EXDATEs).
      for (const auto& [otherId, other] : after.components) {
        if (otherId.empty() || p.after.count(otherId)) continue;
        if (icalproperty* exdate = icalproperty_new_from_string(exdateLine(otherId).c_str())) {
          icalcomponent_add_property(copy.get(), exdate);
        }
      }
    }
    components.push_back(std::move(copy));
  }
  return message(Method::Request, change, uid, p, after.root, std::move(components));
}

ItipMessage instanceCancel(const OrganizerChange& change, const std::string& uid, const Participation& p,
                           const Version& before, const Version& after, const std::set<std::string>& ids) {
  std::vector<IcalComponentPtr> components;
  icalcomponent* current = after.master() ? after.master() : after.components.begin()->second;
  for (const auto& id : ids) {
    if (icalcomponent* c = before.find(id) ? before.find(id) : after.find(id)) {
      components.push_back(cancelComponent(c, p.address, current));
    } else if (before.master()) {
      IcalComponentPtr occurrence = ical::occurrenceOverride(before.root, before.master(), id);
      if (occurrence) components.push_back(cancelComponent(occurrence.get(), p.address, current));
    }
  }
  return message(Method::Cancel, change, uid, p, after.root, std::move(components));
}

bool isAllCancelled(const Version& version, const std::set<std::string>& ids) {
  for (const auto& id : ids) {
    if (!detail::isCancelled(version.find(id))) return false;
  }
  return true;
}

}  // namespace

std::vector<ItipMessage> organizerMessages(const OrganizerChange& change) {
  const Version before(change.before);
  const Version after(change.after);
  const std::string uid = change.after ? change.after->uid() : change.before ? change.before->uid() : "";
  std::vector<ItipMessage> messages;
  for (const Participation& p : participations(before, after)) {
    // The organizer is never a recipient; SCHEDULE-AGENT CLIENT or NONE: not ours (§7.1).
    if (isSameAddress(p.address, change.organizer) || p.agent != "SERVER") continue;
    if (p.after.empty() || isAllCancelled(after, p.after)) {
      if (!p.after.empty()) {
        // STATUS:CANCELLED on everything the attendee is in cancels it all (RFC 5546 §3.2.5),
        // once: a copy already cancelled needs no new message.
        if (!p.before.empty() && isAllCancelled(before, p.before) && !p.isForced) continue;
        messages.push_back(wholeCancel(change, uid, p, after, p.after));
      } else if (!p.before.empty()) {
        messages.push_back(wholeCancel(change, uid, p, before, p.before));
      }
      continue;
    }
    if (isSignificant(p, before, after)) messages.push_back(request(change, uid, p, after));
    if (const auto removed = removedInstances(p, before, after); !removed.empty()) {
      messages.push_back(instanceCancel(change, uid, p, before, after, removed));
    }
  }
  return messages;
}

bool raiseSequenceIfRescheduled(const ical::CalendarObject* before, ical::CalendarObject& after) {
  if (!before) return false;
  const Version old(before);
  const ComponentMap current = detail::componentsById(after.root());
  bool changed = false;
  for (const auto& [id, component] : current) {
    icalcomponent* was = old.find(id);
    IcalComponentPtr occurrence;
    if (!was && !id.empty() && old.master()) {
      // A new override: compared with the occurrence of the master it replaces.
      occurrence = ical::occurrenceOverride(old.root, old.master(), id);
      if (occurrence) {
        detail::setSequence(occurrence.get(), detail::sequenceOf(old.master()));
        was = occurrence.get();
      }
    }
    if (!was) continue;
    const int oldSequence = detail::sequenceOf(was);
    if (detail::sequenceOf(component) > oldSequence) continue;
    if (rescheduleKey(old.root, was) == rescheduleKey(after.root(), component)) continue;
    detail::setSequence(component, oldSequence + 1);
    changed = true;
  }
  return changed;
}

}  // namespace caldav::scheduling::itip
