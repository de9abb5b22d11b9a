#pragma once

#include "storage/StoreError.h"
#include "storage/sql/ConnectionPool.h"
#include "storage/sql/Dialect.h"

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

  // Runs `sql` (written with '?' placeholders) with Poco bind()/into() parts.
  // Returns what Poco's Statement::execute() returns (rows extracted or affected).
  template <typename... Parts>
  std::size_t exec(std::string_view sql, Parts&&... parts) {
    try {
      Poco::Data::Statement statement(lease_.session());
      statement << dialect_.rewrite(sql);
      static_cast<void>((statement, ..., std::forward<Parts>(parts)));
      return statement.execute();
    } catch (const Poco::Exception& error) {
      fail(error);
    }
  }

  void beginRead();
  void beginWrite();
  // Commits; throws StoreError{Unavailable} if the commit fails or an earlier statement did.
  void commit();
  // Rolls back the open transaction, if any; never throws.
  void rollbackQuietly() noexcept;

 private:
  [[noreturn]] void fail(const Poco::Exception& error);

  ConnectionPool::Lease lease_;
  Dialect dialect_;
  bool inTransaction_ = false;
  bool poisoned_ = false;
};

}  // namespace caldav::storage::sql
