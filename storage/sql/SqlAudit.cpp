// The audit log (AuditRecord): appended by the write path in the transaction of the change,
// listed by `caldavd audit list`.
#include "storage/sql/SqlReads.h"
#include "storage/sql/SqlWriteTransaction.h"

#include <Poco/Tuple.h>

namespace caldav::storage::sql {

template <typename Base>
std::vector<AuditRecord> SqlReads<Base>::auditLog(const AuditQuery& query) {
  using Row = Poco::Tuple<Poco::Int64, Poco::Int64, std::string, std::string, std::string, std::string, std::string,
                          std::string, std::string, std::string, std::string, std::string>;
  std::vector<Row> rows;
  std::string sql =
      "SELECT seq, at, actor, method, path, calendar, uid, old_etag, new_etag, changed, status_from, status_to "
      "FROM audit_log WHERE at >= ?";
  if (!query.calendar.empty()) sql += " AND calendar = ?";
  sql += " ORDER BY seq LIMIT " + std::to_string(query.limit);
  if (query.calendar.empty()) {
    connection().exec(sql, arg(Poco::Int64{query.since}), into(rows));
  } else {
    connection().exec(sql, arg(Poco::Int64{query.since}), arg(query.calendar), into(rows));
  }
  std::vector<AuditRecord> entries;
  entries.reserve(rows.size());
  for (auto& row : rows) {
    entries.push_back(AuditRecord{row.get<0>(), row.get<1>(), std::move(row.get<2>()), std::move(row.get<3>()),
                                  std::move(row.get<4>()), std::move(row.get<5>()), std::move(row.get<6>()),
                                  std::move(row.get<7>()), std::move(row.get<8>()), std::move(row.get<9>()),
                                  std::move(row.get<10>()), std::move(row.get<11>())});
  }
  return entries;
}

template std::vector<AuditRecord> SqlReads<ReadTransaction>::auditLog(const AuditQuery&);
template std::vector<AuditRecord> SqlReads<WriteTransaction>::auditLog(const AuditQuery&);

void SqlWriteTransaction::appendAudit(const AuditRecord& entry) {
  connection().exec(
      "INSERT INTO audit_log (at, actor, method, path, calendar, uid, old_etag, new_etag, changed, status_from, "
      "status_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      arg(Poco::Int64{entry.at}), arg(entry.actor), arg(entry.method), arg(entry.path), arg(entry.calendar),
      arg(entry.uid), arg(entry.oldEtag), arg(entry.newEtag), arg(entry.changedProperties), arg(entry.statusFrom),
      arg(entry.statusTo));
}

}  // namespace caldav::storage::sql
