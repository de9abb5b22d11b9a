// The attendee side of implicit scheduling (RFC 6638 §3.2.2), after sabre/vobject's
// ITip\Broker::parseEventForAttendee: a REPLY for the instances whose PARTSTAT changed.
#include "scheduling/itip/AttendeeMessages.h"

#include "ical/ComponentEdit.h"
#include "scheduling/itip/CalendarAddress.h"
#include "scheduling/itip/detail/ItipComponents.h"

#include <set>

namespace caldav::scheduling::itip {
namespace {

using ical::detail::IcalComponentPtr;
using detail::ComponentMap;

ComponentMap componentsOf(const ical::CalendarObject* object) {
  return object ? detail::componentsById(object->root()) : ComponentMap();
}

icalcomponent* find(const ComponentMap& components, const std::string& id) {
  auto it = components.find(id);
  return it == components.end() ? nullptr : it->second;
}

// The attendee's PARTSTAT for instance `id` in `components` (an occurrence not overridden
// has the master's), or "" if it is not listed.
std::string partstatFor(const ComponentMap& components, const std::string& id, const std::string& attendee) {
  icalcomponent* c = find(components, id);
  if (!c && !id.empty()) c = find(components, "");
  icalproperty* p = c ? detail::attendeeIn(c, attendee) : nullptr;
  return p ? detail::partstatOf(p) : "";
}

// A REPLY component (RFC 5546 §3.2.3): the instance with only the replying attendee.
IcalComponentPtr replyComponent(icalcomponent* component, const std::string& attendee, const std::string& partstat) {
  IcalComponentPtr copy = ical::detail::cloneComponent(component);
  detail::keepOnlyAttendee(copy.get(), attendee);
  detail::stripSchedulingParameters(copy.get());
  ical::removeSubcomponents(copy.get(), ICAL_VALARM_COMPONENT);
  ical::removeProperties(copy.get(), ICAL_TRANSP_PROPERTY);
  if (icalproperty* p = detail::attendeeIn(copy.get(), attendee)) {
    ical::setParameter(p, "PARTSTAT", partstat);
    ical::removeParameter(p, "RSVP");
  }
  return copy;
}

// The attendee's own, organizer-free parts of a component removed, times as instants: what
// must stay equal for an attendee-only change.
std::string organizerPart(icalcomponent* root, icalcomponent* component, const std::string& attendee) {
  IcalComponentPtr copy = ical::detail::cloneComponent(component);
  std::string times;
  for (icalproperty_kind kind : {ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY, ICAL_DUE_PROPERTY,
                                 ICAL_RECURRENCEID_PROPERTY}) {
    if (icalproperty* p = icalcomponent_get_first_property(copy.get(), kind)) {
      times += std::string(icalproperty_kind_to_string(kind)) + ":" + ical::timeKeyOf(root, p) + "\n";
    }
    ical::removeProperties(copy.get(), kind);
  }
  ical::removeSubcomponents(copy.get(), ICAL_VALARM_COMPONENT);
  // EXDATEs are compared by the caller: the attendee may add some (RFC 6638 §3.2.2.1).
  for (icalproperty_kind kind : {ICAL_TRANSP_PROPERTY, ICAL_DTSTAMP_PROPERTY, ICAL_LASTMODIFIED_PROPERTY,
                                 ICAL_X_PROPERTY, ICAL_EXDATE_PROPERTY}) {
    ical::removeProperties(copy.get(), kind);
  }
  std::vector<icalproperty*> people = detail::attendeesIn(copy.get());
  if (icalproperty* o = icalcomponent_get_first_property(copy.get(), ICAL_ORGANIZER_PROPERTY)) people.push_back(o);
  for (icalproperty* p : people) {
    ical::removeParameter(p, "SCHEDULE-STATUS");
    if (icalproperty_isa(p) == ICAL_ATTENDEE_PROPERTY && isSameAddress(detail::addressOf(p), attendee)) {
      ical::removeParameter(p, "PARTSTAT");
      ical::removeParameter(p, "RSVP");
    }
  }
  return times + ical::canonicalText(copy.get());
}

}  // namespace

std::optional<ItipMessage> attendeeReply(const AttendeeChange& change) {
  const ical::CalendarObject* current = change.after ? change.after : change.before;
  if (!current) return std::nullopt;
  icalcomponent* root = current->root();
  const std::string organizer = detail::organizerOfObject(root);
  if (organizer.empty() || isSameAddress(organizer, change.attendee)) return std::nullopt;
  for (icalcomponent* c : ical::schedulingComponents(root)) {
    icalproperty* o = icalcomponent_get_first_property(c, ICAL_ORGANIZER_PROPERTY);
    if (o && detail::scheduleAgentOf(o) != "SERVER") return std::nullopt;  // RFC 6638 §7.1
  }

  const ComponentMap before = componentsOf(change.before);
  const ComponentMap after = componentsOf(change.after);
  std::vector<IcalComponentPtr> components;
  std::string sender = change.attendee;
  if (!change.after) {
    // A deleted copy declines what the attendee had not declined yet (RFC 6638 §3.2.2.3).
    for (const auto& [id, c] : before) {
      icalproperty* p = detail::attendeeIn(c, change.attendee);
      if (!p || detail::partstatOf(p) == "DECLINED") continue;
      sender = detail::addressOf(p);
      components.push_back(replyComponent(c, change.attendee, "DECLINED"));
    }
  } else {
    for (const auto& [id, c] : after) {
      icalproperty* p = detail::attendeeIn(c, change.attendee);
      if (!p) continue;
      sender = detail::addressOf(p);
      const std::string partstat = detail::partstatOf(p);
      const std::string old = change.before ? partstatFor(before, id, change.attendee) : "";
      if (partstat != (old.empty() ? "NEEDS-ACTION" : old)) {
        components.push_back(replyComponent(c, change.attendee, partstat));
      }
    }
    // Occurrences the attendee excluded from its copy are declined (sabre does the same).
    icalcomponent* oldMaster = find(before, "");
    icalcomponent* newMaster = find(after, "");
    if (oldMaster && newMaster && detail::attendeeIn(newMaster, change.attendee)) {
      const auto oldExdates = ical::exdatesOf(change.before->root(), oldMaster);
      for (const auto& id : ical::exdatesOf(root, newMaster)) {
        if (oldExdates.count(id) || find(after, id)) continue;
        if (partstatFor(before, id, change.attendee) == "DECLINED") continue;
        if (icalcomponent* overridden = find(before, id)) {
          components.push_back(replyComponent(overridden, change.attendee, "DECLINED"));
        } else if (auto occurrence = ical::occurrenceOverride(change.before->root(), oldMaster, id)) {
          components.push_back(replyComponent(occurrence.get(), change.attendee, "DECLINED"));
        }
      }
    }
  }
  if (components.empty()) return std::nullopt;
  ItipMessage message;
  message.method = Method::Reply;
  message.uid = current->uid();
  message.sender = sender;
  message.recipient = organizer;
  message.body = detail::messageText(Method::Reply, root, std::move(components));
  return message;
}

bool isAttendeeOnlyChange(const ical::CalendarObject& before, const ical::CalendarObject& after,
                          const std::string& attendee) {
  const ComponentMap old = detail::componentsById(before.root());
  const ComponentMap current = detail::componentsById(after.root());
  // The attendee may remove occurrences from its copy (an EXDATE added, its override gone).
  icalcomponent* oldMaster = find(old, "");
  icalcomponent* newMaster = find(current, "");
  const auto oldExdates = oldMaster ? ical::exdatesOf(before.root(), oldMaster) : std::set<std::string>();
  const auto newExdates = newMaster ? ical::exdatesOf(after.root(), newMaster) : std::set<std::string>();
  for (const auto& id : oldExdates) {
    if (!newExdates.count(id)) return false;
  }
  for (const auto& [id, c] : old) {
    if (!current.count(id) && !newExdates.count(id)) return false;
  }
  for (const auto& [id, c] : current) {
    icalcomponent* was = find(old, id);
    IcalComponentPtr occurrence;
    if (!was && !id.empty() && find(old, "")) {
      // An override the attendee added (to answer for one occurrence): compared with the
      // occurrence of the master it replaces.
      occurrence = ical::occurrenceOverride(before.root(), find(old, ""), id);
      was = occurrence.get();
    }
    if (!was) return false;
    if (organizerPart(before.root(), was, attendee) != organizerPart(after.root(), c, attendee)) return false;
  }
  return true;
}

std::string otherAttendeeAnswered(const ical::CalendarObject& before, const ical::CalendarObject& after,
                                  const std::string& attendee) {
  const ComponentMap old = detail::componentsById(before.root());
  for (const auto& [id, c] : detail::componentsById(after.root())) {
    icalcomponent* was = find(old, id);
    if (!was) continue;
    for (icalproperty* p : detail::attendeesIn(c)) {
      const std::string address = detail::addressOf(p);
      if (isSameAddress(address, attendee)) continue;
      icalproperty* previous = detail::attendeeIn(was, address);
      // Back to NEEDS-ACTION is no answer (a client writing an older copy); any other
      // change is one given in someone else's name.
      const std::string partstat = detail::partstatOf(p);
      if (previous && partstat != "NEEDS-ACTION" && detail::partstatOf(previous) != partstat) return address;
    }
  }
  return "";
}

}  // namespace caldav::scheduling::itip
