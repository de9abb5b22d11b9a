// Delivery of iTIP messages inside the write transaction (RFC 6638 §3.2, §4.1): a local
// recipient gets the message in its inbox and its calendar copy created or updated; a
// bookable principal answers at once by its booking rules; a remote recipient's message
// waits in the outbound queue (docs/scheduling.md).
#include "scheduling/write/WriteService.h"

#include "ical/ComponentEdit.h"
#include "ical/InvalidCalendar.h"
#include "ical/ObjectProperties.h"
#include "scheduling/RuleViolation.h"
#include "scheduling/itip/ApplyMessage.h"
#include "scheduling/itip/AttendeeMessages.h"
#include "scheduling/write/BookingFacts.h"
#include "scheduling/write/ScheduleTag.h"
#include "storage/CanonicalPath.h"

namespace caldav::scheduling {
namespace {

// RFC 6638 §3.2.9 SCHEDULE-STATUS values.
constexpr const char* kPending = "1.0";    // queued for a remote recipient
constexpr const char* kDelivered = "1.2";  // in the local recipient's inbox or calendar
constexpr const char* kSuccess = "2.0";    // processed: the recipient's answer is in
constexpr const char* kNoAuthority = "3.7";  // the reply's sender is not an attendee

// Bookable principals whose invitations the server answers (storage::UserRecord).
bool answersAutomatically(const CalendarUser& user) {
  return !user.autoSchedule.empty() && user.autoSchedule != "none";
}

// The recipient's copy of `uid`: in `defaultCalendar` ("" if none), else in any collection
// of its home.
std::optional<storage::NodeRecord> findCopy(storage::ReadTransaction& txn, const CalendarUser& user,
                                            const std::string& defaultCalendar, const std::string& uid) {
  if (!defaultCalendar.empty()) {
    if (auto node = txn.findByUid(defaultCalendar, uid)) return node;
  }
  for (const auto& child : txn.listChildren(user.homePath)) {
    if (!child.isCollection || child.path == user.inboxPath || child.path == defaultCalendar) continue;
    if (auto node = txn.findByUid(child.path, uid)) return node;
  }
  return std::nullopt;
}

std::optional<ical::CalendarObject> parsed(const std::string& body) {
  try {
    return ical::CalendarObject::parse(body);
  } catch (const ical::InvalidCalendar&) {
    return std::nullopt;
  }
}

// "<uid>.ics" if `uid` makes a plain file name (printable ASCII without / \ % ? # and not
// starting with '.', at most 200 bytes), "" otherwise.
std::string nameFromUid(const std::string& uid) {
  if (uid.empty() || uid.size() > 200 || uid.front() == '.') return "";
  for (unsigned char c : uid) {
    if (c <= 0x20 || c >= 0x7f || std::string_view("/\\%?#").find(static_cast<char>(c)) != std::string_view::npos) {
      return "";
    }
  }
  return uid + ".ics";
}

// RFC 5546 §3.6 REQUEST-STATUS of a bookable principal's refusal: busy time is an event
// conflict (4.1); the other rules refuse the request's values (3.1).
std::string requestStatusFor(Precondition precondition) {
  switch (precondition) {
    case Precondition::SlotUnavailable:
    case Precondition::OutsideAvailability:
    case Precondition::DailyLimitReached: return "4.1;Event conflict. Date-time is busy.";
    default: return "3.1;Invalid property value.";
  }
}

}  // namespace

WriteSession::Delivery WriteSession::deliver(WriteOutcome& outcome, const itip::ItipMessage& message,
                                             const std::string& originPath) {
  auto recipient = service_->directory_->byAddress(*txn_, message.recipient);
  if (!recipient) {
    // Sent after commit by the iMIP worker (docs/scheduling.md, "Remote recipients").
    storage::OutboundMessageRecord queued;
    queued.createdAt = intent_.now;
    queued.sender = message.sender;
    queued.recipient = message.recipient;
    queued.method = itip::methodName(message.method);
    queued.uid = message.uid;
    queued.originPath = originPath;
    queued.body = message.body;
    queued.nextAttemptAt = intent_.now;
    txn_->enqueueOutbound(queued);
    return {kPending, "", std::nullopt};
  }
  switch (message.method) {
    case itip::Method::Request: return deliverRequest(outcome, message, *recipient);
    case itip::Method::Cancel: return deliverCancel(outcome, message, *recipient);
    case itip::Method::Reply: return deliverReply(outcome, message, *recipient);
  }
  return {kDelivered, "", std::nullopt};
}

WriteSession::Delivery WriteSession::deliverRequest(WriteOutcome& outcome, const itip::ItipMessage& message,
                                                    const CalendarUser& recipient) {
  auto request = ical::CalendarObject::parse(message.body);
  const std::string defaultCalendar = service_->directory_->defaultCalendar(*txn_, recipient);
  const auto existing = findCopy(*txn_, recipient, defaultCalendar, message.uid);
  const std::string existingBody = existing ? txn_->readBody(existing->id) : "";
  const auto existingObject = existing ? parsed(existingBody) : std::nullopt;
  const std::string calendarPath = existing ? existing->parent : defaultCalendar;
  auto calendarNode = calendarPath.empty() ? std::nullopt : txn_->findNode(calendarPath);
  auto calendar = calendarNode ? service_->readCalendar_(*txn_, *calendarNode, intent_.now) : std::nullopt;
  const bool isAutomatic = answersAutomatically(recipient);
  if (!calendar) {
    // No calendar to put the copy in: the message waits in the inbox for the recipient.
    deliverToInbox(message, recipient);
    return {kDelivered, "", std::nullopt};
  }
  std::optional<PreparedObject> copy;
  try {
    if (!existingObject) {
      // A first delivery: the copy is the request without METHOD (RFC 6638 §3.2.1.1), made
      // from the parsed message rather than parsed again.
      ical::removeProperties(request.root(), ICAL_METHOD_PROPERTY);
      copy = service_->prepare(std::move(request), *calendar, intent_.now);
    } else {
      auto text = itip::applyRequest(&*existingObject, request);
      if (!text) return {kDelivered, "", std::nullopt};  // older than the copy (RFC 5546 §2.1.5): ignored
      copy = service_->prepare(std::move(*text), *calendar, intent_.now);
    }
  } catch (const ical::InvalidCalendar&) {
    deliverToInbox(message, recipient);  // the calendar refuses it (its limits): left to the recipient
    return {kDelivered, "", std::nullopt};
  }
  std::string copyPath = existing ? existing->path : calendarPath + "/" + newResourceName();
  if (!existing) {
    // Named after the UID when it can be, as clients name their own objects: a client that
    // answers by PUTting the inbox's REQUEST to <UID>.ics in the default calendar (python
    // caldav's accept_invite) then replaces this copy instead of colliding with it.
    if (auto name = nameFromUid(message.uid); !name.empty() && !txn_->findNode(calendarPath + "/" + name)) {
      copyPath = calendarPath + "/" + name;
    }
  }

  if (!isAutomatic) {
    // A person's client answers: the copy waits in the calendar, the message in the inbox.
    try {
      checkObject(copyPath, *copy, *calendar, existing, "");
      checkBooking(calendarPath, *copy, *calendar, existing, existingBody, nullptr);
      storeDelivered(outcome, copyPath, recipient.name, existing, existingBody, *copy, newScheduleTag(), "REQUEST");
    } catch (const RuleViolation&) {
      // The recipient's calendar refuses the copy (its booking rules): only the inbox has it.
    } catch (const ical::InvalidCalendar&) {
    }
    deliverToInbox(message, recipient);
    return {kDelivered, "", std::nullopt};
  }

  // A bookable principal: its booking rules answer (docs/scheduling.md, "Bookable principals").
  BookingWrite write;
  write.calendarPath = calendarPath;
  write.calendar = &*calendar;
  write.object = &*copy;
  if (existing) write.replacedId = existing->id;
  write.replacedBody = existingBody;
  write.now = intent_.now;
  auto refusal = scheduling::checkBooking(loadBookingCheck(*txn_, service_->readCalendar_, write));
  std::vector<std::string> declined;
  if (refusal && refusal->precondition == Precondition::SlotUnavailable) {
    // A series with some busy occurrences: accepted without them (each declined in the REPLY),
    // whatever the calendar's conflict-mode (that is for PUTs into it).
    auto check = loadBookingCheck(*txn_, service_->readCalendar_, write);
    check.policy.excludesConflictingOccurrences = true;
    auto excluded = occurrencesToExclude(check);
    if (excluded && ical::addExdates(copy->object, *excluded)) {
      copy = service_->prepare(copy->object.text(), *calendar, intent_.now);
      write.object = &*copy;
      refusal = scheduling::checkBooking(loadBookingCheck(*txn_, service_->readCalendar_, write));
      if (!refusal) declined = std::move(*excluded);
    }
  }
  const bool isFree = !refusal;
  if ((recipient.autoSchedule == "accept-if-free" && !isFree) || (recipient.autoSchedule == "decline-if-busy" && isFree)) {
    // Left to a person (a delegate): the copy waits unanswered when it fits, the message in the inbox.
    if (isFree) storeDelivered(outcome, copyPath, recipient.name, existing, existingBody, *copy, newScheduleTag(), "REQUEST");
    deliverToInbox(message, recipient);
    return {kDelivered, "", std::nullopt};
  }
  itip::ReplyDecision decision;
  if (isFree) {
    itip::setPartstat(copy->object, message.recipient, "ACCEPTED");  // the index stays as it is
    copy->body = copy->object.text();
    checkObject(copyPath, *copy, *calendar, existing, "");
    storeDelivered(outcome, copyPath, recipient.name, existing, existingBody, *copy, newScheduleTag(), "REQUEST");
    // Accepted whole: the organizer's object takes the PARTSTAT in place, no REPLY is built.
    if (declined.empty()) return {kSuccess, "ACCEPTED", std::nullopt};
    decision.partstat = "ACCEPTED";
    decision.declinedRecurrenceIds = std::move(declined);
    decision.requestStatus = "2.0;Success";
  } else {
    // Declined; a booking it held before (a reschedule that no longer fits) frees its slot.
    if (existing) {
      txn_->deleteTree(existing->path, intent_.now);
      audit(outcome, existing->path, &*calendarNode, existing, std::nullopt, existingBody, "", message.uid, "REQUEST");
    }
    decision.partstat = "DECLINED";
    decision.requestStatus = requestStatusFor(refusal->precondition);
    decision.comment = refusal->message;
  }
  // The REPLY says why (REQUEST-STATUS, COMMENT): it also waits in the organizer's inbox.
  // (`request` may have become the copy: the message is read again, on this rarer path.)
  auto reply = itip::replyTo(ical::CalendarObject::parse(message.body), message.recipient, decision);
  if (auto organizer = service_->directory_->byAddress(*txn_, message.sender)) deliverToInbox(reply, *organizer);
  return {kDelivered, "", std::move(reply)};
}

WriteSession::Delivery WriteSession::deliverCancel(WriteOutcome& outcome, const itip::ItipMessage& message,
                                                   const CalendarUser& recipient) {
  // No booking rule runs: a cancellation only frees time. A newer copy ignores it.
  return updateCopy(outcome, message, recipient, itip::applyCancel, kDelivered, newScheduleTag(), "CANCEL");
}

WriteSession::Delivery WriteSession::deliverReply(WriteOutcome& outcome, const itip::ItipMessage& message,
                                                  const CalendarUser& recipient) {
  // §3.2.10: a reply changes the organizer's object but not its Schedule-Tag; RFC 5546
  // §3.2.3: one from someone who is no attendee is not applied.
  return updateCopy(outcome, message, recipient, itip::applyReply, kNoAuthority, std::nullopt, "REPLY");
}

WriteSession::Delivery WriteSession::updateCopy(WriteOutcome& outcome, const itip::ItipMessage& message,
                                                const CalendarUser& recipient, const MessageApplier& apply,
                                                const char* unapplied, const std::optional<std::string>& scheduleTag,
                                                const char* method) {
  if (!answersAutomatically(recipient)) deliverToInbox(message, recipient);
  const auto existing = findCopy(*txn_, recipient, "", message.uid);
  if (!existing) return {kDelivered, "", std::nullopt};
  const std::string existingBody = txn_->readBody(existing->id);
  const auto existingObject = parsed(existingBody);
  auto calendarNode = txn_->findNode(existing->parent);
  auto calendar = calendarNode ? service_->readCalendar_(*txn_, *calendarNode, intent_.now) : std::nullopt;
  if (!existingObject || !calendar) return {kDelivered, "", std::nullopt};
  auto text = apply(*existingObject, ical::CalendarObject::parse(message.body));
  if (!text) return {unapplied, "", std::nullopt};
  try {
    auto updated = service_->prepare(std::move(*text), *calendar, intent_.now);
    storeDelivered(outcome, existing->path, recipient.name, existing, existingBody, updated, scheduleTag, method);
  } catch (const ical::InvalidCalendar&) {
    // The copy no longer fits its calendar's limits: it stays; the inbox has the message.
  }
  return {kDelivered, "", std::nullopt};
}

void WriteSession::deliverToInbox(const itip::ItipMessage& message, const CalendarUser& recipient) {
  if (recipient.inboxPath.empty() || !txn_->findNode(recipient.inboxPath)) return;
  txn_->putResource(recipient.inboxPath + "/" + newResourceName(), recipient.name, message.body, kCalendarMediaType,
                    intent_.now);
}

void WriteSession::storeDelivered(WriteOutcome& outcome, const std::string& path, const std::string& owner,
                                  const std::optional<storage::NodeRecord>& replaced, const std::string& oldBody,
                                  const PreparedObject& prepared, const std::optional<std::string>& scheduleTag,
                                  const char* method) {
  auto stored = txn_->putResource(path, owner, prepared.body, kCalendarMediaType, intent_.now);
  txn_->setObjectIndex(stored.id, prepared.index);
  if (scheduleTag) txn_->setScheduleTag(stored.id, *scheduleTag);
  auto parent = txn_->findNode(storage::parentOf(path));
  audit(outcome, path, parent ? &*parent : nullptr, replaced, stored, oldBody, prepared.body, prepared.index.uid, method);
}

}  // namespace caldav::scheduling
