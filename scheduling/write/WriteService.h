#pragma once

#include "scheduling/ObjectIndexer.h"
#include "scheduling/itip/ItipMessage.h"
#include "scheduling/write/CalendarSettings.h"
#include "scheduling/write/CalendarUser.h"
#include "scheduling/write/WriteIntent.h"
#include "storage/Store.h"

#include <functional>
#include <optional>
#include <vector>

namespace caldav::scheduling {

// What the write path found inside its transaction, before anything changed.
struct WriteFacts {
  std::optional<storage::NodeRecord> target;        // the node at intent.target
  std::optional<storage::NodeRecord> parent;        // the parent collection of intent.target
  std::optional<CalendarSettings> calendar;         // the parent's settings, if it is a calendar
  std::optional<storage::NodeRecord> source;        // COPY/MOVE: the node at intent.source
  std::optional<CalendarSettings> sourceCalendar;   // COPY/MOVE: the source's calendar, if any
};

// What a committed write did.
struct WriteOutcome {
  std::optional<storage::NodeRecord> stored;  // PUT/COPY/MOVE/LOCK: the resource as stored
  bool created = false;                       // nothing was at the target before
  std::vector<storage::AuditRecord> audit;    // the entries appended in its transaction
  // conflict-mode "exclude": the RECURRENCE-IDs of the occurrences left out (EXDATE) because
  // they overlapped the owner's busy time; the stored body then differs from the request's.
  std::vector<std::string> excludedOccurrences;
  // The Schedule-Tag of the stored resource (RFC 6638 §3.2.10), "" if it is not a scheduling
  // object resource.
  std::string scheduleTag;
  // Implicit scheduling: the RFC 6638 §3.2.9 SCHEDULE-STATUS of each recipient the write sent
  // a message to (normalized address → status), in the order sent.
  std::vector<std::pair<std::string, std::string>> scheduleStatus;
};

// Called after a write committed (never for one that rolled back): the place for side
// effects that must not happen unless the change is durable (waking queue workers, ...).
using CommitObserver = std::function<void(const WriteOutcome&)>;

class WriteService;

// One write in progress: a write transaction serialized with every other writer of the
// owners it touches. The protocol layer checks its own conditions (If-Match, locks, ...)
// against facts() and may record protocol state (WebDAV locks) through transaction(); the
// change itself is made by commit(). Destroying an uncommitted session rolls back.
class WriteSession {
 public:
  WriteSession(WriteSession&&) noexcept = default;
  WriteSession(const WriteSession&) = delete;
  WriteSession& operator=(const WriteSession&) = delete;

  const WriteFacts& facts() const { return facts_; }
  const WriteIntent& intent() const { return intent_; }
  // The open transaction, for reads and for protocol state (locks). Members of collections
  // are changed only by commit().
  storage::WriteTransaction& transaction() { return *txn_; }

  // Runs the rules, makes the change, appends the audit entry and commits; then tells the
  // observers. Throws RuleViolation (nothing written), ical::InvalidCalendar (a copied or
  // moved object the destination refuses), storage::StoreError.
  WriteOutcome commit();

 private:
  friend class WriteService;
  WriteSession(const WriteService& service, WriteIntent intent, storage::WriteTransactionPtr txn);

  WriteOutcome put();
  WriteOutcome remove();
  WriteOutcome transfer();
  WriteOutcome lockNull();
  // Throws unless `prepared` may be stored at `path` (component set, UID rules), replacing
  // `replaced`; `exceptPath` is a resource whose UID is no conflict (the source of a MOVE).
  void checkObject(const std::string& path, const PreparedObject& prepared, const CalendarSettings& calendar,
                   const std::optional<storage::NodeRecord>& replaced, const std::string& exceptPath);
  // Throws RuleViolation if writing `prepared` into the booking calendar at `calendarPath`
  // breaks one of its rules (nothing to check in a calendar without booking rules). With
  // conflict-mode "exclude" it may instead exclude conflicting occurrences from `prepared`
  // (EXDATE, prepared again) and return their RECURRENCE-IDs.
  std::vector<std::string> checkBooking(const std::string& calendarPath, PreparedObject& prepared,
                                        const CalendarSettings& calendar,
                                        const std::optional<storage::NodeRecord>& replaced,
                                        const std::string& replacedBody, const storage::NodeRecord* movedFrom);
  void audit(WriteOutcome& outcome, const std::string& path, const storage::NodeRecord* parent,
             const std::optional<storage::NodeRecord>& before, const std::optional<storage::NodeRecord>& after,
             const std::string& oldBody, const std::string& newBody, const std::string& uid,
             const char* method = nullptr);

