// Implicit scheduling in the write path (RFC 6638 §3.2): when the owner of a calendar writes
// or deletes a scheduling object resource, the server sends the iTIP messages the change
// implies, in the same transaction as the change (docs/scheduling.md).
#include "scheduling/write/WriteService.h"

#include "ical/InvalidCalendar.h"
#include "scheduling/RuleViolation.h"
#include "scheduling/itip/ApplyMessage.h"
#include "scheduling/itip/AttendeeMessages.h"
#include "scheduling/itip/CalendarAddress.h"
#include "scheduling/itip/OrganizerMessages.h"
#include "scheduling/itip/SchedulingRole.h"
#include "scheduling/write/ScheduleTag.h"
#include "storage/CanonicalPath.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace caldav::scheduling {
namespace {

// A quick look before parsing: only text that names an ORGANIZER can be a scheduling object.
bool mentionsOrganizer(std::string_view text) {
  static constexpr std::string_view kName = "ORGANIZER";
  for (std::size_t i = 0; i + kName.size() <= text.size(); ++i) {
    std::size_t j = 0;
    while (j < kName.size() && std::toupper(static_cast<unsigned char>(text[i + j])) == kName[j]) ++j;
    if (j == kName.size()) return true;
  }
  return false;
}

std::optional<ical::CalendarObject> parsedOrNothing(const std::string& body) {
  if (body.empty() || !mentionsOrganizer(body)) return std::nullopt;
  try {
    return ical::CalendarObject::parse(body);
  } catch (const ical::InvalidCalendar&) {
    return std::nullopt;  // stored before a rule that now refuses it: not scheduled
  }
}

// The organizer and the attendees of `object`: everyone a change of it may concern.
std::vector<std::string> participantsOf(const ical::CalendarObject& object) {
  std::vector<std::string> addresses = itip::attendeesOf(object);
  const auto role = itip::schedulingRole(object, {});
  if (!role.organizer.empty()) addresses.push_back(role.organizer);
  return addresses;
}

}  // namespace

void WriteService::addSchedulingOwners(WriteIntent& intent) const {
  const bool isScheduling = intent.object && mentionsOrganizer(intent.object->body);
  const bool isRemoval = intent.method == WriteMethod::Delete || intent.method == WriteMethod::Move;
  if (!isScheduling && !isRemoval) return;
  auto read = store_.beginRead();
  // Only a change the owner organizes or attends delivers anything (RFC 6638 §3.1); most
  // objects with an ORGANIZER are someone else's meetings (imports), which cost one lookup.
  std::vector<std::string> userAddresses;
  for (const auto& owner : intent.owners) {
    if (auto user = directory_->byName(*read, owner)) {
      userAddresses.insert(userAddresses.end(), user->addresses.begin(), user->addresses.end());
    }
  }
  std::vector<std::string> addresses;
  auto concerns = [&](const ical::CalendarObject& object) {
    if (itip::schedulingRole(object, userAddresses).role == itip::Role::None) return;
    for (auto& address : participantsOf(object)) addresses.push_back(std::move(address));
  };
  if (isScheduling) concerns(intent.object->object);
  // The object replaced or deleted may name others (an attendee removed gets a CANCEL).
  if (isRemoval || !addresses.empty()) {
    const std::string& stored = intent.method == WriteMethod::Move ? intent.source : intent.target;
    if (auto node = read->findNode(stored); node && !node->isCollection) {
      if (auto object = parsedOrNothing(read->readBody(node->id))) concerns(*object);
    }
  }
  for (const auto& address : addresses) {
    auto user = directory_->byAddress(*read, address);
    if (user && std::find(intent.owners.begin(), intent.owners.end(), user->name) == intent.owners.end()) {
      intent.owners.push_back(user->name);
    }
  }
}

