#include "storage/sql/SqlReads.h"

#include "storage/CanonicalPath.h"
#include "storage/sql/Etag.h"
#include "storage/sql/IndexReads.h"
#include "storage/sql/Rows.h"

#include <Poco/Data/LOB.h>

#include <algorithm>
#include <limits>

namespace caldav::storage::sql {

NodeRecord rowToNode(NodeRow&& row) {
  NodeRecord node;
  node.id = row.get<0>();
  node.path = std::move(row.get<1>());
  node.parent = std::move(row.get<2>());
  node.isCollection = row.get<3>() != 0;
  node.resourceType = std::move(row.get<4>());
  node.owner = std::move(row.get<5>());
  node.contentType = std::move(row.get<7>());
  node.size = row.get<8>();
  node.createdAt = row.get<9>();
  node.modifiedAt = row.get<10>();
  node.syncSeq = row.get<11>();
  node.etag = node.isCollection ? collectionEtag(node.id, node.syncSeq) : std::move(row.get<6>());
  return node;
}

NodeRecord rowToNode(const NodeRow& row) { return rowToNode(NodeRow(row)); }

LockRecord rowToLock(const LockRow& row) {
  return LockRecord{row.get<0>(), row.get<1>(), row.get<2>() != 0, row.get<3>() != 0,
                    row.get<4>(), row.get<5>(), row.get<6>(), row.get<7>()};
}

UserRecord rowToUser(UserRow&& row) {
  UserRecord user;
  user.name = std::move(row.get<0>());
  user.passwordHash = std::move(row.get<1>());
  user.createdAt = row.get<2>();
  user.email = std::move(row.get<3>());
  user.kind = std::move(row.get<4>());
  user.autoSchedule = std::move(row.get<5>());
  return user;
}

std::pair<std::string, std::string> descendantRange(std::string_view path) {
  std::string lower = path == "/" ? std::string("/") : std::string(path) + "/";
  std::string upper = lower;
  upper.back() = '0';  // the byte after '/'
  return {lower, upper};
}

namespace {

std::vector<NodeRecord> toNodes(std::vector<NodeRow>& rows) {
  std::vector<NodeRecord> nodes;
  nodes.reserve(rows.size());
  for (auto& row : rows) {
    nodes.push_back(rowToNode(std::move(row)));
  }
  return nodes;
}

std::vector<LockRecord> toLocks(const std::vector<LockRow>& rows) {
  std::vector<LockRecord> locks;
  locks.reserve(rows.size());
  for (const auto& row : rows) {
    locks.push_back(rowToLock(row));
  }
  return locks;
}

}  // namespace

template <typename Base>
std::optional<NodeRecord> SqlReads<Base>::findNode(std::string_view path) {
  std::vector<NodeRow> rows;
  connection().exec(std::string("SELECT ") + kNodeColumns + " FROM nodes WHERE path = ?",
                   arg(std::string(path)), into(rows));
  if (rows.empty()) {
    return std::nullopt;
  }
  return rowToNode(rows.front());
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::listChildren(std::string_view path) {
  std::vector<NodeRow> rows;
  connection().exec(std::string("SELECT ") + kNodeColumns + " FROM nodes WHERE parent = ? ORDER BY path",
                   arg(std::string(path)), into(rows));
  return toNodes(rows);
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::listChildrenPage(std::string_view path, std::string_view afterPath,
                                                         std::size_t limit) {
  // Index nodes_parent (parent, path): a range scan from afterPath.
  const auto clampedLimit =
      static_cast<Poco::Int64>(std::min<std::size_t>(limit, std::numeric_limits<Poco::Int64>::max()));
  std::vector<NodeRow> rows;
  rows.reserve(std::min<std::size_t>(limit, 4096));  // Poco::Tuple rows copy when a vector grows
  connection().exec(std::string("SELECT ") + kNodeColumns + " FROM nodes WHERE parent = ? AND path > ? ORDER BY path LIMIT ?",
                   arg(std::string(path)), arg(std::string(afterPath)), arg(clampedLimit), into(rows));
  return toNodes(rows);
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::listDescendants(std::string_view path) {
  auto [lower, upper] = descendantRange(path);
  std::vector<NodeRow> rows;
  connection().exec(std::string("SELECT ") + kNodeColumns + " FROM nodes WHERE path > ? AND path < ? ORDER BY path",
                   arg(lower), arg(upper), into(rows));
  return toNodes(rows);
}

template <typename Base>
std::string SqlReads<Base>::readBody(std::int64_t nodeId) {
  std::vector<Poco::Data::BLOB> bodies;
  connection().exec("SELECT body FROM nodes WHERE id = ?", arg(Poco::Int64{nodeId}), into(bodies));
  if (bodies.empty()) {
    throw StoreError(StoreError::Code::NotFound, "no node with id " + std::to_string(nodeId));
  }
  return bytesOf(bodies.front());
}

template <typename Base>
std::vector<DeadProperty> SqlReads<Base>::properties(std::int64_t nodeId) {
  std::vector<Poco::Tuple<std::string, std::string, std::string>> rows;
  connection().exec("SELECT ns, name, value_xml FROM properties WHERE node_id = ? ORDER BY ns, name",
                   arg(Poco::Int64{nodeId}), into(rows));
  std::vector<DeadProperty> result;
  result.reserve(rows.size());
  for (const auto& row : rows) {
    result.push_back(DeadProperty{row.get<0>(), row.get<1>(), row.get<2>()});
  }
  return result;
}

template <typename Base>
std::optional<UserRecord> SqlReads<Base>::findUser(std::string_view name) {
  std::vector<UserRow> rows;
  connection().exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?", arg(std::string(name)),
                    into(rows));
  if (rows.empty()) {
    return std::nullopt;
  }
  return rowToUser(std::move(rows.front()));
}

template <typename Base>
std::optional<UserRecord> SqlReads<Base>::findUserByEmail(std::string_view email) {
  if (email.empty()) {
    return std::nullopt;  // "" means "no address", not an address users share
  }
  // Index users_email (lower(email)); SQLite's lower() folds ASCII only, as the contract says.
  std::vector<UserRow> rows;
  connection().exec(std::string("SELECT ") + kUserColumns +
                        " FROM users WHERE lower(email) = lower(CAST(? AS TEXT)) ORDER BY name LIMIT 1",
                    arg(std::string(email)), into(rows));
  if (rows.empty()) {
    return std::nullopt;
  }
  return rowToUser(std::move(rows.front()));
}

template <typename Base>
std::vector<UserRecord> SqlReads<Base>::listUsers() {
  std::vector<UserRow> rows;
  connection().exec(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name", into(rows));
  std::vector<UserRecord> users;
  users.reserve(rows.size());
  for (auto& row : rows) {
    users.push_back(rowToUser(std::move(row)));
  }
  return users;
}

template <typename Base>
std::vector<LockRecord> SqlReads<Base>::locksCovering(std::string_view path, std::int64_t now) {
  // The lock on `path` itself, plus deep locks on any ancestor: one indexed IN lookup,
  // as paths are only a few segments deep.
  Params ancestors;
  std::string placeholders;
  for (std::string ancestor = parentOf(path); !ancestor.empty(); ancestor = parentOf(ancestor)) {
    ancestors.push_back(arg(ancestor));
    placeholders += placeholders.empty() ? "?" : ", ?";
  }
  std::string sql = std::string("SELECT ") + kLockColumns + " FROM locks WHERE expires_at > ? AND (path = ?";
  if (!ancestors.empty()) {
    sql += " OR (is_deep = 1 AND path IN (" + placeholders + "))";
  }
  sql += ") ORDER BY path, token";
  std::vector<LockRow> rows;
  connection().exec(sql, arg(Poco::Int64{now}), arg(std::string(path)), ancestors, into(rows));
  return toLocks(rows);
}

template <typename Base>
std::vector<LockRecord> SqlReads<Base>::locksBelow(std::string_view path, std::int64_t now) {
  auto [lower, upper] = descendantRange(path);
  std::vector<LockRow> rows;
  connection().exec(std::string("SELECT ") + kLockColumns +
                       " FROM locks WHERE expires_at > ? AND path > ? AND path < ? ORDER BY path, token",
                   arg(Poco::Int64{now}), arg(lower), arg(upper), into(rows));
  return toLocks(rows);
}

template <typename Base>
std::optional<LockRecord> SqlReads<Base>::findLock(std::string_view token, std::int64_t now) {
  std::vector<LockRow> rows;
  connection().exec(std::string("SELECT ") + kLockColumns + " FROM locks WHERE token = ? AND expires_at > ?",
                   arg(std::string(token)), arg(Poco::Int64{now}), into(rows));
  if (rows.empty()) {
    return std::nullopt;
  }
  return rowToLock(rows.front());
}

template <typename Base>
std::vector<ChangeRecord> SqlReads<Base>::changesSince(std::int64_t collectionId, std::int64_t afterSeq,
                                                      std::size_t limit) {
  // Writers keep one entry per member (the latest), so a plain range scan is deduplicated.
  const auto clampedLimit =
      static_cast<Poco::Int64>(std::min<std::size_t>(limit, std::numeric_limits<Poco::Int64>::max()));
  std::vector<Poco::Tuple<Poco::Int64, std::string, Poco::Int64>> rows;
  connection().exec("SELECT seq, member, is_deleted FROM changes WHERE collection_id = ? AND seq > ? "
                   "ORDER BY seq LIMIT ?",
                   arg(Poco::Int64{collectionId}), arg(Poco::Int64{afterSeq}),
                   arg(clampedLimit), into(rows));
  std::vector<ChangeRecord> changes;
  changes.reserve(rows.size());
  for (const auto& row : rows) {
    changes.push_back(ChangeRecord{row.get<0>(), row.get<1>(), row.get<2>() != 0});
  }
  return changes;
}

template <typename Base>
std::int64_t SqlReads<Base>::oldestRetainedSeq(std::int64_t /*collectionId*/) {
  // Only superseded entries (an older change of the same member) are ever dropped, and
  // changesSince() never needs them, so the log is complete for every token.
  return 0;
}

template <typename Base>
std::string SqlReads<Base>::storeId() {
  return readStoreId(connection());
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::findNodes(const std::vector<std::string>& paths) {
  return readNodes(connection(), paths);
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::findNodesByIds(const std::vector<std::int64_t>& ids) {
  return readNodesByIds(connection(), ids);
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::findNodes(const std::vector<std::string>& paths,
                                                  std::unordered_map<std::int64_t, std::string>& bodies) {
  return readNodes(connection(), paths, &bodies);
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::findNodesByIds(const std::vector<std::int64_t>& ids,
                                                       std::unordered_map<std::int64_t, std::string>& bodies) {
  return readNodesByIds(connection(), ids, &bodies);
}

template <typename Base>
std::unordered_map<std::int64_t, std::string> SqlReads<Base>::readBodies(const std::vector<std::int64_t>& ids) {
  return sql::readBodies(connection(), ids);
}

template <typename Base>
std::unordered_map<std::int64_t, std::vector<DeadProperty>> SqlReads<Base>::propertiesOf(
    const std::vector<std::int64_t>& ids) {
  return readPropertiesOf(connection(), ids);
}

template <typename Base>
std::optional<NodeRecord> SqlReads<Base>::findByUid(std::string_view collectionPath, std::string_view uid) {
  return readNodeByUid(connection(), collectionPath, uid);
}

template <typename Base>
std::optional<ObjectIndexRecord> SqlReads<Base>::objectIndex(std::int64_t nodeId) {
  return readObjectIndex(connection(), nodeId);
}

template <typename Base>
std::vector<InstanceRecord> SqlReads<Base>::findInstances(std::string_view collectionPath, std::int64_t rangeStart,
                                                          std::int64_t rangeEnd, std::size_t limit) {
  return readInstances(connection(), collectionPath, rangeStart, rangeEnd, limit);
}

template <typename Base>
std::vector<InstanceRecord> SqlReads<Base>::findInstanceSpans(std::string_view collectionPath,
                                                              const SpanFilter& filter, std::int64_t rangeStart,
                                                              std::int64_t rangeEnd) {
  return readInstanceSpans(connection(), collectionPath, filter, rangeStart, rangeEnd);
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::objectsIndexedBefore(std::int64_t horizon, std::size_t limit) {
  return readObjectsIndexedBefore(connection(), horizon, limit);
}

template class SqlReads<ReadTransaction>;
template class SqlReads<WriteTransaction>;

}  // namespace caldav::storage::sql
