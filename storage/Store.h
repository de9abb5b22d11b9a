#pragma once

#include "storage/Records.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace caldav::storage {

// A read-only view of the store. Every call may throw StoreError{Unavailable}.
// Destroying the transaction ends it; reads see one consistent snapshot, taken at the
// first read (SQLite: deferred BEGIN in WAL mode; PostgreSQL: REPEATABLE READ READ ONLY).
class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;
  ReadTransaction() = default;
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

  // Returns the node at the canonical `path`, or std::nullopt if none exists.
  virtual std::optional<NodeRecord> findNode(std::string_view path) = 0;
  // Returns the direct children of the collection at `path`, ordered by path.
  virtual std::vector<NodeRecord> listChildren(std::string_view path) = 0;
  // At most `limit` direct children of `path` whose paths sort after `afterPath` ("" for the
  // first page), in path order: whole-collection answers page through large collections.
  virtual std::vector<NodeRecord> listChildrenPage(std::string_view path, std::string_view afterPath,
                                                   std::size_t limit) = 0;
  // Returns every node strictly below `path` (all depths), ordered by path.
  virtual std::vector<NodeRecord> listDescendants(std::string_view path) = 0;
  // Returns the body of node `nodeId` byte for byte ("" for collections).
  // Throws StoreError{NotFound} if the node does not exist.
  virtual std::string readBody(std::int64_t nodeId) = 0;
  // Returns the dead properties of node `nodeId`, ordered by (ns, name).
  virtual std::vector<DeadProperty> properties(std::int64_t nodeId) = 0;

  // Returns the user `name`, or std::nullopt.
  virtual std::optional<UserRecord> findUser(std::string_view name) = 0;
  virtual std::vector<UserRecord> listUsers() = 0;
  // Returns the user whose calendar user address (UserRecord::email) is `email`, compared
  // without regard to ASCII case, or std::nullopt. Uses an index.
  virtual std::optional<UserRecord> findUserByEmail(std::string_view email) = 0;

  // Returns the unexpired locks (expiresAt > now) whose root is `path` or an ancestor of
  // `path` with isDeep, i.e. every lock that covers `path`.
  virtual std::vector<LockRecord> locksCovering(std::string_view path, std::int64_t now) = 0;
  // Returns the unexpired locks rooted strictly below `path`.
  virtual std::vector<LockRecord> locksBelow(std::string_view path, std::int64_t now) = 0;
  // Returns the lock `token`, or std::nullopt if absent or expired.
  virtual std::optional<LockRecord> findLock(std::string_view token, std::int64_t now) = 0;

  // Returns the change-log entries of collection `collectionId` with seq > `afterSeq`,
  // at most one per member (its latest), ordered by seq, at most `limit` of them.
  virtual std::vector<ChangeRecord> changesSince(std::int64_t collectionId, std::int64_t afterSeq,
                                                 std::size_t limit) = 0;
  // Returns the smallest seq still in the log of `collectionId` (0 if the log is complete).
  virtual std::int64_t oldestRetainedSeq(std::int64_t collectionId) = 0;

  // Returns a random identifier of this database, fixed at creation (sync tokens carry it,
  // so a token from another server or a recreated database is recognized as foreign).
  virtual std::string storeId() = 0;

  // Returns the nodes at `paths` that exist, in the order given (absent ones skipped).
  virtual std::vector<NodeRecord> findNodes(const std::vector<std::string>& paths) = 0;
  // Returns the nodes with ids `ids` that exist, in the order given (absent ones skipped).
  virtual std::vector<NodeRecord> findNodesByIds(const std::vector<std::int64_t>& ids) = 0;
  // The same two, also putting the bodies of the non-collections found into `bodies` (by
  // node id): one lookup per node where findNodes + readBodies make two.
  virtual std::vector<NodeRecord> findNodes(const std::vector<std::string>& paths,
                                            std::unordered_map<std::int64_t, std::string>& bodies) = 0;
  virtual std::vector<NodeRecord> findNodesByIds(const std::vector<std::int64_t>& ids,
                                                 std::unordered_map<std::int64_t, std::string>& bodies) = 0;
  // Returns the bodies of the nodes with `ids` that exist, by id (batched: REPORT answers
  // read all their bodies with a few queries instead of one per object).
  virtual std::unordered_map<std::int64_t, std::string> readBodies(const std::vector<std::int64_t>& ids) = 0;
  // Returns the dead properties of the nodes with `ids` that have any, by id (batched).
  virtual std::unordered_map<std::int64_t, std::vector<DeadProperty>> propertiesOf(
      const std::vector<std::int64_t>& ids) = 0;

  // Returns the direct child of collection `collectionPath` whose index has `uid`, or
  // std::nullopt.
  virtual std::optional<NodeRecord> findByUid(std::string_view collectionPath, std::string_view uid) = 0;
  // Returns the index header of resource `nodeId`, or std::nullopt if it has none.
  virtual std::optional<ObjectIndexRecord> objectIndex(std::int64_t nodeId) = 0;
  // Returns the instances of direct children of `collectionPath` with
  // start <= rangeEnd and end >= rangeStart (a superset the caller refines exactly),
  // ordered by (nodeId, start), each with its object's componentType. Uses an index on (collection, start): never a full scan.
  // At most `limit` instances are read (which ones is then unspecified): a caller that holds
  // them in memory bounds what a wide range costs.
  static constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);
  virtual std::vector<InstanceRecord> findInstances(std::string_view collectionPath, std::int64_t rangeStart,
                                                    std::int64_t rangeEnd, std::size_t limit = kNoLimit) = 0;
  // The instances findInstances would return that pass `filter`, for what needs only their
  // times (query candidates, free-busy, conflict checks): nodeId, start, end, isFloating and
  // isTentative are filled (componentType is the filter's), in no particular order. Reads no
  // text column and sorts nothing.
  virtual std::vector<InstanceRecord> findInstanceSpans(std::string_view collectionPath, const SpanFilter& filter,
                                                        std::int64_t rangeStart, std::int64_t rangeEnd) = 0;
  // Returns up to `limit` resources whose index is incomplete and ends before `horizon`
  // (their recurrence must be expanded further), oldest first.
  virtual std::vector<NodeRecord> objectsIndexedBefore(std::int64_t horizon, std::size_t limit) = 0;
  // Returns the indexed instances of resource `nodeId` (every column but componentType), in
  // no particular order; empty if it has none.
  virtual std::vector<InstanceRecord> instancesOf(std::int64_t nodeId) = 0;
  // Returns the direct children of `collectionPath` whose index has component type
  // `componentType` ("VAVAILABILITY", ...), ordered by path. Uses an index: never a scan of
  // the collection's other members.
  virtual std::vector<NodeRecord> objectsOfType(std::string_view collectionPath, std::string_view componentType) = 0;

  // Returns the audit entries that match `query`, oldest first.
  virtual std::vector<AuditRecord> auditLog(const AuditQuery& query) = 0;

  // Returns the Schedule-Tag (RFC 6638 §3.2.10) of resource `nodeId`, quoted, or "" if it has
  // none (it is not a scheduling object resource).
  virtual std::string scheduleTag(std::int64_t nodeId) = 0;
  // Returns the outbound iTIP messages that match `query`, by increasing id.
  virtual std::vector<OutboundMessageRecord> outboundMessages(const OutboundQuery& query) = 0;
  // Returns the grants on the nodes `nodeIds` (absent ones have none), ordered by (path,
  // principal), each with its privileges sorted.
  virtual std::vector<GrantRecord> grantsOn(const std::vector<std::int64_t>& nodeIds) = 0;
  // Returns the grants held by `principal` on any node, ordered by path (a request reads the
  // grants of its user once, dav::Permissions).
  virtual std::vector<GrantRecord> grantsTo(std::string_view principal) = 0;
};

