#pragma once

#include "storage/StoreError.h"
#include "storage/sql/ConnectionPool.h"
#include "storage/sql/Dialect.h"
#include "storage/sql/SqlParams.h"
#include "storage/sql/SqliteStatements.h"

#include <Poco/Data/Statement.h>

#include <string>
#include <string_view>
#include <utility>

namespace caldav::storage::sql {

// One leased session running one transaction. Every database error leaves here as a
// StoreError: unique violations as {AlreadyExists}, anything else as {Unavailable} with the
// database's message. After such an error the transaction is poisoned (PostgreSQL aborts
// it anyway), so commit() refuses and the backends behave alike.
class SqlConnection {
 public:
  SqlConnection(ConnectionPool::Lease lease, const Dialect& dialect)
      : lease_(std::move(lease)), dialect_(dialect) {}
  SqlConnection(const SqlConnection&) = delete;
  SqlConnection& operator=(const SqlConnection&) = delete;
  // Rolls back an unfinished transaction; never throws.
  ~SqlConnection();

  const Dialect& dialect() const { return dialect_; }

  // Runs `sql` (written with '?' placeholders) with bind() / Params values and into()
  // targets (SqlParams.h), in that order. Returns the rows read, or the rows changed.
  // SQLite runs it on the connection's cached prepared statement, PostgreSQL via Poco::Data.
  template <typename... Parts>
  std::size_t exec(std::string_view sql, Parts&&... parts) {
    if (SqliteStatements* statements = lease_.sqliteStatements()) {
      try {
        return execSqlite(*statements, sql, parts...);
      } catch (const SqliteError& error) {
        fail(error.isUniqueViolation(), error.what());
      }
    }
    try {
      Poco::Data::Statement statement(lease_.session());
      statement << dialect_.rewrite(sql);
      (addToPoco(statement, parts), ...);
      return statement.execute();
    } catch (const Poco::Exception& error) {
      fail(dialect_.isUniqueViolation(error), error.displayText());
    }
  }

  void beginRead();
  void beginWrite();
  // Commits; throws StoreError{Unavailable} if the commit fails or an earlier statement did.
  void commit();
  // Rolls back the open transaction, if any; never throws.
  void rollbackQuietly() noexcept;

  // One writer's part of a shared SQLite write transaction (WriteBatch.h): a savepoint with
  // its own error state. release throws StoreError{Unavailable} if a statement since
  // savepoint() failed; rollbackToSavepointQuietly undoes the part and, if that worked,
  // clears the error (else the whole transaction stays poisoned).
  void savepoint();
  void releaseSavepoint();
  void rollbackToSavepointQuietly() noexcept;
  // True while a transaction is open on the database side (SQLite ends one by itself after
  // some errors, e.g. a full disk); always true on PostgreSQL while one was begun.
  bool isTransactionOpen();

 private:
  [[noreturn]] void fail(bool isUniqueViolation, const std::string& message);

  template <typename... Parts>
  static std::size_t execSqlite(SqliteStatements& statements, std::string_view sql, Parts&... parts) {
    Params params;
    (addParams(params, parts), ...);
    SqliteRun run(statements, std::string(sql), params);
    std::size_t rows = 0;
    for (; run.step(); ++rows) {
      [[maybe_unused]] int column = 0;
      (readColumns(run, column, parts), ...);
    }
    return sizeof...(Parts) == 0 || rows > 0 ? rows : run.changes();
  }

  static void addParams(Params& params, const Param& param) { params.push_back(param); }
  static void addParams(Params& params, const Params& more) { params.insert(params.end(), more.begin(), more.end()); }
  template <typename T>
  static void addParams(Params&, const Into<T>&) {}

  template <typename T>
  static void readColumns(const SqliteRun&, int&, const T&) {}  // a value, not a target
  template <typename T>
  static void readColumns(const SqliteRun& run, int& column, const Into<T>& target) {
    if constexpr (IsRowContainer<T>::value) {
      readValue(run, column, target.target->emplace_back());
    } else {
      readValue(run, column, *target.target);
    }
  }
  template <typename T>
  static void readValue(const SqliteRun& run, int& column, T& value) {
    if constexpr (requires { T::length; }) {  // a Poco::Tuple: consecutive columns
      readTuple(run, column, value, std::make_integer_sequence<int, T::length>());
    } else {
      run.read(column++, value);
    }
  }
  template <typename T, int... I>
  static void readTuple(const SqliteRun& run, int& column, T& tuple, std::integer_sequence<int, I...>) {
    (run.read(column++, tuple.template get<I>()), ...);
  }

  static void addToPoco(Poco::Data::Statement& statement, const Param& param) {
    std::visit([&](const auto& value) { statement, Poco::Data::Keywords::bind(value); }, param);
  }
  static void addToPoco(Poco::Data::Statement& statement, const Params& params) {
    for (const Param& param : params) addToPoco(statement, param);
  }
  template <typename T>
  static void addToPoco(Poco::Data::Statement& statement, const Into<T>& target) {
    statement, Poco::Data::Keywords::into(*target.target);
  }

  ConnectionPool::Lease lease_;
  Dialect dialect_;
  bool inTransaction_ = false;
  bool poisoned_ = false;
  bool inPart_ = false;      // between savepoint() and its release or rollback
  bool partFailed_ = false;  // a statement of the open part failed
};

}  // namespace caldav::storage::sql
