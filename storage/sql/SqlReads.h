#pragma once

#include "storage/Store.h"
#include "storage/sql/SqlConnection.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace caldav::storage::sql {

// The column list every node query selects, in the order rowToNode() expects.
inline constexpr const char* kNodeColumns =
    "id, path, parent, is_collection, resource_type, owner, etag, content_type, size, created_at, "
    "modified_at, sync_seq";

// Bounds of the half-open range (lower, upper) that holds exactly the paths strictly below
// `path` under byte order: "/a" -> ("/a/", "/a0"), "/" -> ("/", "0"). Index-friendly, and
// unlike LIKE it needs no escaping of '%' and '_' in names.
std::pair<std::string, std::string> descendantRange(std::string_view path);

// The read operations, shared by the read and the write transaction (Base is
// ReadTransaction or WriteTransaction), on a connection that is the transaction's own or,
// for SQLite writers, shared by the writers of one batch (WriteBatch.h).
template <typename Base>
class SqlReads : public Base {
 public:
  explicit SqlReads(std::shared_ptr<SqlConnection> connection) : connection_(std::move(connection)) {}

  std::optional<NodeRecord> findNode(std::string_view path) override;
  std::vector<NodeRecord> listChildren(std::string_view path) override;
  std::vector<NodeRecord> listChildrenPage(std::string_view path, std::string_view afterPath,
                                           std::size_t limit) override;
  std::vector<NodeRecord> listDescendants(std::string_view path) override;
  std::string readBody(std::int64_t nodeId) override;
  std::vector<DeadProperty> properties(std::int64_t nodeId) override;

  std::optional<UserRecord> findUser(std::string_view name) override;
  std::vector<UserRecord> listUsers() override;
  std::optional<UserRecord> findUserByEmail(std::string_view email) override;

  std::vector<LockRecord> locksCovering(std::string_view path, std::int64_t now) override;
  std::vector<LockRecord> locksBelow(std::string_view path, std::int64_t now) override;
  std::optional<LockRecord> findLock(std::string_view token, std::int64_t now) override;

  std::vector<ChangeRecord> changesSince(std::int64_t collectionId, std::int64_t afterSeq,
                                         std::size_t limit) override;
  std::int64_t oldestRetainedSeq(std::int64_t collectionId) override;

  std::string storeId() override;
  std::vector<NodeRecord> findNodes(const std::vector<std::string>& paths) override;
  std::vector<NodeRecord> findNodesByIds(const std::vector<std::int64_t>& ids) override;
  std::vector<NodeRecord> findNodes(const std::vector<std::string>& paths,
                                    std::unordered_map<std::int64_t, std::string>& bodies) override;
  std::vector<NodeRecord> findNodesByIds(const std::vector<std::int64_t>& ids,
                                         std::unordered_map<std::int64_t, std::string>& bodies) override;
  std::unordered_map<std::int64_t, std::string> readBodies(const std::vector<std::int64_t>& ids) override;
  std::unordered_map<std::int64_t, std::vector<DeadProperty>> propertiesOf(
      const std::vector<std::int64_t>& ids) override;
  std::optional<NodeRecord> findByUid(std::string_view collectionPath, std::string_view uid) override;
  std::vector<AuditRecord> auditLog(const AuditQuery& query) override;
  std::vector<GrantRecord> grantsOn(const std::vector<std::int64_t>& nodeIds) override;
  std::vector<GrantRecord> grantsTo(std::string_view principal) override;
  std::vector<InstanceRecord> instancesOf(std::int64_t nodeId) override;
  std::vector<NodeRecord> objectsOfType(std::string_view collectionPath, std::string_view componentType) override;
  std::optional<ObjectIndexRecord> objectIndex(std::int64_t nodeId) override;
  std::vector<InstanceRecord> findInstances(std::string_view collectionPath, std::int64_t rangeStart,
                                            std::int64_t rangeEnd, std::size_t limit = ReadTransaction::kNoLimit) override;
  std::vector<InstanceRecord> findInstanceSpans(std::string_view collectionPath, const SpanFilter& filter,
                                                std::int64_t rangeStart, std::int64_t rangeEnd) override;
  std::vector<NodeRecord> objectsIndexedBefore(std::int64_t horizon, std::size_t limit) override;
  std::string scheduleTag(std::int64_t nodeId) override;
  std::vector<OutboundMessageRecord> outboundMessages(const OutboundQuery& query) override;

 protected:
  SqlConnection& connection() { return *connection_; }

 private:
  std::shared_ptr<SqlConnection> connection_;
};

extern template class SqlReads<ReadTransaction>;
extern template class SqlReads<WriteTransaction>;

}  // namespace caldav::storage::sql