std::optional<std::string> WriteSession::scheduleOnPut(WriteOutcome& outcome, const std::string& path,
                                                       const std::string& oldBody, PreparedObject& prepared) {
  const auto& directory = service_->directory_;
  if (!directory) return std::nullopt;
  const bool isScheduling = mentionsOrganizer(prepared.body);
  std::optional<ical::CalendarObject> before = parsedOrNothing(oldBody);
  if (!isScheduling && !before) return "";
  auto owner = directory->byName(*txn_, facts_.parent->owner);
  if (!owner) return "";
  const auto after = isScheduling ? itip::schedulingRole(prepared.object, owner->addresses) : itip::SchedulingRole{};
  const auto previous = before ? itip::schedulingRole(*before, owner->addresses) : itip::SchedulingRole{};
  const auto& role = after.role != itip::Role::None ? after : previous;

  if (role.role == itip::Role::None) {
    // RFC 6638 §3.2.4.1 (and §6.1.6 for the outbox): a calendar user may not make the server
    // act as another local user's organizer.
    if (isScheduling && !after.organizer.empty() && !itip::attendeesOf(prepared.object).empty()) {
      auto named = directory->byAddress(*txn_, after.organizer);
      if (named && named->name != owner->name) {
        throw RuleViolation(Precondition::OrganizerAllowed,
                            "The ORGANIZER " + after.organizer + " is another calendar user; only " +
                                (owner->addresses.empty() ? owner->name : owner->addresses.front()) +
                                " may organize in this calendar",
                            path);
      }
    }
    return "";
  }
  // RFC 6638 §7.1: SCHEDULE-AGENT=CLIENT or NONE on the ORGANIZER: the client schedules.
  if (role.organizerScheduleAgent != "SERVER") return newScheduleTag();

  if (role.role == itip::Role::Organizer) {
    const bool isRaised = itip::raiseSequenceIfRescheduled(before ? &*before : nullptr, prepared.object);
    itip::OrganizerChange change{before ? &*before : nullptr, &prepared.object, role.address};
    std::map<std::string, std::string> status;
    std::vector<itip::ItipMessage> replies;
    std::vector<std::pair<std::string, std::string>> partstats;  // answered at once, without a REPLY
    for (const auto& message : itip::organizerMessages(change)) {
      Delivery delivery = deliver(outcome, message, path);
      // A CANCEL goes to someone no longer in the object: nothing to write back for it.
      if (message.method != itip::Method::Cancel) status[itip::normalizedAddress(message.recipient)] = delivery.status;
      outcome.scheduleStatus.emplace_back(itip::normalizedAddress(message.recipient), delivery.status);
      if (!delivery.partstat.empty()) partstats.emplace_back(message.recipient, delivery.partstat);
      if (delivery.reply) replies.push_back(std::move(*delivery.reply));
    }
    const bool hasForceSend = prepared.body.find("SCHEDULE-FORCE-SEND") != std::string::npos;
    if (!status.empty() || isRaised || hasForceSend || !replies.empty()) {
      // Edited in place: SCHEDULE-STATUS and PARTSTAT change nothing the index holds, so the
      // object is serialized once and not parsed or indexed again.
      itip::setScheduleStatus(prepared.object, status);
      for (const auto& [recipient, partstat] : partstats) itip::setPartstat(prepared.object, recipient, partstat);
      bool isReindexed = false;
      // Bookable recipients answered at once (RFC 6638 §3.2.1 with automatic processing): their
      // REPLY is in the organizer's object when this write returns.
      for (const auto& reply : replies) {
        const auto answer = itip::applyReplyTo(prepared.object, ical::CalendarObject::parse(reply.body));
        isReindexed = isReindexed || answer == itip::AppliedReply::AddedOverride;
      }
      if (isReindexed) {
        prepared = service_->prepare(prepared.object.text(), *facts_.calendar, intent_.now);
      } else {
        prepared.body = prepared.object.text();
      }
    }
    return newScheduleTag();
  }

  // The owner is an attendee (RFC 6638 §3.2.2): its own answer goes to the organizer, and it
  // answers for nobody else (§3.2.2.1).
  if (before && isScheduling) {
    if (auto other = itip::otherAttendeeAnswered(*before, prepared.object, role.address); !other.empty()) {
      throw RuleViolation(Precondition::AttendeeAllowed,
                          "Only " + other + " may change its own participation status (PARTSTAT)", path);
    }
  }
  itip::AttendeeChange change{before ? &*before : nullptr, &prepared.object, role.address};
  if (auto reply = itip::attendeeReply(change)) {
    Delivery delivery = deliver(outcome, *reply, path);
    outcome.scheduleStatus.emplace_back(itip::normalizedAddress(reply->recipient), delivery.status);
  }
  // §3.2.10: an attendee's change of its own participation keeps the Schedule-Tag, so the
  // organizer's next update does not fail the attendee client's If-Schedule-Tag-Match.
  if (before && isScheduling && itip::isAttendeeOnlyChange(*before, prepared.object, role.address)) {
    return std::nullopt;
  }
  return newScheduleTag();
}

void WriteSession::scheduleOnDelete(WriteOutcome& outcome, const std::string& path, const std::string& calendarOwner,
                                    const std::string& oldBody) {
  const auto& directory = service_->directory_;
  if (!directory) return;
  std::optional<ical::CalendarObject> before = parsedOrNothing(oldBody);
  if (!before) return;
  auto owner = directory->byName(*txn_, calendarOwner);
  if (!owner) return;
  const auto role = itip::schedulingRole(*before, owner->addresses);
  if (role.role == itip::Role::None || role.organizerScheduleAgent != "SERVER") return;
  if (role.role == itip::Role::Organizer) {
    // RFC 6638 §3.2.1.3: deleting the organizer's object cancels it for every attendee.
    for (const auto& message : itip::organizerMessages({&*before, nullptr, role.address})) {
      Delivery delivery = deliver(outcome, message, path);
      outcome.scheduleStatus.emplace_back(itip::normalizedAddress(message.recipient), delivery.status);
    }
    return;
  }
  // §3.2.2.3: an attendee that deletes its copy declines.
  if (auto reply = itip::attendeeReply({&*before, nullptr, role.address})) {
    Delivery delivery = deliver(outcome, *reply, path);
    outcome.scheduleStatus.emplace_back(itip::normalizedAddress(reply->recipient), delivery.status);
  }
}

}  // namespace caldav::scheduling