  // Implicit scheduling (RFC 6638 §3.2, ImplicitScheduling.cpp). The owner of the calendar
  // (facts().parent) changes the object at `path` from `oldBody` ("" if new) to `prepared`:
  // sends what the change sends (delivered in this transaction, or queued for remote
  // recipients), writes the answers back into `prepared` and returns the Schedule-Tag to
  // store: std::nullopt to keep the stored one, "" for none.
  std::optional<std::string> scheduleOnPut(WriteOutcome& outcome, const std::string& path,
                                           const std::string& oldBody, PreparedObject& prepared);
  // The object at `path` in a calendar of `calendarOwner` is deleted (or moved out of the
  // calendars): CANCEL to the attendees, or the attendee's REPLY (DECLINED).
  void scheduleOnDelete(WriteOutcome& outcome, const std::string& path, const std::string& calendarOwner,
                        const std::string& oldBody);
  struct Delivery {
    std::string status;                       // RFC 6638 §3.2.9 SCHEDULE-STATUS
    // A bookable recipient's automatic answer: either just its PARTSTAT (the whole request
    // accepted, applied to the organizer's object in place) or a REPLY to apply.
    std::string partstat;
    std::optional<itip::ItipMessage> reply;
  };
  // Delivery of one message (Delivery.cpp): to a local recipient, into its inbox and its
  // calendar copy; otherwise into the outbound queue.
  Delivery deliver(WriteOutcome& outcome, const itip::ItipMessage& message, const std::string& originPath);
  Delivery deliverRequest(WriteOutcome& outcome, const itip::ItipMessage& message, const CalendarUser& recipient);
  Delivery deliverCancel(WriteOutcome& outcome, const itip::ItipMessage& message, const CalendarUser& recipient);
  Delivery deliverReply(WriteOutcome& outcome, const itip::ItipMessage& message, const CalendarUser& recipient);
  // Applies `message` to `recipient`'s stored copy of its UID with `apply` and stores the result
  // (with `scheduleTag`; std::nullopt keeps the stored one), audited as `method`. Answers
  // `unapplied` when `apply` leaves the copy alone.
  using MessageApplier =
      std::function<std::optional<std::string>(const ical::CalendarObject& copy, const ical::CalendarObject& message)>;
  Delivery updateCopy(WriteOutcome& outcome, const itip::ItipMessage& message, const CalendarUser& recipient,
                      const MessageApplier& apply, const char* unapplied, const std::optional<std::string>& scheduleTag,
                      const char* method);
  // Writes a scheduling message into `recipient`'s inbox (RFC 6638 §4.1).
  void deliverToInbox(const itip::ItipMessage& message, const CalendarUser& recipient);
  // Writes `prepared` at `path` for a scheduling delivery (audited as `method`).
  void storeDelivered(WriteOutcome& outcome, const std::string& path, const std::string& owner,
                      const std::optional<storage::NodeRecord>& replaced, const std::string& oldBody,
                      const PreparedObject& prepared, const std::optional<std::string>& scheduleTag, const char* method);

  const WriteService* service_;
  WriteIntent intent_;
  storage::WriteTransactionPtr txn_;
  WriteFacts facts_;
};

// The single write path for members of collections: PUT, DELETE, COPY/MOVE and lock-null
// creation (and, next, scheduling deliveries and imports) change calendar data only through
// it, so every entry point gets the same rules in the same transaction
// (docs/decisions/0001-one-write-path-and-precondition-table.md).
class WriteService {
 public:
  WriteService(storage::Store& store, CalendarReader readCalendar, IndexPolicy policy = {});

  // Opens the transaction for `intent` (serialized with the writers of the owners of its
  // paths) and loads the facts. Throws storage::StoreError.
  WriteSession begin(WriteIntent intent) const;

  // Parses, validates and indexes a body for `calendar` (before begin()).
  PreparedObject prepare(std::string body, const CalendarSettings& calendar, std::int64_t now) const;
  // The same for an object the server made (a delivered copy): validated and indexed, its
  // body is object.text(); nothing is parsed.
  PreparedObject prepare(ical::CalendarObject object, const CalendarSettings& calendar, std::int64_t now) const;

  // Reads the settings of `node` (nullopt if it is not a calendar).
  std::optional<CalendarSettings> calendarOf(storage::ReadTransaction& txn, const storage::NodeRecord& node,
                                             std::int64_t now) const {
    return readCalendar_(txn, node, now);
  }

  // Turns implicit scheduling on (RFC 6638 §3.2): calendar users are found through `directory`.
  // Without one, objects are stored as they come. Not thread-safe: call before serving.
  void setDirectory(CalendarUserDirectory directory) { directory_ = std::move(directory); }
  const std::optional<CalendarUserDirectory>& directory() const { return directory_; }

  // Adds an observer of committed writes. Not thread-safe: add them before serving.
  void addObserver(CommitObserver observer) { observers_.push_back(std::move(observer)); }

  // Re-expands the recurrences of stored objects whose index ends before now + horizon
  // (the horizon moves with time), at most `batch` of them. Returns how many were
  // re-indexed; objects that no longer parse are left as they are.
  std::size_t extendIndexes(std::int64_t now, std::size_t batch) const;

  const IndexPolicy& policy() const { return policy_; }

 private:
  friend class WriteSession;
  storage::Store& store_;
  CalendarReader readCalendar_;
  IndexPolicy policy_;
  std::optional<CalendarUserDirectory> directory_;
  std::vector<CommitObserver> observers_;
  // A booking calendar's default-duration, applied to what `prepare` made.
  PreparedObject withDefaultDuration(PreparedObject prepared, const CalendarSettings& calendar, std::int64_t now) const;
  // Adds to intent.owners the local calendar users a scheduling change may deliver to (the
  // organizer and attendees of the new object and of the one it replaces or deletes), so
  // their writers wait for this one.
  void addSchedulingOwners(WriteIntent& intent) const;
};

}  // namespace caldav::scheduling
