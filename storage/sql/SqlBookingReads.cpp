// Reads the booking rules need (Store::instancesOf, Store::objectsOfType).
#include "storage/sql/Rows.h"
#include "storage/sql/SqlReads.h"

#include <Poco/Tuple.h>

#include <algorithm>

namespace caldav::storage::sql {

template <typename Base>
std::vector<InstanceRecord> SqlReads<Base>::instancesOf(std::int64_t nodeId) {
  using Row = Poco::Tuple<Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, std::string,
                          Poco::Int64>;
  std::vector<Row> rows;
  connection().exec("SELECT start_at, end_at, is_floating, is_transparent, is_cancelled, is_tentative, recurrence_id, "
                    "source FROM instances WHERE node_id = ?",
                    arg(Poco::Int64{nodeId}), into(rows));
  std::vector<InstanceRecord> instances;
  instances.reserve(rows.size());
  for (auto& row : rows) {
    InstanceRecord instance;
    instance.nodeId = nodeId;
    instance.start = row.get<0>();
    instance.end = row.get<1>();
    instance.isFloating = row.get<2>() != 0;
    instance.isTransparent = row.get<3>() != 0;
    instance.isCancelled = row.get<4>() != 0;
    instance.isTentative = row.get<5>() != 0;
    instance.recurrenceId = std::move(row.get<6>());
    instance.source = static_cast<int>(row.get<7>());
    instances.push_back(std::move(instance));
  }
  return instances;
}

template <typename Base>
std::vector<NodeRecord> SqlReads<Base>::objectsOfType(std::string_view collectionPath, std::string_view componentType) {
  auto collection = findNode(collectionPath);
  if (!collection) return {};
  std::vector<Poco::Int64> ids;
  connection().exec("SELECT node_id FROM object_index WHERE collection_id = ? AND component_type = ?",
                    arg(Poco::Int64{collection->id}), arg(std::string(componentType)), into(ids));
  std::vector<std::int64_t> nodeIds(ids.begin(), ids.end());
  auto nodes = findNodesByIds(nodeIds);
  std::sort(nodes.begin(), nodes.end(), [](const NodeRecord& a, const NodeRecord& b) { return a.path < b.path; });
  return nodes;
}

template std::vector<InstanceRecord> SqlReads<ReadTransaction>::instancesOf(std::int64_t);
template std::vector<InstanceRecord> SqlReads<WriteTransaction>::instancesOf(std::int64_t);
template std::vector<NodeRecord> SqlReads<ReadTransaction>::objectsOfType(std::string_view, std::string_view);
template std::vector<NodeRecord> SqlReads<WriteTransaction>::objectsOfType(std::string_view, std::string_view);

}  // namespace caldav::storage::sql
