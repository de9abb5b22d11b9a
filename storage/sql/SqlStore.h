#pragma once

#include "storage/Store.h"
#include "storage/sql/ConnectionPool.h"
#include "storage/sql/Dialect.h"
#include "storage/sql/StorageUrl.h"
#include "storage/sql/WriteBatch.h"

#include <limits>
#include <mutex>
#include <string>
#include <vector>

namespace caldav::storage::sql {

// The SQL implementation of Store for both dialects: Poco::Data opens and pools the
// sessions; statements run through Poco::Data on PostgreSQL and on SQLite's C API with
// cached prepared statements on SQLite (SqlConnection.h, SqliteStatements.h).
//
// Writers: on SQLite they take turns in a shared write transaction that is committed
// once per batch of turns (WriteBatch.h: one in-process writer lock, group commit; SQLite
// has one writer at a time anyway, and waiting on a mutex beats SQLITE_BUSY retries);
// lockKeys are not needed there. On PostgreSQL writers sharing a lock key serialize on
// transaction-scoped advisory locks; others run in parallel.
class SqlStore final : public Store {
 public:
  // Opens sessions lazily; call migrate() before handing the store out.
  explicit SqlStore(const StorageUrl& url);

  // Runs the schema migrations up to `targetVersion` (default: all) and creates the fixed
  // nodes. Returns the schema version now in place.
  int migrate(int targetVersion = std::numeric_limits<int>::max());

  ReadTransactionPtr beginRead() override;
  WriteTransactionPtr beginWrite(const std::vector<std::string>& lockKeys) override;
  std::string backendName() const override { return dialect_.name(); }
  bool serializesAllWriters() const override { return dialect_.kind() == Dialect::Kind::Sqlite; }

 private:
  Dialect dialect_;
  ConnectionPool pool_;
  WriteBatch writeBatch_;  // SQLite only
};

}  // namespace caldav::storage::sql
