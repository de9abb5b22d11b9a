#include "storage/sql/SqlConnection.h"

#include <sqlite3.h>

namespace caldav::storage::sql {

SqlConnection::~SqlConnection() { rollbackQuietly(); }

void SqlConnection::beginRead() {
  exec(dialect_.beginReadSql());
  inTransaction_ = true;
}

void SqlConnection::beginWrite() {
  exec(dialect_.beginWriteSql());
  inTransaction_ = true;
}

void SqlConnection::commit() {
  if (poisoned_) {
    throw StoreError(StoreError::Code::Unavailable, "transaction failed earlier and was rolled back");
  }
  // On failure rollbackQuietly() (destructor) ends whatever is left of the transaction.
  exec("COMMIT");
  inTransaction_ = false;
}

// The savepoint name is fixed: one writer's part is open at a time on a connection.
void SqlConnection::savepoint() {
  exec("SAVEPOINT writer");
  inPart_ = true;
  partFailed_ = false;
}

void SqlConnection::releaseSavepoint() {
  if (partFailed_) {
    throw StoreError(StoreError::Code::Unavailable, "transaction failed earlier and was rolled back");
  }
  inPart_ = false;
  exec("RELEASE writer");
}

void SqlConnection::rollbackToSavepointQuietly() noexcept {
  inPart_ = false;
  try {
    exec("ROLLBACK TO writer");
    exec("RELEASE writer");
    partFailed_ = false;
  } catch (...) {
    poisoned_ = true;  // the state of the transaction is unknown: it must not be committed
  }
}

bool SqlConnection::isTransactionOpen() {
  if (SqliteStatements* statements = lease_.sqliteStatements()) {
    return inTransaction_ && sqlite3_get_autocommit(statements->db()) == 0;
  }
  return inTransaction_;
}

void SqlConnection::fail(bool isUniqueViolation, const std::string& message) {
  // In a writer's part only that part failed: rolling back to its savepoint undoes it.
  (inPart_ ? partFailed_ : poisoned_) = true;
  if (isUniqueViolation) {
    throw StoreError(StoreError::Code::AlreadyExists, message);
  }
  throw StoreError(StoreError::Code::Unavailable, "database error: " + message);
}

void SqlConnection::rollbackQuietly() noexcept {
  if (!inTransaction_) {
    return;
  }
  inTransaction_ = false;
  try {
    exec("ROLLBACK");
  } catch (...) {
    // The connection is likely broken; Poco's pool drops sessions that report not connected.
  }
}

}  // namespace caldav::storage::sql
