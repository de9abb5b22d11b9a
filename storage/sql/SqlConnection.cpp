#include "storage/sql/SqlConnection.h"

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

void SqlConnection::fail(bool isUniqueViolation, const std::string& message) {
  poisoned_ = true;
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
