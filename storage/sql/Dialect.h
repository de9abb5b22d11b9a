#pragma once

#include <Poco/Exception.h>

#include <string>
#include <string_view>

namespace caldav::storage::sql {

// What differs between the SQL backends. SQL is written once with '?' placeholders and
// rewritten here; the schema itself lives in Migrations.cpp, one list per dialect.
class Dialect {
 public:
  enum class Kind { Sqlite, Postgresql };

  explicit Dialect(Kind kind) : kind_(kind) {}

  Kind kind() const { return kind_; }
  bool isSqlite() const { return kind_ == Kind::Sqlite; }
  // "sqlite" or "postgresql": both the Store::backendName() and the Poco connector key.
  std::string name() const;

  // Returns `text` with its '?' placeholders rewritten for the backend: unchanged on SQLite,
  // $1, $2, … on PostgreSQL (Poco's PostgreSQL connector passes SQL through verbatim).
  // '?' inside single-quoted literals is left alone.
  std::string rewrite(std::string_view text) const;

  // Statements that open a transaction. Reads get a snapshot: SQLite's deferred BEGIN takes
  // it at the first read (WAL readers never wait for the writer); PostgreSQL uses
  // REPEATABLE READ. Writes: SQLite takes the write lock up front (BEGIN IMMEDIATE) so
  // two processes never deadlock upgrading a read lock; PostgreSQL stays READ COMMITTED
  // so statements after the advisory lock see what the previous holder committed.
  std::string beginReadSql() const;
  std::string beginWriteSql() const;

  // The placeholder for a body: Poco binds an empty BLOB as NULL, so this reads it back
  // as an empty one ("COALESCE(?, <empty blob>)").
  std::string blobPlaceholder() const;

  // An SQL expression for the current time in Unix seconds, evaluated by the database
  // (used only where no caller supplies `now`, e.g. the fixed nodes created at open).
  std::string epochSecondsSql() const;

  // True if `error` reports a UNIQUE / PRIMARY KEY violation.
  bool isUniqueViolation(const Poco::Exception& error) const;

 private:
  Kind kind_;
};

}  // namespace caldav::storage::sql
