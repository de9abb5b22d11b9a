#pragma once

#include "storage/sql/Dialect.h"

#include <string>

namespace caldav::storage::sql {

// A storage URL broken down into what Poco needs to open sessions.
struct StorageUrl {
  Dialect::Kind kind = Dialect::Kind::Sqlite;
  std::string connectionString;  // SQLite: the file path; PostgreSQL: libpq "key='value' …"
  int poolSize = 0;              // maximum number of concurrent sessions
};

constexpr int kDefaultSqlitePoolSize = 8;
constexpr int kDefaultPostgresqlPoolSize = 16;

// Parses `sqlite:PATH` or `postgresql://USER[:PW]@HOST[:PORT]/DB[?pool=N]` (user, password
// and database may be percent-encoded). Throws StoreError{InvalidUrl} otherwise.
StorageUrl parseStorageUrl(const std::string& url);

}  // namespace caldav::storage::sql
