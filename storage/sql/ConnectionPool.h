#pragma once

#include "storage/sql/Dialect.h"

#include <Poco/AutoPtr.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

namespace caldav::storage::sql {

// A bounded pool of database sessions. Poco's SessionPool throws when it runs out, so
// acquire() waits for a free slot first: a burst of requests queues instead of failing.
class ConnectionPool {
 public:
  // A session on loan; returns it to the pool when destroyed. Move-only.
  class Lease {
   public:
    Lease(ConnectionPool& pool, Poco::Data::Session session) : pool_(&pool), session_(std::move(session)) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), session_(std::move(other.session_)) {
      other.pool_ = nullptr;
      other.session_.reset();
    }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    Poco::Data::Session& session() { return *session_; }

   private:
    ConnectionPool* pool_;  // null once moved from
    std::optional<Poco::Data::Session> session_;
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

  Poco::AutoPtr<Poco::Data::SessionPool> pool_;
  int size_;
  int onLoan_ = 0;
  std::mutex mutex_;
  std::condition_variable freed_;
};

}  // namespace caldav::storage::sql
