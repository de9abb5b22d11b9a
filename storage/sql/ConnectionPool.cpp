#include "storage/sql/ConnectionPool.h"

#include "storage/StoreError.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>

namespace caldav::storage::sql {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

// How long a SQLite connection waits for another process's write lock before failing.
constexpr int kSqliteBusyTimeoutMs = 30000;

void registerConnectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
    // A pooled connection is leased to one transaction, on one thread, at a time, so SQLite's
    // multi-thread mode is safe and spares a mutex lock/unlock on every sqlite3_* call
    // (about a tenth of a large query's time). Only possible before the first connection.
    Poco::Data::SQLite::Utility::setThreadMode(Poco::Data::SQLite::Utility::THREAD_MODE_MULTI);
  });
}

// Seconds an idle session stays open. SQLite sessions carry their prepared statements
// (SqliteStatements), which must be finalized before the connection closes, so they stay
// open for the pool's lifetime (Poco's janitor timer takes milliseconds as an int: 2e6 s
// is as long as it can count). PostgreSQL sessions are let go after a minute idle.
int idleSeconds(const Dialect& dialect) { return dialect.isSqlite() ? 2'000'000 : 60; }

// Applies per-connection settings to every new session. SQLite keeps foreign_keys,
// synchronous and busy_timeout per connection, so each pooled session needs them.
class ConfiguredSessionPool : public Poco::Data::SessionPool {
 public:
  ConfiguredSessionPool(const Dialect& dialect, const std::string& connectionString, int size)
      : SessionPool(dialect.name(), connectionString, 1, size, idleSeconds(dialect)), dialect_(dialect) {}

 protected:
  void customizeSession(Poco::Data::Session& session) override {
    if (!dialect_.isSqlite()) {
      return;
    }
    // FULL: a commit is on disk (WAL fsynced) before commit() returns, so it survives kill -9
    // and power loss; NORMAL in WAL mode would only survive the former.
    session << "PRAGMA synchronous = FULL", now;
    session << "PRAGMA foreign_keys = ON", now;
    Poco::Int64 timeout = 0;
    session << "PRAGMA busy_timeout = " + std::to_string(kSqliteBusyTimeoutMs), into(timeout), now;
  }

 private:
  Dialect dialect_;
};

}  // namespace

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) {
    session_.reset();  // back to Poco's pool before the slot frees up
    pool_->release();
  }
}

ConnectionPool::ConnectionPool(const Dialect& dialect, const std::string& connectionString, int size)
    : isSqlite_(dialect.isSqlite()), size_(size) {
  registerConnectors();
  pool_ = new ConfiguredSessionPool(dialect, connectionString, size);
}

ConnectionPool::~ConnectionPool() {
  statements_.clear();  // no lease is out any more: finalize before the connections close
  try {
    pool_->shutdown();
  } catch (...) {  // closing a broken connection must not escape a destructor
  }
}

ConnectionPool::Lease ConnectionPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return onLoan_ < size_; });
    ++onLoan_;
  }
  try {
    Poco::Data::Session session = pool_->get();
    SqliteStatements* statements = isSqlite_ ? statementsFor(session) : nullptr;
    return Lease(*this, std::move(session), statements);
  } catch (const Poco::Exception& error) {
    release();
    throw StoreError(StoreError::Code::Unavailable, "cannot open a database session: " + error.displayText());
  }
}

SqliteStatements* ConnectionPool::statementsFor(Poco::Data::Session& session) {
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
  std::lock_guard lock(mutex_);
  auto& statements = statements_[db];
  if (!statements) statements = std::make_unique<SqliteStatements>(db);
  return statements.get();
}

void ConnectionPool::release() {
  {
    std::lock_guard lock(mutex_);
    --onLoan_;
  }
  freed_.notify_one();
}

}  // namespace caldav::storage::sql
