#include "storage/sql/SqlWriteTransaction.h"

#include "storage/CanonicalPath.h"
#include "storage/sql/Etag.h"

#include <Poco/Data/LOB.h>

#include <algorithm>

namespace caldav::storage::sql {

namespace {

// FNV-1a: a stable 64-bit key for pg_advisory_xact_lock, the same in every process.
Poco::Int64 advisoryKey(const std::string& key) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : key) {
    hash = (hash ^ c) * 1099511628211ULL;
  }
  return static_cast<Poco::Int64>(hash);
}

Poco::Data::BLOB toBlob(const std::string& bytes) {
  return Poco::Data::BLOB(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

void requireCanonical(std::string_view path) {
  if (!isCanonical(path) || path == "/") {
    throw StoreError(StoreError::Code::Conflict, "not a canonical non-root path: " + std::string(path));
  }
}

}  // namespace

void SqlWriteTransaction::begin(const std::vector<std::string>& lockKeys) {
  connection().beginWrite();
  std::vector<Poco::Int64> keys;
  for (const auto& key : lockKeys) {
    keys.push_back(advisoryKey(key));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (Poco::Int64 key : keys) {
    Poco::Int64 ignored = 0;
    connection().exec("SELECT CAST(1 AS BIGINT) FROM (SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))) AS l",
                      arg(key), into(ignored));
  }
}

NodeRecord SqlWriteTransaction::requireNode(std::string_view path) {
  auto node = findNode(path);
  if (!node) {
    throw StoreError(StoreError::Code::NotFound, "nothing at " + std::string(path));
  }
  return *node;
}

NodeRecord SqlWriteTransaction::requireParentCollection(std::string_view path) {
  const std::string parentPath = parentOf(path);
  auto parent = findNode(parentPath);
  if (!parent) {
    throw StoreError(StoreError::Code::NotFound, "parent collection " + parentPath + " does not exist");
  }
  if (!parent->isCollection) {
    throw StoreError(StoreError::Code::Conflict, "parent " + parentPath + " is not a collection");
  }
  return *parent;
}

void SqlWriteTransaction::appendChange(std::int64_t collectionId, const std::string& member, bool isDeleted,
                                       std::int64_t now) {
  std::vector<Poco::Int64> seqs;
  connection().exec("UPDATE nodes SET sync_seq = sync_seq + 1, modified_at = ? WHERE id = ? RETURNING sync_seq",
                    arg(Poco::Int64{now}), arg(Poco::Int64{collectionId}), into(seqs));
  if (seqs.empty()) {
    throw StoreError(StoreError::Code::NotFound, "no collection with id " + std::to_string(collectionId));
  }
  connection().exec("DELETE FROM changes WHERE collection_id = ? AND member = ?", arg(Poco::Int64{collectionId}),
                    arg(member));
  connection().exec("INSERT INTO changes (collection_id, seq, member, is_deleted) VALUES (?, ?, ?, ?)",
                    arg(Poco::Int64{collectionId}), arg(seqs.front()), arg(member),
                    arg(Poco::Int64{isDeleted ? 1 : 0}));
}

NodeRecord SqlWriteTransaction::putResource(std::string_view path, std::string_view owner, const std::string& body,
                                            std::string_view contentType, std::int64_t now) {
  requireCanonical(path);
  const NodeRecord parent = requireParentCollection(path);
  const auto existing = findNode(path);
  if (existing && existing->isCollection) {
    throw StoreError(StoreError::Code::Conflict, std::string(path) + " is a collection");
  }
  const auto size = static_cast<Poco::Int64>(body.size());
  const std::string blob = connection().dialect().blobPlaceholder();
  if (existing) {
    connection().exec("UPDATE nodes SET body = " + blob + ", etag = ?, content_type = ?, size = ?, "
                      "modified_at = ? WHERE id = ?",
                      arg(toBlob(body)), arg(resourceEtag(body)), arg(std::string(contentType)), arg(size),
                      arg(Poco::Int64{now}), arg(Poco::Int64{existing->id}));
    dropObjectIndex(existing->id);  // it described the old body; the caller sets a new one
  } else {
    std::vector<Poco::Int64> ids;
    connection().exec("INSERT INTO nodes (path, parent, is_collection, resource_type, owner, body, etag, "
                      "content_type, size, created_at, modified_at, sync_seq) "
                      "VALUES (?, ?, 0, '', ?, " + blob + ", ?, ?, ?, ?, ?, 0) RETURNING id",
                      arg(std::string(path)), arg(parent.path), arg(std::string(owner)), arg(toBlob(body)),
                      arg(resourceEtag(body)), arg(std::string(contentType)), arg(size), arg(Poco::Int64{now}),
                      arg(Poco::Int64{now}), into(ids));
  }
  appendChange(parent.id, nameOf(path), false, now);
  return requireNode(path);
}

NodeRecord SqlWriteTransaction::createCollection(std::string_view path, std::string_view resourceType,
                                                 std::string_view owner, std::int64_t now) {
  requireCanonical(path);
  if (findNode(path)) {
    throw StoreError(StoreError::Code::AlreadyExists, std::string(path) + " already exists");
  }
  const NodeRecord parent = requireParentCollection(path);
  std::vector<Poco::Int64> ids;
  connection().exec("INSERT INTO nodes (path, parent, is_collection, resource_type, owner, created_at, "
                    "modified_at) VALUES (?, ?, 1, ?, ?, ?, ?) RETURNING id",
                    arg(std::string(path)), arg(parent.path), arg(std::string(resourceType)),
                    arg(std::string(owner)), arg(Poco::Int64{now}), arg(Poco::Int64{now}), into(ids));
  appendChange(parent.id, nameOf(path), false, now);
  return requireNode(path);
}

void SqlWriteTransaction::deleteLocksAtOrBelow(std::string_view path) {
  auto [lower, upper] = descendantRange(path);
  connection().exec("DELETE FROM locks WHERE path = ?", arg(std::string(path)));
  connection().exec("DELETE FROM locks WHERE path > ? AND path < ?", arg(lower), arg(upper));
}

void SqlWriteTransaction::deleteTree(std::string_view path, std::int64_t now) {
  requireCanonical(path);
  const NodeRecord node = requireNode(path);
  const NodeRecord parent = requireNode(node.parent);
  deleteLocksAtOrBelow(path);
  // Properties and change logs of the deleted nodes go with them (ON DELETE CASCADE).
  auto [lower, upper] = descendantRange(path);
  connection().exec("DELETE FROM nodes WHERE path > ? AND path < ?", arg(lower), arg(upper));
  connection().exec("DELETE FROM nodes WHERE id = ?", arg(Poco::Int64{node.id}));
  appendChange(parent.id, nameOf(path), true, now);
}

void SqlWriteTransaction::setProperty(std::int64_t nodeId, const DeadProperty& property) {
  std::vector<Poco::Int64> ids;
  connection().exec("SELECT id FROM nodes WHERE id = ?", arg(Poco::Int64{nodeId}), into(ids));
  if (ids.empty()) {
    throw StoreError(StoreError::Code::NotFound, "no node with id " + std::to_string(nodeId));
  }
  connection().exec("INSERT INTO properties (node_id, ns, name, value_xml) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (node_id, ns, name) DO UPDATE SET value_xml = excluded.value_xml",
                    arg(Poco::Int64{nodeId}), arg(property.ns), arg(property.name), arg(property.valueXml));
}

void SqlWriteTransaction::removeProperty(std::int64_t nodeId, std::string_view ns, std::string_view name) {
  connection().exec("DELETE FROM properties WHERE node_id = ? AND ns = ? AND name = ?", arg(Poco::Int64{nodeId}),
                    arg(std::string(ns)), arg(std::string(name)));
}

void SqlWriteTransaction::createUser(const UserRecord& user) {
  if (findUser(user.name)) {
    throw StoreError(StoreError::Code::AlreadyExists, "user " + user.name + " already exists");
  }
  connection().exec("INSERT INTO users (name, password_hash, created_at, email, kind, auto_schedule) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    arg(user.name), arg(user.passwordHash), arg(Poco::Int64{user.createdAt}), arg(user.email),
                    arg(user.kind), arg(user.autoSchedule));
}

void SqlWriteTransaction::setPasswordHash(std::string_view name, std::string_view passwordHash) {
  if (!findUser(name)) {
    throw StoreError(StoreError::Code::NotFound, "no user " + std::string(name));
  }
  connection().exec("UPDATE users SET password_hash = ? WHERE name = ?", arg(std::string(passwordHash)),
                    arg(std::string(name)));
}

void SqlWriteTransaction::setUserEmail(std::string_view name, std::string_view email) {
  if (!findUser(name)) {
    throw StoreError(StoreError::Code::NotFound, "no user " + std::string(name));
  }
  connection().exec("UPDATE users SET email = ? WHERE name = ?", arg(std::string(email)), arg(std::string(name)));
}

void SqlWriteTransaction::setUserScheduling(std::string_view name, std::string_view kind,
                                            std::string_view autoSchedule) {
  if (!findUser(name)) {
    throw StoreError(StoreError::Code::NotFound, "no user " + std::string(name));
  }
  connection().exec("UPDATE users SET kind = ?, auto_schedule = ? WHERE name = ?", arg(std::string(kind)),
                    arg(std::string(autoSchedule)), arg(std::string(name)));
}

void SqlWriteTransaction::putLock(const LockRecord& lock) {
  connection().exec(
      "INSERT INTO locks (token, path, is_deep, is_exclusive, owner_xml, principal, timeout_seconds, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token) DO UPDATE SET path = excluded.path, "
      "is_deep = excluded.is_deep, is_exclusive = excluded.is_exclusive, owner_xml = excluded.owner_xml, "
      "principal = excluded.principal, timeout_seconds = excluded.timeout_seconds, "
      "expires_at = excluded.expires_at",
      arg(lock.token), arg(lock.path), arg(Poco::Int64{lock.isDeep ? 1 : 0}),
      arg(Poco::Int64{lock.isExclusive ? 1 : 0}), arg(lock.ownerXml), arg(lock.principal),
      arg(Poco::Int64{lock.timeoutSeconds}), arg(Poco::Int64{lock.expiresAt}));
}

void SqlWriteTransaction::removeLock(std::string_view token) {
  connection().exec("DELETE FROM locks WHERE token = ?", arg(std::string(token)));
}

void SqlWriteTransaction::commit() {
  if (turn_) {
    turn_->commit();
  } else {
    connection().commit();
  }
}

}  // namespace caldav::storage::sql
