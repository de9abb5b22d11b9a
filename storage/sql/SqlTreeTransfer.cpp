// copyTree and moveTree of SqlWriteTransaction: the operations that rewrite whole subtrees.
#include "storage/CanonicalPath.h"
#include "storage/sql/SqlWriteTransaction.h"

#include <unordered_map>

namespace caldav::storage::sql {

namespace {

// SQL substr() counts characters, not bytes, on both backends (SQLite TEXT, PostgreSQL
// UTF8), so prefix offsets are measured in UTF-8 code points.
Poco::Int64 characterCount(std::string_view utf8) {
  Poco::Int64 count = 0;
  for (unsigned char c : utf8) {
    count += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

}  // namespace

std::pair<NodeRecord, NodeRecord> SqlWriteTransaction::checkTransfer(std::string_view from, std::string_view to) {
  if (!isCanonical(from) || !isCanonical(to) || from == "/" || to == "/") {
    throw StoreError(StoreError::Code::Conflict, "cannot copy or move " + std::string(from) + " to " +
                                                     std::string(to));
  }
  NodeRecord source = requireNode(from);
  if (isSameOrBelow(to, from)) {
    throw StoreError(StoreError::Code::Conflict, std::string(to) + " lies inside " + std::string(from));
  }
  if (findNode(to)) {
    throw StoreError(StoreError::Code::AlreadyExists, std::string(to) + " already exists");
  }
  return {std::move(source), requireParentCollection(to)};
}

std::int64_t SqlWriteTransaction::copyNode(const NodeRecord& source, const std::string& newPath,
                                           const NodeRecord& newParent, std::string_view owner, std::int64_t now) {
  // INSERT … SELECT keeps the body inside the database. Parameters in a select list have
  // no target column to infer a type from on PostgreSQL, hence the casts.
  std::vector<Poco::Int64> ids;
  connection().exec("INSERT INTO nodes (path, parent, is_collection, resource_type, owner, body, etag, "
                    "content_type, size, created_at, modified_at, sync_seq) "
                    "SELECT CAST(? AS TEXT), CAST(? AS TEXT), is_collection, resource_type, CAST(? AS TEXT), "
                    "body, etag, content_type, size, CAST(? AS BIGINT), CAST(? AS BIGINT), 0 "
                    "FROM nodes WHERE id = ? RETURNING id",
                    arg(newPath), arg(newParent.path), arg(std::string(owner)), arg(Poco::Int64{now}),
                    arg(Poco::Int64{now}), arg(Poco::Int64{source.id}), into(ids));
  if (ids.empty()) {
    throw StoreError(StoreError::Code::NotFound, source.path + " vanished during copy");
  }
  connection().exec("INSERT INTO properties (node_id, ns, name, value_xml) "
                    "SELECT CAST(? AS BIGINT), ns, name, value_xml FROM properties WHERE node_id = ?",
                    arg(ids.front()), arg(Poco::Int64{source.id}));
  if (!source.isCollection) {
    copyObjectIndex(source.id, ids.front(), newParent.id);
  }
  return ids.front();
}

void SqlWriteTransaction::copyTree(std::string_view from, std::string_view to, bool deep, std::string_view owner,
                                   std::int64_t now) {
  const auto [source, destination] = checkTransfer(from, to);
  if (!source.isCollection) {
    requireUidFree(source.id, destination.id, 0);
  }
  const std::string target(to);
  std::unordered_map<std::string, NodeRecord> copies;  // new path -> copied collection (path, id)
  NodeRecord top;
  top.path = target;
  top.id = copyNode(source, target, destination, owner, now);
  copies[target] = top;
  if (deep && source.isCollection) {
    // listDescendants() is ordered by path, so every parent is copied before its members.
    // Each member is logged in its new collection, so the copies' sync tokens are usable.
    // The copied collections are new, so copied UIDs cannot clash inside them.
    for (const NodeRecord& node : listDescendants(from)) {
      NodeRecord copy;
      copy.path = target + node.path.substr(from.size());
      const NodeRecord& newParent = copies.at(target + node.parent.substr(from.size()));
      copy.id = copyNode(node, copy.path, newParent, owner, now);
      appendChange(newParent.id, nameOf(copy.path), false, now);
      if (node.isCollection) {
        copies[copy.path] = copy;
      }
    }
  }
  appendChange(destination.id, nameOf(to), false, now);
}

void SqlWriteTransaction::moveTree(std::string_view from, std::string_view to, std::int64_t now) {
  const auto [source, destination] = checkTransfer(from, to);
  const NodeRecord oldParent = requireNode(source.parent);
  if (!source.isCollection) {
    requireUidFree(source.id, destination.id, source.id);
  }
  deleteLocksAtOrBelow(from);
  // Rewrite the prefix of every descendant in one statement; ids, bodies and properties stay.
  const std::string target(to);
  const Poco::Int64 rest = characterCount(from) + 1;
  auto [lower, upper] = descendantRange(from);
  connection().exec("UPDATE nodes SET path = CAST(? AS TEXT) || substr(path, CAST(? AS INTEGER)), "
                    "parent = CAST(? AS TEXT) || substr(parent, CAST(? AS INTEGER)) "
                    "WHERE path > ? AND path < ?",
                    arg(target), arg(rest), arg(target), arg(rest), arg(lower), arg(upper));
  connection().exec("UPDATE nodes SET path = ?, parent = ? WHERE id = ?", arg(target), arg(destination.path),
                    arg(Poco::Int64{source.id}));
  // Only the moved node changes collection: every node below keeps its id, and so its
  // parent's id, which is what indexes and instances refer to.
  moveObjectIndex(source.id, destination.id);
  appendChange(oldParent.id, nameOf(from), true, now);
  appendChange(destination.id, nameOf(to), false, now);
}

}  // namespace caldav::storage::sql
