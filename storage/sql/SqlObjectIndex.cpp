// The object index of SqlWriteTransaction: setObjectIndex and what copy, move and put do to
// indexes. Schema: object_index (one row per indexed resource, UNIQUE (collection_id, uid))
// and instances (its occurrences); both refer to the resource and to its collection.
#include "storage/sql/InstanceSpans.h"
#include "storage/sql/Rows.h"
#include "storage/sql/SqlWriteTransaction.h"

#include <algorithm>

namespace caldav::storage::sql {

namespace {

// Instances per multi-row INSERT: 12 parameters each, so 960 per statement, below SQLite's
// historical limit of 999 and PostgreSQL's 65535.
constexpr std::size_t kInstancesPerInsert = 80;
constexpr std::size_t kParametersPerInstance = 12;

constexpr const char* kInstanceInsert =
    "INSERT INTO instances (node_id, collection_id, start_at, end_at, span_class, is_floating, is_transparent, "
    "is_cancelled, recurrence_id, component_type, is_tentative, source) VALUES ";
constexpr const char* kInstanceValues = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

Poco::Int64 flag(bool value) { return value ? 1 : 0; }

}  // namespace

void SqlWriteTransaction::setObjectIndex(std::int64_t nodeId, const ObjectIndex& index) {
  std::vector<Poco::Tuple<Poco::Int64, Poco::Int64>> rows;  // (is_collection, parent id)
  connection().exec("SELECT n.is_collection, p.id FROM nodes n JOIN nodes p ON p.path = n.parent WHERE n.id = ?",
                    arg(Poco::Int64{nodeId}), into(rows));
  if (rows.empty()) {
    throw StoreError(StoreError::Code::NotFound, "no resource with id " + std::to_string(nodeId));
  }
  if (rows.front().get<0>() != 0) {
    throw StoreError(StoreError::Code::Conflict, "node " + std::to_string(nodeId) + " is a collection");
  }
  const Poco::Int64 collectionId = rows.front().get<1>();
  // An explicit check, so that a UID clash does not poison the transaction; the UNIQUE
  // constraint still catches a concurrent writer (also as AlreadyExists).
  std::vector<Poco::Int64> holders;
  connection().exec("SELECT node_id FROM object_index WHERE collection_id = ? AND uid = ? AND node_id <> ?",
                    arg(collectionId), arg(index.uid), arg(Poco::Int64{nodeId}), into(holders));
  if (!holders.empty()) {
    throw StoreError(StoreError::Code::AlreadyExists,
                     "UID " + index.uid + " is already used by node " + std::to_string(holders.front()));
  }
  connection().exec("INSERT INTO object_index (node_id, collection_id, uid, component_type, indexed_until, "
                    "is_complete) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET "
                    "collection_id = excluded.collection_id, uid = excluded.uid, "
                    "component_type = excluded.component_type, indexed_until = excluded.indexed_until, "
                    "is_complete = excluded.is_complete",
                    arg(Poco::Int64{nodeId}), arg(collectionId), arg(index.uid), arg(index.componentType),
                    arg(Poco::Int64{index.indexedUntil}), arg(flag(index.isComplete)));
  connection().exec("DELETE FROM instances WHERE node_id = ?", arg(Poco::Int64{nodeId}));
  insertInstances(nodeId, collectionId, index.componentType, index.instances);
}

void SqlWriteTransaction::insertInstances(std::int64_t nodeId, std::int64_t collectionId,
                                          const std::string& componentType,
                                          const std::vector<InstanceRecord>& instances) {
  // Multi-row VALUES: one round trip per kInstancesPerInsert instances on both backends.
  for (std::size_t first = 0; first < instances.size(); first += kInstancesPerInsert) {
    const std::size_t last = std::min(instances.size(), first + kInstancesPerInsert);
    std::string sql = kInstanceInsert;
    Params bindings;
    bindings.reserve((last - first) * kParametersPerInstance);
    for (std::size_t i = first; i < last; ++i) {
      const InstanceRecord& instance = instances[i];
      sql += i == first ? kInstanceValues : std::string(", ") + kInstanceValues;
      bindings.push_back(arg(Poco::Int64{nodeId}));
      bindings.push_back(arg(Poco::Int64{collectionId}));
      bindings.push_back(arg(Poco::Int64{instance.start}));
      bindings.push_back(arg(Poco::Int64{instance.end}));
      bindings.push_back(arg(Poco::Int64{spanClassOf(instance.start, instance.end)}));
      bindings.push_back(arg(flag(instance.isFloating)));
      bindings.push_back(arg(flag(instance.isTransparent)));
      bindings.push_back(arg(flag(instance.isCancelled)));
      bindings.push_back(arg(instance.recurrenceId));
      bindings.push_back(arg(componentType));  // instance.componentType is ignored on write
      bindings.push_back(arg(flag(instance.isTentative)));
      bindings.push_back(arg(Poco::Int64{instance.source}));
    }
    connection().exec(sql, bindings);
  }
}

void SqlWriteTransaction::dropObjectIndex(std::int64_t nodeId) {
  connection().exec("DELETE FROM instances WHERE node_id = ?", arg(Poco::Int64{nodeId}));
  connection().exec("DELETE FROM object_index WHERE node_id = ?", arg(Poco::Int64{nodeId}));
}

void SqlWriteTransaction::copyObjectIndex(std::int64_t sourceId, std::int64_t copyId, std::int64_t collectionId) {
  connection().exec("INSERT INTO object_index (node_id, collection_id, uid, component_type, indexed_until, "
                    "is_complete) SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), uid, component_type, indexed_until, "
                    "is_complete FROM object_index WHERE node_id = ?",
                    arg(Poco::Int64{copyId}), arg(Poco::Int64{collectionId}), arg(Poco::Int64{sourceId}));
  connection().exec("INSERT INTO instances (node_id, collection_id, start_at, end_at, span_class, is_floating, "
                    "is_transparent, is_cancelled, recurrence_id, component_type, is_tentative, source) SELECT "
                    "CAST(? AS BIGINT), CAST(? AS BIGINT), start_at, end_at, span_class, is_floating, is_transparent, "
                    "is_cancelled, recurrence_id, component_type, is_tentative, source FROM instances WHERE node_id = ?",
                    arg(Poco::Int64{copyId}), arg(Poco::Int64{collectionId}), arg(Poco::Int64{sourceId}));
}

void SqlWriteTransaction::moveObjectIndex(std::int64_t nodeId, std::int64_t collectionId) {
  connection().exec("UPDATE object_index SET collection_id = ? WHERE node_id = ?", arg(Poco::Int64{collectionId}),
                    arg(Poco::Int64{nodeId}));
  connection().exec("UPDATE instances SET collection_id = ? WHERE node_id = ?", arg(Poco::Int64{collectionId}),
                    arg(Poco::Int64{nodeId}));
}

void SqlWriteTransaction::requireUidFree(std::int64_t nodeId, std::int64_t collectionId, std::int64_t exceptId) {
  // Two lookups rather than a self-join: with the UID bound, the second one is always a
  // search of the (collection_id, uid) index, whatever the planner guesses.
  std::vector<std::string> uids;
  connection().exec("SELECT uid FROM object_index WHERE node_id = ?", arg(Poco::Int64{nodeId}), into(uids));
  if (uids.empty()) {
    return;
  }
  std::vector<Poco::Int64> holders;
  connection().exec("SELECT node_id FROM object_index WHERE collection_id = ? AND uid = ? AND node_id <> ?",
                    arg(Poco::Int64{collectionId}), arg(uids.front()), arg(Poco::Int64{exceptId}),
                    into(holders));
  if (!holders.empty()) {
    throw StoreError(StoreError::Code::AlreadyExists,
                     "UID " + uids.front() + " is already used by node " + std::to_string(holders.front()));
  }
}

}  // namespace caldav::storage::sql
