// Grants (GrantRecord): the RFC 3744 grant-only ACEs the ACL method and `caldavd grant` set,
// one row per (node, principal, privilege), removed with their node (ON DELETE CASCADE).
#include "storage/sql/SqlReads.h"
#include "storage/sql/SqlWriteTransaction.h"
#include "storage/StoreError.h"

#include <Poco/Tuple.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace caldav::storage::sql {
namespace {

using GrantRow = Poco::Tuple<Poco::Int64, std::string, std::string, std::string>;  // node, path, principal, privilege

// Folds rows ordered by (path, principal, privilege) into one record per (node, principal).
std::vector<GrantRecord> foldGrants(std::vector<GrantRow>& rows) {
  std::vector<GrantRecord> grants;
  for (auto& row : rows) {
    if (grants.empty() || grants.back().nodeId != row.get<0>() || grants.back().principal != row.get<2>()) {
      grants.push_back(GrantRecord{row.get<0>(), std::move(row.get<1>()), std::move(row.get<2>()), {}});
    }
    grants.back().privileges.push_back(std::move(row.get<3>()));
  }
  return grants;
}

constexpr const char* kGrantSelect =
    "SELECT g.node_id, n.path, g.principal, g.privilege FROM grants g JOIN nodes n ON n.id = g.node_id ";
constexpr const char* kGrantOrder = " ORDER BY n.path, g.principal, g.privilege";
constexpr std::size_t kBatch = 500;

}  // namespace

template <typename Base>
std::vector<GrantRecord> SqlReads<Base>::grantsOn(const std::vector<std::int64_t>& nodeIds) {
  std::vector<GrantRow> rows;
  for (std::size_t begin = 0; begin < nodeIds.size(); begin += kBatch) {
    const std::size_t end = std::min(nodeIds.size(), begin + kBatch);
    Params ids;
    std::string placeholders;
    for (std::size_t i = begin; i < end; ++i) {
      placeholders += i == begin ? "?" : ", ?";
      ids.push_back(arg(Poco::Int64{nodeIds[i]}));
    }
    std::vector<GrantRow> batch;
    connection().exec(std::string(kGrantSelect) + "WHERE g.node_id IN (" + placeholders + ")" + kGrantOrder, ids,
                      into(batch));
    rows.insert(rows.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
  }
  if (nodeIds.size() > kBatch) {
    std::sort(rows.begin(), rows.end(), [](const GrantRow& a, const GrantRow& b) {
      return std::tie(a.get<1>(), a.get<2>(), a.get<3>()) < std::tie(b.get<1>(), b.get<2>(), b.get<3>());
    });
  }
  return foldGrants(rows);
}

template <typename Base>
std::vector<GrantRecord> SqlReads<Base>::grantsTo(std::string_view principal) {
  std::vector<GrantRow> rows;
  connection().exec(std::string(kGrantSelect) + "WHERE g.principal = ?" + kGrantOrder, arg(std::string(principal)),
                    into(rows));
  return foldGrants(rows);
}

template std::vector<GrantRecord> SqlReads<ReadTransaction>::grantsOn(const std::vector<std::int64_t>&);
template std::vector<GrantRecord> SqlReads<WriteTransaction>::grantsOn(const std::vector<std::int64_t>&);
template std::vector<GrantRecord> SqlReads<ReadTransaction>::grantsTo(std::string_view);
template std::vector<GrantRecord> SqlReads<WriteTransaction>::grantsTo(std::string_view);

void SqlWriteTransaction::setGrants(std::int64_t nodeId, const std::vector<GrantRecord>& grants) {
  std::vector<Poco::Int64> ids;
  connection().exec("SELECT id FROM nodes WHERE id = ?", arg(Poco::Int64{nodeId}), into(ids));
  if (ids.empty()) throw StoreError(StoreError::Code::NotFound, "no node with id " + std::to_string(nodeId));
  connection().exec("DELETE FROM grants WHERE node_id = ?", arg(Poco::Int64{nodeId}));
  std::set<std::pair<std::string, std::string>> rows;  // (principal, privilege), once each
  for (const auto& grant : grants) {
    for (const auto& privilege : grant.privileges) rows.emplace(grant.principal, privilege);
  }
  for (const auto& [principal, privilege] : rows) {
    connection().exec("INSERT INTO grants (node_id, principal, privilege) VALUES (?, ?, ?)", arg(Poco::Int64{nodeId}),
                      arg(principal), arg(privilege));
  }
}

}  // namespace caldav::storage::sql
