#include "scheduling/write/WriteService.h"

#include "ical/ContentLines.h"
#include "ical/InvalidCalendar.h"
#include "ical/ObjectProperties.h"
#include "scheduling/write/BookingFacts.h"
#include "scheduling/RuleViolation.h"
#include "storage/CanonicalPath.h"
#include "storage/StoreError.h"

#include <algorithm>

namespace caldav::scheduling {
namespace {

const char* methodName(WriteMethod method) {
  switch (method) {
    case WriteMethod::Put: return "PUT";
    case WriteMethod::Delete: return "DELETE";
    case WriteMethod::Copy: return "COPY";
    case WriteMethod::Move: return "MOVE";
    case WriteMethod::Lock: return "LOCK";
  }
  return "?";
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

}  // namespace

WriteService::WriteService(storage::Store& store, CalendarReader readCalendar, IndexPolicy policy)
    : store_(store), readCalendar_(std::move(readCalendar)), policy_(policy) {}

WriteSession WriteService::begin(WriteIntent intent) const {
  // With a single writer (SQLite) every writer waits for this one anyway.
  if (directory_ && !store_.serializesAllWriters()) addSchedulingOwners(intent);
  auto txn = store_.beginWrite(intent.owners);
  return WriteSession(*this, std::move(intent), std::move(txn));
}

PreparedObject WriteService::prepare(std::string body, const CalendarSettings& calendar, std::int64_t now) const {
  return withDefaultDuration(prepareObject(std::move(body), calendar.rules, now, policy_), calendar, now);
}

PreparedObject WriteService::prepare(ical::CalendarObject object, const CalendarSettings& calendar, std::int64_t now) const {
  return withDefaultDuration(prepareParsed(std::move(object), calendar.rules, now, policy_), calendar, now);
}

PreparedObject WriteService::withDefaultDuration(PreparedObject prepared, const CalendarSettings& calendar,
                                                 std::int64_t now) const {
  const auto& booking = calendar.booking;
  if (booking.isEnabled && booking.defaultDuration && ical::applyDefaultDuration(prepared.object, *booking.defaultDuration)) {
    // The stored body is then not the client's (PUT answers without an ETag, RFC 4791 §5.3.4).
    prepared = prepareObject(prepared.object.text(), calendar.rules, now, policy_);
  }
  return prepared;
}

std::vector<std::string> WriteSession::checkBooking(const std::string& calendarPath, PreparedObject& prepared,
                                                    const CalendarSettings& calendar,
                                                    const std::optional<storage::NodeRecord>& replaced,
                                                    const std::string& replacedBody, const storage::NodeRecord* movedFrom) {
  // Bookings are events: tasks, journals and the availability itself are not checked.
  if (!calendar.booking.isEnabled || prepared.object.kind() != ical::ComponentKind::Event) return {};
  BookingWrite write;
  write.calendarPath = calendarPath;
  write.calendar = &calendar;
  write.object = &prepared;
  if (replaced) write.replacedId = replaced->id;
  write.replacedBody = replacedBody;
  if (movedFrom) write.movedFromId = movedFrom->id;
  write.now = intent_.now;
  const BookingCheck check = loadBookingCheck(*txn_, service_->readCalendar_, write);
  auto refusal = scheduling::checkBooking(check);
  if (!refusal) return {};
  // conflict-mode "exclude": the series is stored without its conflicting occurrences, if
  // that leaves a booking every rule accepts (docs/booking-rules.md).
  auto excluded = refusal->precondition == Precondition::SlotUnavailable ? occurrencesToExclude(check) : std::nullopt;
  if (excluded && ical::addExdates(prepared.object, *excluded)) {
    prepared = prepareObject(prepared.object.text(), calendar.rules, intent_.now, service_->policy_);
    write.object = &prepared;
    if (auto still = scheduling::checkBooking(loadBookingCheck(*txn_, service_->readCalendar_, write))) {
      throw RuleViolation(still->precondition, still->message);
    }
    return *excluded;
  }
  throw RuleViolation(refusal->precondition, refusal->message);
}

WriteSession::WriteSession(const WriteService& service, WriteIntent intent, storage::WriteTransactionPtr txn)
    : service_(&service), intent_(std::move(intent)), txn_(std::move(txn)) {
  // One lookup for the target and its parent (and the source and its parent).
  std::vector<std::string> paths{intent_.target, storage::parentOf(intent_.target)};
  const bool isTransfer = intent_.method == WriteMethod::Copy || intent_.method == WriteMethod::Move;
  if (isTransfer) {
    paths.push_back(intent_.source);
    paths.push_back(storage::parentOf(intent_.source));
  }
  std::vector<storage::NodeRecord> nodes = txn_->findNodes(paths);
  auto at = [&](const std::string& path) -> std::optional<storage::NodeRecord> {
    for (const auto& node : nodes) {
      if (node.path == path) return node;
    }
    return std::nullopt;
  };
  facts_.target = at(paths[0]);
  facts_.parent = at(paths[1]);
  if (facts_.parent) facts_.calendar = service_->readCalendar_(*txn_, *facts_.parent, intent_.now);
  if (isTransfer) {
    facts_.source = at(paths[2]);
    if (auto sourceParent = at(paths[3])) {
      facts_.sourceCalendar = service_->readCalendar_(*txn_, *sourceParent, intent_.now);
    }
  }
}

WriteOutcome WriteSession::commit() {
  WriteOutcome outcome;
  switch (intent_.method) {
    case WriteMethod::Put: outcome = put(); break;
    case WriteMethod::Delete: outcome = remove(); break;
    case WriteMethod::Copy:
    case WriteMethod::Move: outcome = transfer(); break;
    case WriteMethod::Lock: outcome = lockNull(); break;
  }
  txn_->commit();
  txn_.reset();
  for (const auto& observer : service_->observers_) observer(outcome);
  return outcome;
}

// RFC 4791 §5.3.2.1 (CALDAV:no-uid-conflict): an object may neither take a UID another
// resource of the calendar holds nor replace a resource with one of a different UID. Checked
// before anything at the destination is touched.
void WriteSession::checkObject(const std::string& path, const PreparedObject& prepared,
                               const CalendarSettings& calendar, const std::optional<storage::NodeRecord>& replaced,
                               const std::string& exceptPath) {
  const std::string& uid = prepared.index.uid;
  const auto kind = prepared.object.kind();
  const auto& supported = calendar.rules.supportedComponents;
  if (kind && std::find(supported.begin(), supported.end(), *kind) == supported.end()) {
    throw ical::InvalidCalendar(ical::InvalidCalendar::Code::SupportedCalendarComponent,
                                std::string(ical::componentName(*kind)) + " is not accepted by this calendar");
  }
  const std::string calendarPath = storage::parentOf(path);
  if (replaced) {
    auto header = txn_->objectIndex(replaced->id);
    if (header && header->uid != uid) {
      throw RuleViolation(Precondition::NoUidConflict,
                          "The resource holds UID " + header->uid + "; it cannot be replaced by one with UID " + uid,
                          path);
    }
  }
  if (auto other = txn_->findByUid(calendarPath, uid); other && other->path != path && other->path != exceptPath) {
    throw RuleViolation(Precondition::NoUidConflict,
                        "UID " + uid + " is already used by another resource in this calendar", other->path);
  }
}

WriteOutcome WriteSession::put() {
  WriteOutcome outcome;
  outcome.created = !facts_.target;
  if (!facts_.calendar) {
    outcome.stored = txn_->putResource(intent_.target, intent_.actor, intent_.body, intent_.contentType, intent_.now);
    return outcome;
  }
  if (!intent_.object) {
    throw RuleViolation(Precondition::ValidCalendarObjectResource, "A calendar holds only calendar objects");
  }
  PreparedObject& prepared = *intent_.object;
  checkObject(intent_.target, prepared, *facts_.calendar, facts_.target, "");
  std::string oldBody = facts_.target ? txn_->readBody(facts_.target->id) : "";
  outcome.excludedOccurrences = checkBooking(facts_.parent->path, prepared, *facts_.calendar, facts_.target, oldBody, nullptr);
  const auto scheduleTag = scheduleOnPut(outcome, intent_.target, oldBody, prepared);
  auto stored = txn_->putResource(intent_.target, intent_.actor, prepared.body, kCalendarMediaType, intent_.now);
  txn_->setObjectIndex(stored.id, prepared.index);
  if (scheduleTag) txn_->setScheduleTag(stored.id, *scheduleTag);
  outcome.scheduleTag = scheduleTag ? *scheduleTag : txn_->scheduleTag(stored.id);
  audit(outcome, intent_.target, &*facts_.parent, facts_.target, stored, oldBody, prepared.body, prepared.index.uid);
  outcome.stored = std::move(stored);
  return outcome;
}

WriteOutcome WriteSession::remove() {
  WriteOutcome outcome;
  if (!facts_.target) throw storage::StoreError(storage::StoreError::Code::NotFound, "nothing at " + intent_.target);
  const auto& target = *facts_.target;
  std::string oldBody;
  std::string uid;
  if (facts_.calendar && !target.isCollection) {
    oldBody = txn_->readBody(target.id);
    if (auto header = txn_->objectIndex(target.id)) uid = header->uid;
  }
  const bool isCalendar = target.isCollection && service_->readCalendar_(*txn_, target, intent_.now);
  if (facts_.calendar && !target.isCollection) scheduleOnDelete(outcome, intent_.target, facts_.parent->owner, oldBody);
  txn_->deleteTree(intent_.target, intent_.now);
  if (facts_.calendar || isCalendar) {
    audit(outcome, intent_.target, facts_.calendar ? &*facts_.parent : nullptr, target, std::nullopt, oldBody, "", uid);
  }
  return outcome;
}

WriteOutcome WriteSession::transfer() {
  WriteOutcome outcome;
  outcome.created = !facts_.target;
  if (!facts_.source) throw storage::StoreError(storage::StoreError::Code::NotFound, "nothing at " + intent_.source);
  const auto& source = *facts_.source;
  const bool isMove = intent_.method == WriteMethod::Move;
  if (facts_.calendar) {
    // RFC 4791 §5.3.2: COPY/MOVE into a calendar obeys the rules of PUT.
    if (source.isCollection) {
      throw RuleViolation(Precondition::CalendarCollectionLocationOk, "Collections cannot be placed inside a calendar");
    }
    PreparedObject prepared = service_->prepare(txn_->readBody(source.id), *facts_.calendar, intent_.now);
    // A rename inside one calendar keeps its UID: the source's own entry is no conflict.
    checkObject(intent_.target, prepared, *facts_.calendar, facts_.target, isMove ? intent_.source : "");
    std::string oldBody = facts_.target ? txn_->readBody(facts_.target->id) : "";
    // A rename inside the calendar keeps the booking; one that comes from elsewhere is new here.
    const bool isRename = isMove && storage::parentOf(intent_.source) == facts_.parent->path;
    outcome.excludedOccurrences =
        checkBooking(facts_.parent->path, prepared, *facts_.calendar, facts_.target, oldBody, isRename ? &source : nullptr);
    // RFC 6638 §3.2: a move between calendars changes no scheduling object: nothing is sent,
    // and the Schedule-Tag goes with it.
    const std::string scheduleTag = isMove && facts_.sourceCalendar ? txn_->scheduleTag(source.id) : "";
    if (facts_.target) txn_->deleteTree(intent_.target, intent_.now);
    if (isMove) txn_->deleteTree(intent_.source, intent_.now);
    auto stored = txn_->putResource(intent_.target, intent_.actor, prepared.body, kCalendarMediaType, intent_.now);
    txn_->setObjectIndex(stored.id, prepared.index);
    if (!scheduleTag.empty()) txn_->setScheduleTag(stored.id, scheduleTag);
    outcome.scheduleTag = scheduleTag;
    audit(outcome, intent_.target, &*facts_.parent, facts_.target, stored, oldBody, prepared.body, prepared.index.uid);
    outcome.stored = std::move(stored);
    return outcome;
  }
  // A scheduling object moved out of the calendars is, for its attendees, deleted (RFC 6638
  // §3.2.1.3, §3.2.2.3).
  if (isMove && facts_.sourceCalendar && !source.isCollection) {
    if (auto calendar = txn_->findNode(storage::parentOf(intent_.source))) {
      scheduleOnDelete(outcome, intent_.source, calendar->owner, txn_->readBody(source.id));
    }
  }
  // RFC 4918 §9.8.4 / §9.9.3: with Overwrite T the destination is deleted first.
  if (facts_.target) txn_->deleteTree(intent_.target, intent_.now);
  if (isMove) {
    txn_->moveTree(intent_.source, intent_.target, intent_.now);
  } else {
    txn_->copyTree(intent_.source, intent_.target, intent_.deep, intent_.actor, intent_.now);
  }
  outcome.stored = txn_->findNode(intent_.target);
  if (isMove && facts_.sourceCalendar && !source.isCollection) {
    // An object that leaves its calendar is, for the calendar, deleted.
    audit(outcome, intent_.source, nullptr, source, std::nullopt, "", "", "");
  }
  return outcome;
}

WriteOutcome WriteSession::lockNull() {
  WriteOutcome outcome;
  if (facts_.target) return outcome;  // LOCK of a mapped URL changes no member
  outcome.created = true;
  outcome.stored = txn_->putResource(intent_.target, intent_.actor, "", "application/octet-stream", intent_.now);
  return outcome;
}

void WriteSession::audit(WriteOutcome& outcome, const std::string& path, const storage::NodeRecord* parent,
                         const std::optional<storage::NodeRecord>& before,
                         const std::optional<storage::NodeRecord>& after, const std::string& oldBody,
                         const std::string& newBody, const std::string& uid, const char* method) {
  storage::AuditRecord entry;
  entry.at = intent_.now;
  entry.actor = intent_.actor;
  entry.method = method ? method : methodName(intent_.method);
  entry.path = path;
  entry.calendar = parent ? parent->path : (before && before->isCollection ? path : storage::parentOf(path));
  entry.uid = uid;
  if (before) entry.oldEtag = before->etag;
  if (after) entry.newEtag = after->etag;
  entry.changedProperties = joined(ical::changedPropertyNames(oldBody, newBody));
  entry.statusFrom = oldBody.empty() ? "" : ical::firstComponentValue(oldBody, "STATUS");
  entry.statusTo = newBody.empty() ? "" : ical::firstComponentValue(newBody, "STATUS");
  txn_->appendAudit(entry);
  outcome.audit.push_back(std::move(entry));
}

std::size_t WriteService::extendIndexes(std::int64_t now, std::size_t batch) const {
  std::vector<storage::NodeRecord> candidates = store_.beginRead()->objectsIndexedBefore(now + policy_.horizonSeconds, batch);
  std::size_t done = 0;
  for (const auto& candidate : candidates) {
    // Serialized with the owner's writers, and only if the body is still the one we saw.
    auto txn = store_.beginWrite({candidate.owner});
    auto node = txn->findNode(candidate.path);
    if (!node || node->id != candidate.id || node->etag != candidate.etag) continue;
    try {
      auto object = ical::CalendarObject::parse(txn->readBody(node->id));
      txn->setObjectIndex(node->id, indexObject(object, now, policy_));
      txn->commit();
      ++done;
    } catch (const ical::InvalidCalendar&) {
      // Stored objects were valid when written; one that no longer expands (say, the cap
      // was lowered) keeps its old index rather than blocking the others.
    }
  }
  return done;
}

}  // namespace caldav::scheduling
