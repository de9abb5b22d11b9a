#include "storage/sql/SqlStore.h"

#include "storage/sql/Migrations.h"
#include "storage/sql/SqlReads.h"
#include "storage/sql/SqlWriteTransaction.h"

namespace caldav::storage::sql {
namespace {

class SqlReadTransaction final : public SqlReads<ReadTransaction> {
 public:
  SqlReadTransaction(ConnectionPool::Lease lease, const Dialect& dialect)
      : SqlReads(std::make_shared<SqlConnection>(std::move(lease), dialect)) {
    connection().beginRead();
  }
};

}  // namespace

SqlStore::SqlStore(const StorageUrl& url)
    : dialect_(url.kind), pool_(dialect_, url.connectionString, url.poolSize), writeBatch_(pool_, dialect_) {}

int SqlStore::migrate(int targetVersion) {
  SqlConnection connection(pool_.acquire(), dialect_);
  return sql::migrate(connection, targetVersion);
}

ReadTransactionPtr SqlStore::beginRead() {
  return std::make_unique<SqlReadTransaction>(pool_.acquire(), dialect_);
}

WriteTransactionPtr SqlStore::beginWrite(const std::vector<std::string>& lockKeys) {
  if (dialect_.isSqlite()) {
    // The writer lock comes before the session, so queued writers do not hold pool slots.
    return std::make_unique<SqlWriteTransaction>(writeBatch_.begin());
  }
  auto transaction =
      std::make_unique<SqlWriteTransaction>(std::make_shared<SqlConnection>(pool_.acquire(), dialect_));
  transaction->begin(lockKeys);
  return transaction;
}

}  // namespace caldav::storage::sql
