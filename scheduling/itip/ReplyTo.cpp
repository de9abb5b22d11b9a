// The REPLY of a calendar user the server answers for (a bookable principal): RFC 5546 §3.2.3.
#include "scheduling/itip/AttendeeMessages.h"

#include "ical/ComponentEdit.h"
#include "scheduling/itip/detail/ItipComponents.h"

#include <set>

namespace caldav::scheduling::itip {
namespace {

using ical::detail::IcalComponentPtr;

// REQUEST-STATUS "code;description[;data]" (RFC 5546 §3.6). libical writes the standard
// description of a code it knows instead of the caller's (it keeps no other text); the
// decision's COMMENT carries the explanation.
icalproperty* requestStatusProperty(const std::string& text) {
  return icalproperty_new_from_string(("REQUEST-STATUS:" + text).c_str());
}

IcalComponentPtr answer(icalcomponent* component, const std::string& attendee, const std::string& partstat,
                        const ReplyDecision& decision) {
  IcalComponentPtr copy = ical::detail::cloneComponent(component);
  detail::keepOnlyAttendee(copy.get(), attendee);
  detail::stripSchedulingParameters(copy.get());
  ical::removeSubcomponents(copy.get(), ICAL_VALARM_COMPONENT);
  if (icalproperty* p = detail::attendeeIn(copy.get(), attendee)) {
    ical::setParameter(p, "PARTSTAT", partstat);
    ical::removeParameter(p, "RSVP");
  }
  ical::removeProperties(copy.get(), ICAL_REQUESTSTATUS_PROPERTY);
  ical::removeProperties(copy.get(), ICAL_COMMENT_PROPERTY);
  if (!decision.requestStatus.empty()) {
    if (icalproperty* status = requestStatusProperty(decision.requestStatus)) {
      icalcomponent_add_property(copy.get(), status);
    }
  }
  if (!decision.comment.empty()) icalcomponent_add_property(copy.get(), icalproperty_new_comment(decision.comment.c_str()));
  return copy;
}

}  // namespace

ItipMessage replyTo(const ical::CalendarObject& request, const std::string& attendee, const ReplyDecision& decision) {
  icalcomponent* root = request.root();
  const detail::ComponentMap components = detail::componentsById(root);
  const bool isAccepted = decision.partstat != "DECLINED";
  const std::set<std::string> declined(decision.declinedRecurrenceIds.begin(), decision.declinedRecurrenceIds.end());
  std::vector<IcalComponentPtr> parts;
  std::string sender = attendee;
  for (const auto& [id, c] : components) {
    icalproperty* p = detail::attendeeIn(c, attendee);
    if (!p) continue;
    sender = detail::addressOf(p);
    const bool isDeclinedHere = !isAccepted || declined.count(id) > 0;
    parts.push_back(answer(c, attendee, isDeclinedHere ? "DECLINED" : decision.partstat, decision));
  }
  auto master = components.find("");
  if (isAccepted && master != components.end() && detail::attendeeIn(master->second, attendee)) {
    for (const auto& id : declined) {
      if (components.count(id)) continue;  // an override of the request: answered above
      if (auto occurrence = ical::occurrenceOverride(root, master->second, id)) {
        parts.push_back(answer(occurrence.get(), attendee, "DECLINED", decision));
      }
    }
  }
  ItipMessage message;
  message.method = Method::Reply;
  message.uid = request.uid();
  message.sender = sender;
  message.recipient = detail::organizerOfObject(root);
  message.body = detail::messageText(Method::Reply, root, std::move(parts));
  return message;
}

}  // namespace caldav::scheduling::itip
