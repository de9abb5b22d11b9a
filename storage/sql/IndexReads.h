#pragma once

#include "storage/Records.h"
#include "storage/sql/SqlConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

// The read operations added with schema version 2 (store id, batched lookups, object index,
// instances), as free functions over a connection; SqlReads forwards to them.
namespace caldav::storage::sql {

std::string readStoreId(SqlConnection& connection);

// One `IN (…)` query per 500 paths, then put back into the order of `paths`.
std::vector<NodeRecord> readNodes(SqlConnection& connection, const std::vector<std::string>& paths,
                                  std::unordered_map<std::int64_t, std::string>* bodies = nullptr);

// Returns the nodes with `ids` that exist, in the order given (batched IN lists).
std::vector<NodeRecord> readNodesByIds(SqlConnection& connection, const std::vector<std::int64_t>& ids,
                                       std::unordered_map<std::int64_t, std::string>* bodies = nullptr);

// The bodies of the nodes with `ids` that exist, by id (batched IN lists).
std::unordered_map<std::int64_t, std::string> readBodies(SqlConnection& connection,
                                                         const std::vector<std::int64_t>& ids);

// The dead properties of the nodes with `ids` that have any, by id (batched IN lists).
std::unordered_map<std::int64_t, std::vector<DeadProperty>> readPropertiesOf(SqlConnection& connection,
                                                                             const std::vector<std::int64_t>& ids);

std::optional<NodeRecord> readNodeByUid(SqlConnection& connection, std::string_view collectionPath,
                                        std::string_view uid);

std::optional<ObjectIndexRecord> readObjectIndex(SqlConnection& connection, std::int64_t nodeId);

// See InstanceSpans.h for how the range is turned into index range scans.
// The instances passing `filter` that may overlap the range: nodeId, start, end, isFloating
// and isTentative only, in no particular order (Store::findInstanceSpans).
std::vector<InstanceRecord> readInstanceSpans(SqlConnection& connection, std::string_view collectionPath,
                                              const SpanFilter& filter, std::int64_t rangeStart,
                                              std::int64_t rangeEnd);
std::vector<InstanceRecord> readInstances(SqlConnection& connection, std::string_view collectionPath,
                                          std::int64_t rangeStart, std::int64_t rangeEnd, std::size_t limit);

std::vector<NodeRecord> readObjectsIndexedBefore(SqlConnection& connection, std::int64_t horizon,
                                                 std::size_t limit);

}  // namespace caldav::storage::sql
