#pragma once

#include "storage/sql/SqlParams.h"

#include <stdexcept>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace caldav::storage::sql {

// A failed SQLite call: the extended result code and the connection's message.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }
  // SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY.
  bool isUniqueViolation() const;

 private:
  int code_;
};

// The prepared statements of one SQLite connection, kept for as long as the connection
// lives. Poco::Data prepares a statement again on every execution (sqlite3_prepare_v2 in
// each Statement::execute), which was a third of a PUT's CPU time and a tenth of a large
// query's. Keyed by SQL text; IN (…) lists come in a few fixed lengths (IndexReads.cpp), so
// the set of texts stays small. Used by one thread at a time, like its connection.
class SqliteStatements {
 public:
  explicit SqliteStatements(sqlite3* db) : db_(db) {}
  ~SqliteStatements();  // finalizes every statement; the connection must still be open
  SqliteStatements(const SqliteStatements&) = delete;
  SqliteStatements& operator=(const SqliteStatements&) = delete;

  sqlite3* db() const { return db_; }
  // Statements cached now (at most kMaxStatements).
  std::size_t size() const { return cache_.size(); }
  static constexpr std::size_t kMaxStatements = 512;
  // The statement for `sql`, prepared on first use (one statement per text; throws
  // SqliteError if it does not compile or holds more than one statement). More distinct
  // texts than kMaxStatements means they are not bounded after all: the cache starts over.
  sqlite3_stmt* get(const std::string& sql);

 private:
  void finalizeAll();

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// One execution of a cached statement: binds the parameters, steps through the rows and
// reads their columns; resets the statement (and so ends its read) when destroyed.
class SqliteRun {
 public:
  SqliteRun(SqliteStatements& statements, const std::string& sql, const Params& params);
  ~SqliteRun();
  SqliteRun(const SqliteRun&) = delete;
  SqliteRun& operator=(const SqliteRun&) = delete;

  // Advances to the next row: true if there is one, false when done; throws SqliteError.
  bool step();
  // Rows changed by this statement if it was an INSERT, UPDATE or DELETE.
  std::size_t changes() const;

  void read(int column, Poco::Int64& out) const;
  void read(int column, int& out) const;
  void read(int column, std::string& out) const;
  void read(int column, Poco::Data::BLOB& out) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
};

}  // namespace caldav::storage::sql