// A write transaction. It rolls back when destroyed unless commit() succeeded; once it
// returns from commit() the write survives a crash of the process (kill -9).
// Every mutation of a member also appends to its parent collection's change log and
// advances the parent's syncSeq, in the same transaction.
class WriteTransaction : public ReadTransaction {
 public:
  // Creates or replaces the resource at `path`. The parent must be an existing collection
  // (StoreError{NotFound} / {Conflict} otherwise); `path` must not be a collection
  // ({Conflict}). A new resource gets `owner`; a replaced one keeps its owner, id and
  // createdAt. Returns the stored record with its new ETag and size.
  virtual NodeRecord putResource(std::string_view path, std::string_view owner, const std::string& body,
                                 std::string_view contentType, std::int64_t now) = 0;
  // Creates a collection. The parent must exist and be a collection; throws
  // StoreError{AlreadyExists} if anything exists at `path`.
  virtual NodeRecord createCollection(std::string_view path, std::string_view resourceType,
                                      std::string_view owner, std::int64_t now) = 0;
  // Deletes the node at `path` and everything below it, with their properties and locks.
  // Throws StoreError{NotFound} if nothing is there.
  virtual void deleteTree(std::string_view path, std::int64_t now) = 0;
  // Copies `from` (and, if `deep`, everything below it) to `to`, with dead properties but
  // not locks. Nothing may exist at `to` (AlreadyExists) and its parent must be a collection.
  // Copies get `owner` and fresh ids; bodies and ETags are copied unchanged.
  virtual void copyTree(std::string_view from, std::string_view to, bool deep, std::string_view owner,
                        std::int64_t now) = 0;
  // Moves `from` and everything below it to `to`, keeping ids, bodies, ETags and dead
  // properties; locks under `from` are removed. Same preconditions on `to` as copyTree.
  // copyTree and moveTree of an indexed resource throw StoreError{AlreadyExists} if its
  // UID is already used in the destination collection (a rename within one is fine).
  virtual void moveTree(std::string_view from, std::string_view to, std::int64_t now) = 0;

