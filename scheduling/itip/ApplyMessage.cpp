// Processing of received iTIP messages (RFC 5546 §3.2.2, §3.2.3, §3.2.5; RFC 6638 §3.2), after
// sabre/vobject's ITip\Broker::processMessageRequest/Cancel/Reply.
#include "scheduling/itip/ApplyMessage.h"

#include "ical/ComponentEdit.h"
#include "scheduling/itip/CalendarAddress.h"
#include "scheduling/itip/detail/ItipComponents.h"

namespace caldav::scheduling::itip {
namespace {

using ical::detail::IcalComponentPtr;
using detail::ComponentMap;

icalcomponent* find(const ComponentMap& components, const std::string& id) {
  auto it = components.find(id);
  return it == components.end() ? nullptr : it->second;
}

// The component of `components` a message component for `id` is compared with: the same
// instance, else the master (an occurrence not overridden yet), else the first.
icalcomponent* counterpart(const ComponentMap& components, const std::string& id) {
  if (icalcomponent* c = find(components, id)) return c;
  if (icalcomponent* master = find(components, "")) return master;
  return components.empty() ? nullptr : components.begin()->second;
}

// RFC 5546 §2.1.5: a message is older than a copy with a higher SEQUENCE, or with the same
// SEQUENCE and a later DTSTAMP.
bool isOlder(icalcomponent* message, icalcomponent* copy, bool compareStamps) {
  const int sequence = detail::sequenceOf(message);
  const int copySequence = detail::sequenceOf(copy);
  if (sequence != copySequence) return sequence < copySequence;
  if (!compareStamps) return false;
  icalproperty* stamp = icalcomponent_get_first_property(message, ICAL_DTSTAMP_PROPERTY);
  icalproperty* copyStamp = icalcomponent_get_first_property(copy, ICAL_DTSTAMP_PROPERTY);
  if (!stamp || !copyStamp) return false;
  return icaltime_compare(icalproperty_get_dtstamp(stamp), icalproperty_get_dtstamp(copyStamp)) < 0;
}

std::string timesKey(icalcomponent* root, icalcomponent* component) {
  std::string key;
  for (icalproperty_kind kind : {ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY, ICAL_DUE_PROPERTY}) {
    if (icalproperty* p = icalcomponent_get_first_property(component, kind)) key += ical::timeKeyOf(root, p) + ";";
    key += "|";
  }
  for (icalproperty_kind kind : {ICAL_DURATION_PROPERTY, ICAL_RRULE_PROPERTY}) {
    if (icalproperty* p = icalcomponent_get_first_property(component, kind)) {
      const char* value = icalproperty_get_value_as_string(p);
      key += value ? value : "";
    }
    key += "|";
  }
  return key;
}

// Carries the recipient's own parts of `old` (its copy of the instance) over to `updated`:
// VALARMs, TRANSP, and PARTSTATs unless the request reschedules (RFC 5546 §2.1.4).
void keepRecipientParts(icalcomponent* updatedRoot, icalcomponent* updated, icalcomponent* oldRoot, icalcomponent* old) {
  ical::removeSubcomponents(updated, ICAL_VALARM_COMPONENT);
  for (icalcomponent* alarm = icalcomponent_get_first_component(old, ICAL_VALARM_COMPONENT); alarm;
       alarm = icalcomponent_get_next_component(old, ICAL_VALARM_COMPONENT)) {
    icalcomponent_add_component(updated, icalcomponent_new_clone(alarm));
  }
  if (icalproperty* transp = icalcomponent_get_first_property(old, ICAL_TRANSP_PROPERTY)) {
    ical::replaceProperty(updated, icalproperty_new_clone(transp));
  }
  const bool isRescheduled = detail::sequenceOf(updated) > detail::sequenceOf(old) &&
                             timesKey(updatedRoot, updated) != timesKey(oldRoot, old);
  if (isRescheduled) return;
  for (icalproperty* p : detail::attendeesIn(updated)) {
    icalproperty* was = detail::attendeeIn(old, detail::addressOf(p));
    if (!was || detail::partstatOf(p) != "NEEDS-ACTION" || detail::partstatOf(was) == "NEEDS-ACTION") continue;
    // The recipient's answer, not yet known to the organizer when it sent the request.
    ical::setParameter(p, "PARTSTAT", detail::partstatOf(was));
    ical::removeParameter(p, "RSVP");
  }
}

std::string requestStatusCode(icalcomponent* component) {
  icalproperty* p = icalcomponent_get_first_property(component, ICAL_REQUESTSTATUS_PROPERTY);
  const char* value = p ? icalproperty_get_value_as_string(p) : nullptr;
  std::string code = value ? value : "";
  code = code.substr(0, code.find(';'));
  return code.empty() ? "2.0" : code;
}

// The component of `result` for instance `id`, an override added from the master if the
// object does not override that occurrence yet; nullptr if there is neither.
icalcomponent* instanceIn(icalcomponent* result, ComponentMap& components, const std::string& id) {
  if (icalcomponent* c = find(components, id)) return c;
  icalcomponent* master = find(components, "");
  if (id.empty() || !master) return nullptr;
  IcalComponentPtr occurrence = ical::occurrenceOverride(result, master, id);
  if (!occurrence) return nullptr;
  icalcomponent* added = occurrence.release();
  icalcomponent_add_component(result, added);
  components[id] = added;
  return added;
}

}  // namespace

std::optional<std::string> applyRequest(const ical::CalendarObject* existing, const ical::CalendarObject& request) {
  const ComponentMap incoming = detail::componentsById(request.root());
  if (incoming.empty()) return std::nullopt;
  if (!existing) return detail::withoutMethodText(request.root());

  const ComponentMap old = detail::componentsById(existing->root());
  const auto& [firstId, first] = *incoming.begin();
  if (icalcomponent* copy = counterpart(old, firstId); copy && isOlder(first, copy, true)) return std::nullopt;

  IcalComponentPtr result;
  if (incoming.count("")) {
    // The organizer's components replace the copy's (RFC 5546 §3.2.2).
    result = ical::detail::cloneComponent(request.root());
    ical::removeProperties(result.get(), ICAL_METHOD_PROPERTY);
  } else {
    // A request for some occurrences replaces or adds those overrides only (§3.2.2.5).
    result = ical::detail::cloneComponent(existing->root());
    const ComponentMap copies = detail::componentsById(result.get());
    for (const auto& [id, c] : incoming) {
      if (icalcomponent* replaced = find(copies, id)) {
        icalcomponent_remove_component(result.get(), replaced);
        icalcomponent_free(replaced);
      }
      icalcomponent_add_component(result.get(), icalcomponent_new_clone(c));
    }
    ical::copyUsedTimezones(request.root(), result.get());
  }
  for (const auto& [id, c] : detail::componentsById(result.get())) {
    if (!incoming.count(id)) continue;
    if (icalcomponent* was = counterpart(old, id)) keepRecipientParts(result.get(), c, existing->root(), was);
  }
  return ical::detail::componentText(result.get());
}

std::optional<std::string> applyCancel(const ical::CalendarObject& existing, const ical::CalendarObject& cancel) {
  IcalComponentPtr result = ical::detail::cloneComponent(existing.root());
  ComponentMap copies = detail::componentsById(result.get());
  for (const auto& [id, c] : detail::componentsById(cancel.root())) {
    if (icalcomponent* copy = counterpart(copies, id); copy && isOlder(c, copy, false)) return std::nullopt;
    std::vector<icalcomponent*> cancelled;
    if (id.empty()) {
      for (const auto& [copyId, copy] : copies) cancelled.push_back(copy);  // the whole object
    } else if (icalcomponent* instance = instanceIn(result.get(), copies, id)) {
      cancelled.push_back(instance);
    }
    for (icalcomponent* instance : cancelled) {
      detail::setStatusCancelled(instance);
      detail::setSequence(instance, std::max(detail::sequenceOf(instance), detail::sequenceOf(c)));
    }
  }
  return ical::detail::componentText(result.get());
}

namespace {

// The REPLY processing of applyReply on `root` (changed in place).
AppliedReply applyReplyIn(icalcomponent* root, const ical::CalendarObject& reply) {
  ComponentMap copies = detail::componentsById(root);
  bool isKnownSender = false;
  bool isOverrideAdded = false;
  for (const auto& [id, c] : detail::componentsById(reply.root())) {
    icalproperty* answer = icalcomponent_get_first_property(c, ICAL_ATTENDEE_PROPERTY);
    if (!answer) continue;
    const std::string sender = detail::addressOf(answer);
    bool isAttendee = false;
    for (const auto& [copyId, copy] : copies) isAttendee = isAttendee || detail::attendeeIn(copy, sender);
    if (!isAttendee) return AppliedReply::Ignored;  // RFC 5546 §3.2.3: only attendees reply
    isKnownSender = true;
    icalcomponent* instance = find(copies, id);
    if (!instance && find(copies, "") && detail::attendeeIn(find(copies, ""), sender)) {
      instance = instanceIn(root, copies, id);
      isOverrideAdded = isOverrideAdded || instance != nullptr;
    }
    icalproperty* attendee = instance ? detail::attendeeIn(instance, sender) : nullptr;
    if (!attendee) continue;
    ical::setParameter(attendee, "PARTSTAT", detail::partstatOf(answer));
    ical::setParameter(attendee, "SCHEDULE-STATUS", requestStatusCode(c));
  }
  if (!isKnownSender) return AppliedReply::Ignored;
  return isOverrideAdded ? AppliedReply::AddedOverride : AppliedReply::Applied;
}

void setScheduleStatusIn(icalcomponent* root, const std::map<std::string, std::string>& statusByAddress) {
  for (icalcomponent* c : ical::schedulingComponents(root)) {
    for (icalproperty* p : detail::attendeesIn(c)) {
      ical::removeParameter(p, "SCHEDULE-FORCE-SEND");
      auto status = statusByAddress.find(normalizedAddress(detail::addressOf(p)));
      if (status != statusByAddress.end()) ical::setParameter(p, "SCHEDULE-STATUS", status->second);
    }
    if (icalproperty* o = icalcomponent_get_first_property(c, ICAL_ORGANIZER_PROPERTY)) {
      ical::removeParameter(o, "SCHEDULE-FORCE-SEND");
    }
  }
}

void setPartstatIn(icalcomponent* root, const std::string& attendee, const std::string& partstat) {
  for (icalcomponent* c : ical::schedulingComponents(root)) {
    if (icalproperty* p = detail::attendeeIn(c, attendee)) {
      ical::setParameter(p, "PARTSTAT", partstat);
      ical::removeParameter(p, "RSVP");
    }
  }
}

}  // namespace

std::optional<std::string> applyReply(const ical::CalendarObject& organizerObject, const ical::CalendarObject& reply) {
  IcalComponentPtr result = ical::detail::cloneComponent(organizerObject.root());
  if (applyReplyIn(result.get(), reply) == AppliedReply::Ignored) return std::nullopt;
  return ical::detail::componentText(result.get());
}

AppliedReply applyReplyTo(ical::CalendarObject& organizerObject, const ical::CalendarObject& reply) {
  // Checked on a copy first: an ignored reply leaves the object as it was.
  IcalComponentPtr result = ical::detail::cloneComponent(organizerObject.root());
  const AppliedReply applied = applyReplyIn(result.get(), reply);
  if (applied != AppliedReply::Ignored) applyReplyIn(organizerObject.root(), reply);
  return applied;
}

std::string withScheduleStatus(const ical::CalendarObject& object, const std::map<std::string, std::string>& statusByAddress) {
  IcalComponentPtr result = ical::detail::cloneComponent(object.root());
  setScheduleStatusIn(result.get(), statusByAddress);
  return ical::detail::componentText(result.get());
}

void setScheduleStatus(ical::CalendarObject& object, const std::map<std::string, std::string>& statusByAddress) {
  setScheduleStatusIn(object.root(), statusByAddress);
}

std::string withPartstat(const ical::CalendarObject& object, const std::string& attendee, const std::string& partstat) {
  IcalComponentPtr result = ical::detail::cloneComponent(object.root());
  setPartstatIn(result.get(), attendee, partstat);
  return ical::detail::componentText(result.get());
}

void setPartstat(ical::CalendarObject& object, const std::string& attendee, const std::string& partstat) {
  setPartstatIn(object.root(), attendee, partstat);
}

}  // namespace caldav::scheduling::itip
