// Schedule-Tags (RFC 6638 §3.2.10): one row per scheduling object resource in schedule_tags,
// keyed by node id. The row goes with its node (ON DELETE CASCADE, like properties), so
// deleteTree removes it; moveTree keeps ids and so keeps it; copyNode does not copy it (a copy
// is a new resource, not the scheduling object it was copied from); putResource leaves it to
// the write path, which decides when the tag changes.
#include "storage/sql/SqlReads.h"
#include "storage/sql/SqlWriteTransaction.h"

namespace caldav::storage::sql {

namespace {

// The tag as an HTTP entity-tag-like quoted string (RFC 6638 §8.3 Schedule-Tag uses the
// opaque-tag syntax), whether the caller quoted it or not.
std::string quoted(std::string_view tag) {
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
    return std::string(tag);
  }
  return "\"" + std::string(tag) + "\"";
}

}  // namespace

template <typename Base>
std::string SqlReads<Base>::scheduleTag(std::int64_t nodeId) {
  std::vector<std::string> tags;
  connection().exec("SELECT tag FROM schedule_tags WHERE node_id = ?", arg(Poco::Int64{nodeId}), into(tags));
  return tags.empty() ? std::string() : tags.front();
}

template std::string SqlReads<ReadTransaction>::scheduleTag(std::int64_t);
template std::string SqlReads<WriteTransaction>::scheduleTag(std::int64_t);

void SqlWriteTransaction::setScheduleTag(std::int64_t nodeId, std::string_view tag) {
  if (tag.empty()) {
    connection().exec("DELETE FROM schedule_tags WHERE node_id = ?", arg(Poco::Int64{nodeId}));
    return;
  }
  // Checked first, so that a missing node does not poison the transaction with a
  // foreign-key violation.
  std::vector<Poco::Int64> kinds;
  connection().exec("SELECT is_collection FROM nodes WHERE id = ?", arg(Poco::Int64{nodeId}), into(kinds));
  if (kinds.empty()) {
    throw StoreError(StoreError::Code::NotFound, "no resource with id " + std::to_string(nodeId));
  }
  if (kinds.front() != 0) {
    throw StoreError(StoreError::Code::Conflict, "node " + std::to_string(nodeId) + " is a collection");
  }
  connection().exec("INSERT INTO schedule_tags (node_id, tag) VALUES (?, ?) "
                    "ON CONFLICT (node_id) DO UPDATE SET tag = excluded.tag",
                    arg(Poco::Int64{nodeId}), arg(quoted(tag)));
}

}  // namespace caldav::storage::sql