  // Sets (inserts or replaces) one dead property of node `nodeId`.
  virtual void setProperty(std::int64_t nodeId, const DeadProperty& property) = 0;
  // Removes one dead property; removing an absent property is not an error.
  virtual void removeProperty(std::int64_t nodeId, std::string_view ns, std::string_view name) = 0;

  // Creates a user; throws StoreError{AlreadyExists} if the name is taken.
  virtual void createUser(const UserRecord& user) = 0;
  // Replaces a user's password hash; throws StoreError{NotFound} if there is no such user.
  virtual void setPasswordHash(std::string_view name, std::string_view passwordHash) = 0;
  // Replaces a user's email address; throws StoreError{NotFound} if there is no such user.
  virtual void setUserEmail(std::string_view name, std::string_view email) = 0;

  // Replaces the index (UID, component type, instances) of resource `nodeId`.
  // copyTree copies indexes, moveTree keeps them, deleteTree and putResource (which
  // changes the body) remove them: callers set the index after every putResource.
  virtual void setObjectIndex(std::int64_t nodeId, const ObjectIndex& index) = 0;

  // Appends one entry to the audit log (seq is assigned); it commits or rolls back with the
  // change it describes.
  virtual void appendAudit(const AuditRecord& entry) = 0;

  // Sets the Schedule-Tag of resource `nodeId` ("" removes it), quoted or not (it is stored
  // quoted). Throws StoreError{NotFound} if there is no such node, {Conflict} for a
  // collection. putResource keeps it (the write path decides when it changes), moveTree
  // keeps it, copyTree does not copy it, deleteTree removes it.
  virtual void setScheduleTag(std::int64_t nodeId, std::string_view tag) = 0;
  // Appends one outbound iTIP message (id assigned and returned; createdAt, status, attempts
  // and nextAttemptAt taken as given). It commits or rolls back with the change that caused it.
  virtual std::int64_t enqueueOutbound(const OutboundMessageRecord& message) = 0;
  // Records an attempt to send message `id`: its new status, attempts, nextAttemptAt and
  // lastError. Throws StoreError{NotFound} if there is no such message.
  virtual void updateOutbound(const OutboundMessageRecord& message) = 0;
  // Replaces a user's kind and autoSchedule (UserRecord). Throws StoreError{NotFound}.
  virtual void setUserScheduling(std::string_view name, std::string_view kind, std::string_view autoSchedule) = 0;
  // Replaces every grant on node `nodeId` by `grants` (their nodeId and path are ignored; a
  // grant with no privileges is dropped; duplicate privileges are stored once). An empty list
  // removes them all. Throws StoreError{NotFound} if the node does not exist.
  virtual void setGrants(std::int64_t nodeId, const std::vector<GrantRecord>& grants) = 0;

  // Inserts or replaces (by token) a lock.
  virtual void putLock(const LockRecord& lock) = 0;
  virtual void removeLock(std::string_view token) = 0;

  // Makes every change of this transaction durable. Throws StoreError{Unavailable} on failure,
  // in which case nothing was written.
  virtual void commit() = 0;
};

using ReadTransactionPtr = std::unique_ptr<ReadTransaction>;
using WriteTransactionPtr = std::unique_ptr<WriteTransaction>;

// A store opened from a storage URL. Thread-safe: any number of threads may hold
// transactions at once. Writers may be serialized (SQLite has one writer at a time).
class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  virtual ReadTransactionPtr beginRead() = 0;
  // Opens a write transaction. `lockKeys` name the owners whose trees the transaction will
  // change: writers with a common key run one after the other, so a check made inside the
  // transaction (If-Match, UID, conflicts) still holds at commit. Pass every owner touched.
  virtual WriteTransactionPtr beginWrite(const std::vector<std::string>& lockKeys) = 0;
  // "sqlite" or "postgresql".
  virtual std::string backendName() const = 0;
};

using StorePtr = std::unique_ptr<Store>;

}  // namespace caldav::storage
