#pragma once

#include "storage/Store.h"
#include "storage/sql/SqlReads.h"
#include "storage/sql/WriteBatch.h"

#include <mutex>
#include <string>
#include <vector>

namespace caldav::storage::sql {

// The write transaction of both dialects. On SQLite it is one turn of the shared write
// transaction (WriteBatch.h) and holds the writer lock until it ends; on PostgreSQL it has
// its own connection and takes advisory locks in begin().
class SqlWriteTransaction final : public SqlReads<WriteTransaction> {
 public:
  // SQLite: a turn of the write batch.
  explicit SqlWriteTransaction(std::unique_ptr<WriteBatch::Turn> turn)
      : SqlReads(turn->connection()), turn_(std::move(turn)) {}
  // PostgreSQL: a connection of its own. Call begin() before anything else.
  explicit SqlWriteTransaction(std::shared_ptr<SqlConnection> connection) : SqlReads(std::move(connection)) {}

  // Rolls back unless committed (on SQLite: this turn only), then lets the next writer in.
  ~SqlWriteTransaction() override {
    if (!turn_) connection().rollbackQuietly();
  }

  // PostgreSQL: opens the transaction and takes a transaction-scoped advisory lock per key,
  // in sorted order so that writers sharing keys cannot deadlock.
  void begin(const std::vector<std::string>& lockKeys);

  NodeRecord putResource(std::string_view path, std::string_view owner, const std::string& body,
                         std::string_view contentType, std::int64_t now) override;
  NodeRecord createCollection(std::string_view path, std::string_view resourceType, std::string_view owner,
                              std::int64_t now) override;
  void deleteTree(std::string_view path, std::int64_t now) override;
  void copyTree(std::string_view from, std::string_view to, bool deep, std::string_view owner,
                std::int64_t now) override;
  void moveTree(std::string_view from, std::string_view to, std::int64_t now) override;

  void setProperty(std::int64_t nodeId, const DeadProperty& property) override;
  void removeProperty(std::int64_t nodeId, std::string_view ns, std::string_view name) override;

  void createUser(const UserRecord& user) override;
  void setPasswordHash(std::string_view name, std::string_view passwordHash) override;
  void setUserEmail(std::string_view name, std::string_view email) override;
  void setUserScheduling(std::string_view name, std::string_view kind, std::string_view autoSchedule) override;

  void setObjectIndex(std::int64_t nodeId, const ObjectIndex& index) override;

  void appendAudit(const AuditRecord& entry) override;

  void setScheduleTag(std::int64_t nodeId, std::string_view tag) override;
  std::int64_t enqueueOutbound(const OutboundMessageRecord& message) override;
  void updateOutbound(const OutboundMessageRecord& message) override;
  void setGrants(std::int64_t nodeId, const std::vector<GrantRecord>& grants) override;

  void putLock(const LockRecord& lock) override;
  void removeLock(std::string_view token) override;

  void commit() override;

 private:
  // Returns the collection that will hold `path`; throws NotFound / Conflict.
  NodeRecord requireParentCollection(std::string_view path);
  // Returns the node at `path`; throws NotFound.
  NodeRecord requireNode(std::string_view path);
  // Checks the preconditions shared by copyTree and moveTree; returns the source node and
  // the collection that will hold `to`.
  std::pair<NodeRecord, NodeRecord> checkTransfer(std::string_view from, std::string_view to);
  // Appends (member, isDeleted) to the change log of `collectionId`, advancing its syncSeq
  // and dropping the member's older entry: the log keeps the latest change per member.
  void appendChange(std::int64_t collectionId, const std::string& member, bool isDeleted, std::int64_t now);
  // Copies one node (with its properties and object index) to `newPath` under the
  // collection `newParent` (only its path and id are used); returns the new id.
  std::int64_t copyNode(const NodeRecord& source, const std::string& newPath, const NodeRecord& newParent,
                        std::string_view owner, std::int64_t now);

  // Object index helpers (SqlObjectIndex.cpp).
  // Removes the index and instances of `nodeId` (its body changed).
  void dropObjectIndex(std::int64_t nodeId);
  // Gives `copyId` (a copy of `sourceId` in collection `collectionId`) the source's index.
  void copyObjectIndex(std::int64_t sourceId, std::int64_t copyId, std::int64_t collectionId);
  // Moves the index of `nodeId` to the collection `collectionId`.
  void moveObjectIndex(std::int64_t nodeId, std::int64_t collectionId);
  // Throws StoreError{AlreadyExists} if collection `collectionId` holds a resource other than
  // `exceptId` with the UID of `nodeId` (pass exceptId 0 when `nodeId` is being copied).
  void requireUidFree(std::int64_t nodeId, std::int64_t collectionId, std::int64_t exceptId);
  void insertInstances(std::int64_t nodeId, std::int64_t collectionId, const std::string& componentType,
                       const std::vector<InstanceRecord>& instances);
  void deleteLocksAtOrBelow(std::string_view path);

  std::unique_ptr<WriteBatch::Turn> turn_;  // SQLite only
};

}  // namespace caldav::storage::sql
