// POST to a scheduling outbox: a request for busy time (RFC 6638 §5). The body is an iTIP
// VFREEBUSY REQUEST (RFC 5546 §3.3.2) from the outbox's owner; the answer is a
// CALDAV:schedule-response with one CALDAV:response per ATTENDEE: its request-status and, when
// the owner may see it (dav/FreeBusyAccess.h), its busy time as a VFREEBUSY REPLY computed as
// free-busy-query computes a calendar home's (dav/reports/BusyTime.h). Nothing is stored.
// Invitations are not sent this way: the server sends them when an event is stored (implicit
// scheduling, RFC 6638 §3.2), so any other message is refused.
#include "dav/Access.h"
#include "dav/Dispatcher.h"
#include "dav/ErrorMapping.h"
#include "dav/FreeBusyAccess.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarBody.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/reports/BusyTime.h"
#include "ical/FreeBusyRequest.h"

#include <Poco/String.h>

#include <algorithm>
#include <string>
#include <vector>

namespace caldav::dav::methods {
namespace {

// The most recipients one request may name (docs/scheduling.md): each costs a free-busy
// computation over the recipient's calendars.
constexpr std::size_t kMaxRecipients = 100;

// The e-mail address of a "mailto:" calendar user address (scheme in any case), or "".
std::string mailtoAddress(std::string_view address) {
  const std::string_view scheme = "mailto:";
  if (address.size() <= scheme.size()) return {};
  if (Poco::icompare(std::string(address.substr(0, scheme.size())), std::string(scheme)) != 0) return {};
  return std::string(address.substr(scheme.size()));
}

bool isSameEmail(std::string_view a, std::string_view b) {
  return !a.empty() && Poco::icompare(std::string(a), std::string(b)) == 0;
}

// RFC 9110 §15.5.6: 405 names the methods the target supports: all but POST outside an outbox.
Response notAllowed(const std::string& path) {
  Response response = errorResponse(
      HttpError(405, "POST is accepted only by a scheduling outbox (RFC 6638 §5), not by " + hrefFor(path, false)));
  std::string allow;
  for (const auto& name : Dispatcher::implementedMethods()) {
    if (name != "POST") allow += (allow.empty() ? "" : ", ") + name;
  }
  response.setHeader("Allow", allow);
  return response;
}

// What the body asks, or the refusal of RFC 6638 §5 it earns.
ical::FreeBusyRequest requireFreeBusyRequest(const Request& request) {
  const std::string* contentType = request.headers.find("Content-Type");
  if (!contentType || Poco::toLower(*contentType).find("text/calendar") == std::string::npos) {
    throw HttpError(Precondition::SupportedCalendarData, "A scheduling outbox accepts only text/calendar");
  }
  caldav::requireSupportedCharset(*contentType, request.body);
  const auto object = ical::CalendarObject::parse(request.body);  // CALDAV:valid-calendar-data
  auto asked = ical::freeBusyRequest(object);
  if (asked.method != "REQUEST" || !asked.isFreeBusy) {
    throw HttpError(Precondition::ValidSchedulingMessage,
                    "The outbox answers only a VFREEBUSY with METHOD:REQUEST; invitations, replies and "
                    "cancellations are sent by the server when the event is stored (RFC 6638 §3.2)");
  }
  if (asked.freeBusyCount != 1) {
    throw HttpError(Precondition::ValidSchedulingMessage, "The request must hold exactly one VFREEBUSY");
  }
  if (asked.uid.empty()) {
    throw HttpError(Precondition::ValidSchedulingMessage, "The VFREEBUSY needs a UID (RFC 5546 §3.3.2)");
  }
  if (!asked.start || !asked.end || *asked.end <= *asked.start) {
    throw HttpError(Precondition::ValidSchedulingMessage,
                    "The VFREEBUSY needs DTSTART and a later DTEND, as UTC date-times (RFC 5545 §3.6.4)");
  }
  if (asked.attendees.empty()) {
    throw HttpError(Precondition::ValidSchedulingMessage, "The VFREEBUSY names no ATTENDEE whose busy time to answer");
  }
  if (asked.attendees.size() > kMaxRecipients) {
    throw HttpError(Precondition::TooManyRecipients,
                    "At most " + std::to_string(kMaxRecipients) + " recipients per request");
  }
  return asked;
}

// One CALDAV:response of the schedule-response (RFC 6638 §10.2).
void appendResponse(std::string& out, const std::string& recipient, const char* status, const std::string& data = "") {
  out += "<C:response><C:recipient><D:href>" + xmlEscape(recipient) + "</D:href></C:recipient><C:request-status>";
  out += status;
  out += "</C:request-status>";
  if (!data.empty()) out += "<C:calendar-data>" + xmlEscape(data) + "</C:calendar-data>";
  out += "</C:response>";
}

}  // namespace

Response post(Context& context) {
  const std::string& path = context.target.path;
  const std::string owner = ownerOfPath(path);
  if (owner.empty() || path != paths::scheduleOutboxPath(owner)) return notAllowed(path);
  // RFC 6638 §11.3 (2), §6.1.1: only the owner sends from an outbox.
  if (owner != context.user) {
    const std::string href = hrefFor(path, true);
    throw HttpError(Precondition::NeedPrivileges, "Only the owner of " + href + " may send from it",
                    "<D:resource><D:href>" + xmlEscape(href) +
                        "</D:href><D:privilege><C:schedule-send-freebusy xmlns:C=\"urn:ietf:params:xml:ns:caldav\"/>"
                        "</D:privilege></D:resource>");
  }
  const auto asked = requireFreeBusyRequest(context.request);
  auto txn = context.store.beginRead();
  requireNode(*txn, path);
  const auto user = txn->findUser(context.user);
  // RFC 6638 §11.3 (1): the ORGANIZER is the outbox's owner. A missing one is not a valid
  // organizer; another calendar user's address is a forgery (organizer-allowed, as for PUT).
  if (asked.organizer.empty()) throw HttpError(Precondition::ValidOrganizer, "The request has no ORGANIZER");
  if (!user || !isSameEmail(mailtoAddress(asked.organizer), user->email)) {
    throw HttpError(Precondition::OrganizerAllowed,
                    "The ORGANIZER " + asked.organizer + " is not the calendar user address of " +
                        hrefFor(paths::principalPath(context.user), true));
  }
  std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                     "<C:schedule-response xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">";
  std::vector<std::string> answered;
  for (const auto& attendee : asked.attendees) {
    // One answer per recipient, however often the request names it.
    if (std::any_of(answered.begin(), answered.end(),
                    [&](const std::string& a) { return Poco::icompare(a, attendee) == 0; })) {
      continue;
    }
    answered.push_back(attendee);
    const std::string email = mailtoAddress(attendee);
    const auto recipient = email.empty() ? std::nullopt : txn->findUserByEmail(email);
    // RFC 5546 §3.6: 3.7 for an address no local principal has, 3.8 for one whose busy time
    // the owner may not see (RFC 6638 §11.3 (3)).
    if (!recipient) {
      appendResponse(body, attendee, "3.7;Invalid calendar user");
      continue;
    }
    // The recipient's calendars whose busy time the sender may read (all of them for a
    // bookable principal, those granted otherwise); none: 3.8.
    const std::string home = paths::calendarHomePath(recipient->name);
    std::vector<storage::NodeRecord> calendars;
    for (auto& child : txn->listChildren(home)) {
      if (caldav::isCalendar(child) && canReadFreeBusy(context.permissions, *txn, child.path)) {
        calendars.push_back(std::move(child));
      }
    }
    if (calendars.empty() && !canReadFreeBusy(context.permissions, *txn, home)) {
      appendResponse(body, attendee, "3.8;No authority");
      continue;
    }
    auto reply = reports::busyTime(context, *txn, calendars, true, *asked.start, *asked.end);
    reply.method = "REPLY";
    reply.uid = asked.uid;
    reply.organizer = "mailto:" + user->email;
    reply.attendee = "mailto:" + recipient->email;
    appendResponse(body, attendee, "2.0;Success", scheduling::freeBusyText(reply));
  }
  body += "</C:schedule-response>";
  Response response = Response::empty(200);
  response.setHeader("Content-Type", "application/xml; charset=utf-8");
  response.body = std::move(body);
  return response;
}

}  // namespace caldav::dav::methods
