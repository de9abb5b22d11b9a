#pragma once

#include "storage/sql/Dialect.h"
#include "storage/sql/SqliteStatements.h"

#include <Poco/AutoPtr.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace caldav::storage::sql {

// A bounded pool of database sessions. Poco's SessionPool throws when it runs out, so
// acquire() waits for a free slot first: a burst of requests queues instead of failing.
class ConnectionPool {
 public:
  // A session on loan; returns it to the pool when destroyed. Move-only.
  class Lease {
   public:
    Lease(ConnectionPool& pool, Poco::Data::Session session, SqliteStatements* statements)
        : pool_(&pool), session_(std::move(session)), statements_(statements) {}
    Lease(Lease&& other) noexcept
        : pool_(other.pool_), session_(std::move(other.session_)), statements_(other.statements_) {
      other.pool_ = nullptr;
      other.session_.reset();
      other.statements_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    Poco::Data::Session& session() { return *session_; }
    // The session's prepared-statement cache on SQLite; null on PostgreSQL.
    SqliteStatements* sqliteStatements() { return statements_; }

   private:
    ConnectionPool* pool_;  // null once moved from
    std::optional<Poco::Data::Session> session_;
    SqliteStatements* statements_;
  };

  // Creates the pool; no session is opened until the first acquire().
  ConnectionPool(const Dialect& dialect, const std::string& connectionString, int size);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Waits until fewer than `size` sessions are on loan, then lends one.
  // Throws StoreError{Unavailable} if a session cannot be opened.
  Lease acquire();

 private:
  void release();
  // The statement cache of a SQLite session, made on its first lease.
  SqliteStatements* statementsFor(Poco::Data::Session& session);

  bool isSqlite_;
  Poco::AutoPtr<Poco::Data::SessionPool> pool_;
  // One per SQLite connection, by handle. The sessions never idle out (see the .cpp), so
  // each cache lives as long as its connection, and is finalized before the pool closes.
  std::unordered_map<void*, std::unique_ptr<SqliteStatements>> statements_;
  int size_;
  int onLoan_ = 0;
  std::mutex mutex_;
  std::condition_variable freed_;
};

}  // namespace caldav::storage::sql
