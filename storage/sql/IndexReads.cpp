#include "storage/sql/IndexReads.h"

#include "storage/sql/InstanceSpans.h"
#include "storage/sql/Rows.h"
#include "storage/sql/SqlReads.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <tuple>
#include <unordered_map>

namespace caldav::storage::sql {

namespace {

// Paths per `IN (…)` lookup: well below SQLite's and PostgreSQL's parameter limits.
constexpr std::size_t kPathsPerQuery = 500;

using InstanceRow = Poco::Tuple<Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64,
                                std::string, std::string, Poco::Int64, Poco::Int64>;
constexpr const char* kInstanceColumns =
    "node_id, start_at, end_at, is_floating, is_transparent, is_cancelled, recurrence_id, component_type, "
    "is_tentative, source";

// kNodeColumns with every column qualified by `alias`, for joins.
std::string qualifiedNodeColumns(const std::string& alias) {
  std::string out = alias + ".";
  for (const char* c = kNodeColumns; *c != '\0'; ++c) {
    out += *c;
    if (*c == ' ') {
      out += alias + ".";
    }
  }
  return out;
}

std::optional<std::int64_t> nodeIdAt(SqlConnection& connection, std::string_view path) {
  std::vector<Poco::Int64> ids;
  connection.exec("SELECT id FROM nodes WHERE path = ?", arg(std::string(path)), into(ids));
  if (ids.empty()) {
    return std::nullopt;
  }
  return ids.front();
}

Poco::Int64 saturatingMinus(Poco::Int64 value, Poco::Int64 amount) {
  const Poco::Int64 lowest = std::numeric_limits<Poco::Int64>::min();
  return value < lowest + amount ? lowest : value - amount;
}

Poco::Int64 clampedLimit(std::size_t limit) {
  return static_cast<Poco::Int64>(std::min<std::size_t>(limit, std::numeric_limits<Poco::Int64>::max()));
}

}  // namespace

std::string readStoreId(SqlConnection& connection) {
  std::vector<std::string> values;
  connection.exec("SELECT value FROM meta WHERE name = 'store_id'", into(values));
  if (values.empty()) {
    throw StoreError(StoreError::Code::Unavailable, "the database has no store id");
  }
  return values.front();
}

namespace {

// The length of an IN (…) list for `count` keys: the next power of two, at most
// kPathsPerQuery. A few fixed lengths keep the set of SQL texts, and so of cached prepared
// statements (SqliteStatements.h), small.
std::size_t paddedLength(std::size_t count) {
  std::size_t length = 1;
  while (length < count) length *= 2;
  return std::min(length, kPathsPerQuery);
}

// Runs `query(placeholders, bindings)` once per batch of at most kPathsPerQuery keys, with
// "?, ?, …" and the bound keys of that batch: one IN (…) list per query. The list is padded
// to paddedLength() by repeating the batch's last key, which changes no IN (…) result.
template <typename Key, typename Bind, typename Query>
void forEachBatch(const std::vector<Key>& keys, Bind bindKey, Query query) {
  for (std::size_t first = 0; first < keys.size(); first += kPathsPerQuery) {
    const std::size_t last = std::min(keys.size(), first + kPathsPerQuery);
    const std::size_t length = paddedLength(last - first);
    Params bindings;
    bindings.reserve(length);
    std::string placeholders;
    for (std::size_t i = 0; i < length; ++i) {
      bindings.push_back(bindKey(keys[std::min(first + i, last - 1)]));
      placeholders += i == 0 ? "?" : ", ?";
    }
    query(placeholders, bindings);
  }
}

Param bindId(std::int64_t id) { return arg(Poco::Int64{id}); }

// Looks nodes up by `column` IN (…) in batches and returns them in the order of `keys`
// (absent ones skipped, repeated keys repeated). `keyOf` views the key of a node (a
// string_view of its path, or its id), so no key is copied.
// With `bodies`, the same rows also give the bodies of the non-collections.
template <typename Key, typename Bind, typename KeyOf>
std::vector<NodeRecord> readNodesWhereIn(SqlConnection& connection, const char* column, const std::vector<Key>& keys,
                                         Bind bindKey, KeyOf keyOf,
                                         std::unordered_map<std::int64_t, std::string>* bodies) {
  std::vector<NodeRecord> read;  // in the order the database returned them
  read.reserve(keys.size());
  const std::string select = std::string("SELECT ") + kNodeColumns + (bodies ? ", body" : "") + " FROM nodes WHERE " +
                             column + " IN (";
  forEachBatch(keys, bindKey, [&](const std::string& placeholders, Params& bindings) {
    std::vector<NodeRow> rows;
    rows.reserve(bindings.size());        // at most one row per key: Poco::Tuple rows copy when a vector grows
    std::vector<std::string> texts;       // SQLite: the bodies, read straight into strings
    std::vector<Poco::Data::BLOB> blobs;  // PostgreSQL: bytea comes through Poco as a BLOB
    const bool isSqlite = connection.dialect().isSqlite();
    if (!bodies) {
      connection.exec(select + placeholders + ")", bindings, into(rows));
    } else if (isSqlite) {
      connection.exec(select + placeholders + ")", bindings, into(rows), into(texts));
    } else {
      connection.exec(select + placeholders + ")", bindings, into(rows), into(blobs));
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      read.push_back(rowToNode(std::move(rows[i])));
      const NodeRecord& node = read.back();
      if (bodies && !node.isCollection) bodies->emplace(node.id, isSqlite ? std::move(texts[i]) : bytesOf(blobs[i]));
    }
  });
  // Where each key's node is in `read`, found before any node is moved (the keys view them).
  using View = decltype(keyOf(read.front()));
  std::unordered_map<View, std::size_t> at;
  at.reserve(read.size());
  for (std::size_t i = 0; i < read.size(); ++i) at.emplace(keyOf(read[i]), i);
  std::vector<std::size_t> order;
  order.reserve(keys.size());
  for (const Key& key : keys) {
    if (auto it = at.find(View(key)); it != at.end()) order.push_back(it->second);
  }
  // In the order of `keys`: each node moved out at its first key, copied for a repeated one.
  constexpr std::size_t kNotPlaced = static_cast<std::size_t>(-1);
  std::vector<std::size_t> placedAt(read.size(), kNotPlaced);
  std::vector<NodeRecord> nodes;
  nodes.reserve(order.size());
  for (std::size_t i : order) {
    if (placedAt[i] == kNotPlaced) {
      placedAt[i] = nodes.size();
      nodes.push_back(std::move(read[i]));
    } else {
      NodeRecord copy = nodes[placedAt[i]];
      nodes.push_back(std::move(copy));
    }
  }
  return nodes;
}

}  // namespace

std::vector<NodeRecord> readNodes(SqlConnection& connection, const std::vector<std::string>& paths,
                                  std::unordered_map<std::int64_t, std::string>* bodies) {
  return readNodesWhereIn(
      connection, "path", paths, [](const std::string& path) { return arg(path); },
      [](const NodeRecord& node) { return std::string_view(node.path); }, bodies);
}

std::vector<NodeRecord> readNodesByIds(SqlConnection& connection, const std::vector<std::int64_t>& ids,
                                       std::unordered_map<std::int64_t, std::string>* bodies) {
  return readNodesWhereIn(connection, "id", ids, bindId, [](const NodeRecord& node) { return node.id; }, bodies);
}

std::unordered_map<std::int64_t, std::string> readBodies(SqlConnection& connection,
                                                         const std::vector<std::int64_t>& ids) {
  std::unordered_map<std::int64_t, std::string> bodies;
  forEachBatch(ids, bindId, [&](const std::string& placeholders, Params& bindings) {
    std::vector<Poco::Tuple<Poco::Int64, Poco::Data::BLOB>> rows;
    connection.exec("SELECT id, body FROM nodes WHERE id IN (" + placeholders + ")", bindings, into(rows));
    for (const auto& row : rows) {
      bodies.emplace(row.get<0>(), bytesOf(row.get<1>()));
    }
  });
  return bodies;
}

std::unordered_map<std::int64_t, std::vector<DeadProperty>> readPropertiesOf(SqlConnection& connection,
                                                                             const std::vector<std::int64_t>& ids) {
  std::unordered_map<std::int64_t, std::vector<DeadProperty>> properties;
  forEachBatch(ids, bindId, [&](const std::string& placeholders, Params& bindings) {
    std::vector<Poco::Tuple<Poco::Int64, std::string, std::string, std::string>> rows;
    connection.exec("SELECT node_id, ns, name, value_xml FROM properties WHERE node_id IN (" + placeholders +
                        ") ORDER BY node_id, ns, name",
                    bindings, into(rows));
    for (const auto& row : rows) {
      properties[row.get<0>()].push_back(DeadProperty{row.get<1>(), row.get<2>(), row.get<3>()});
    }
  });
  return properties;
}

std::optional<NodeRecord> readNodeByUid(SqlConnection& connection, std::string_view collectionPath,
                                        std::string_view uid) {
  std::vector<NodeRow> rows;
  connection.exec(std::string("SELECT ") + kNodeColumns +
                      " FROM nodes WHERE id = (SELECT node_id FROM object_index WHERE uid = ? AND "
                      "collection_id = (SELECT id FROM nodes WHERE path = ?))",
                  arg(std::string(uid)), arg(std::string(collectionPath)), into(rows));
  if (rows.empty()) {
    return std::nullopt;
  }
  return rowToNode(rows.front());
}

std::optional<ObjectIndexRecord> readObjectIndex(SqlConnection& connection, std::int64_t nodeId) {
  std::vector<Poco::Tuple<Poco::Int64, std::string, std::string, Poco::Int64, Poco::Int64>> rows;
  connection.exec("SELECT node_id, uid, component_type, indexed_until, is_complete FROM object_index "
                  "WHERE node_id = ?",
                  arg(Poco::Int64{nodeId}), into(rows));
  if (rows.empty()) {
    return std::nullopt;
  }
  const auto& row = rows.front();
  return ObjectIndexRecord{row.get<0>(), row.get<1>(), row.get<2>(), row.get<3>(), row.get<4>() != 0};
}

namespace {

// "SELECT <columns> FROM instances WHERE …" for the instances of collection `collectionId`
// that may overlap [rangeStart, rangeEnd], plus `condition` (SQL with `conditionParams`
// for its placeholders; may be empty): one index range scan per span class (see
// InstanceSpans.h), glued with UNION ALL.
std::string instancesInRangeSql(const std::string& columns, const std::string& condition,
                                const Params& conditionParams, std::int64_t collectionId, std::int64_t rangeStart,
                                std::int64_t rangeEnd, Params& bindings) {
  std::string sql;
  for (int spanClass = 0; spanClass <= kUnboundedSpanClass; ++spanClass) {
    sql += sql.empty() ? "" : " UNION ALL ";
    sql += "SELECT " + columns + " FROM instances WHERE collection_id = ? AND span_class = " +
           std::to_string(spanClass) + condition;
    bindings.push_back(arg(Poco::Int64{collectionId}));
    bindings.insert(bindings.end(), conditionParams.begin(), conditionParams.end());
    if (spanClass < kUnboundedSpanClass) {
      sql += " AND start_at >= ?";
      bindings.push_back(arg(saturatingMinus(rangeStart, kSpanClassBounds[static_cast<std::size_t>(spanClass)])));
    }
    sql += " AND start_at <= ? AND end_at >= ?";
    bindings.push_back(arg(Poco::Int64{rangeEnd}));
    bindings.push_back(arg(Poco::Int64{rangeStart}));
  }
  return sql;
}

}  // namespace

std::vector<InstanceRecord> readInstanceSpans(SqlConnection& connection, std::string_view collectionPath,
                                              const SpanFilter& filter, std::int64_t rangeStart,
                                              std::int64_t rangeEnd) {
  const auto collectionId = nodeIdAt(connection, collectionPath);
  if (!collectionId) {
    return {};
  }
  // Every condition is on columns of the covering index instances_cover.
  std::string condition;
  Params conditionParams;
  if (!filter.componentType.empty()) {
    condition += " AND component_type = ?";
    conditionParams.push_back(arg(filter.componentType));
  }
  if (filter.busyOnly) condition += " AND is_transparent = 0 AND is_cancelled = 0";
  Params bindings;
  const std::string sql = instancesInRangeSql("node_id, start_at, end_at, is_floating, is_tentative", condition,
                                              conditionParams, *collectionId, rangeStart, rangeEnd, bindings);
  std::vector<Poco::Tuple<Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64>> rows;  // integers only
  connection.exec(sql, bindings, into(rows));
  std::vector<InstanceRecord> instances(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    instances[i].nodeId = rows[i].get<0>();
    instances[i].start = rows[i].get<1>();
    instances[i].end = rows[i].get<2>();
    instances[i].isFloating = rows[i].get<3>() != 0;
    instances[i].isTentative = rows[i].get<4>() != 0;
    instances[i].componentType = filter.componentType;
  }
  return instances;
}

std::vector<InstanceRecord> readInstances(SqlConnection& connection, std::string_view collectionPath,
                                          std::int64_t rangeStart, std::int64_t rangeEnd, std::size_t limit) {
  const auto collectionId = nodeIdAt(connection, collectionPath);
  if (!collectionId) {
    return {};
  }
  Params bindings;
  std::string sql =
      instancesInRangeSql(kInstanceColumns, "", Params{}, *collectionId, rangeStart, rangeEnd, bindings);
  if (limit != ReadTransaction::kNoLimit) {
    sql += " LIMIT ?";  // of the whole UNION ALL
    bindings.push_back(arg(static_cast<Poco::Int64>(std::min<std::size_t>(limit, INT64_MAX))));
  }
  std::deque<InstanceRow> rows;  // a deque: growing it never copies the rows (Poco::Tuple cannot move)
  connection.exec(sql, bindings, into(rows));
  // Sorted here rather than by an ORDER BY (SQLite's sorter cost more than the scan itself),
  // as a permutation, so the rows' strings are moved once.
  std::vector<std::uint32_t> order(rows.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&rows](std::uint32_t a, std::uint32_t b) {
    const auto& x = rows[a];
    const auto& y = rows[b];
    if (x.get<0>() != y.get<0>()) return x.get<0>() < y.get<0>();
    if (x.get<1>() != y.get<1>()) return x.get<1>() < y.get<1>();
    if (x.get<2>() != y.get<2>()) return x.get<2>() < y.get<2>();
    return x.get<6>() < y.get<6>();
  });
  std::vector<InstanceRecord> instances;
  instances.reserve(rows.size());
  for (std::uint32_t i : order) {
    auto& row = rows[i];
    instances.push_back(InstanceRecord{row.get<0>(), row.get<1>(), row.get<2>(), row.get<3>() != 0,
                                       row.get<4>() != 0, row.get<5>() != 0, std::move(row.get<6>()),
                                       std::move(row.get<7>()), row.get<8>() != 0,
                                       static_cast<int>(row.get<9>())});
  }
  return instances;
}

std::vector<NodeRecord> readObjectsIndexedBefore(SqlConnection& connection, std::int64_t horizon,
                                                 std::size_t limit) {
  // Index object_index_incomplete: (indexed_until) WHERE is_complete = 0.
  std::vector<NodeRow> rows;
  connection.exec("SELECT " + qualifiedNodeColumns("n") +
                      " FROM object_index o JOIN nodes n ON n.id = o.node_id "
                      "WHERE o.is_complete = 0 AND o.indexed_until < ? ORDER BY o.indexed_until, o.node_id LIMIT ?",
                  arg(Poco::Int64{horizon}), arg(clampedLimit(limit)), into(rows));
  std::vector<NodeRecord> nodes;
  nodes.reserve(rows.size());
  for (const auto& row : rows) {
    nodes.push_back(rowToNode(row));
  }
  return nodes;
}

}  // namespace caldav::storage::sql
