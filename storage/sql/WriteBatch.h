#pragma once

#include "storage/sql/ConnectionPool.h"
#include "storage/sql/Dialect.h"
#include "storage/sql/SqlConnection.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace caldav::storage::sql {

// Group commit for SQLite writers.
//
// SQLite has one writer at a time, and with synchronous=FULL every COMMIT waits for an
// fsync of the WAL (1–2 ms here), which held writes near 450 a second whatever their CPU
// cost. So writers take turns inside one open SQLite transaction, each in a SAVEPOINT of
// its own, and the transaction is committed when no writer is waiting for a turn (or after
// kMaxTurns turns). Guarantees, as before:
//   - a writer's commit() returns only once the COMMIT holding its changes is on disk, so
//     whatever was acknowledged survives a crash or power loss; if that COMMIT fails, every
//     writer of the batch gets the error, and none of their changes are stored;
//   - writers are serialized: each sees the changes of the turns before it;
//   - a writer that fails or gives up rolls back to its savepoint, and the other writers'
//     changes stay; readers (other connections) never see a batch before it commits.
class WriteBatch {
 public:
  static constexpr int kMaxTurns = 64;

  WriteBatch(ConnectionPool& pool, const Dialect& dialect) : pool_(pool), dialect_(dialect) {}

  // One writer's turn: it holds the writer lock from begin() until commit() or destruction.
  class Turn {
   public:
    ~Turn();  // without commit(): rolls the turn back, ends the turn
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;

    std::shared_ptr<SqlConnection> connection() const { return connection_; }
    // Keeps this turn's changes and ends the turn; returns when they are committed.
    // Throws StoreError if a statement of this turn failed (the turn is then rolled back
    // by the destructor) or if the batch's COMMIT failed.
    void commit();

   private:
    friend class WriteBatch;
    Turn(WriteBatch& batch, std::unique_lock<std::mutex> lock, std::shared_ptr<SqlConnection> connection)
        : batch_(batch), lock_(std::move(lock)), connection_(std::move(connection)) {}

    WriteBatch& batch_;
    std::unique_lock<std::mutex> lock_;
    std::shared_ptr<SqlConnection> connection_;
    bool ended_ = false;
  };

  // Waits for the writer lock, joins the open transaction (or begins one) and sets this
  // writer's savepoint.
  std::unique_ptr<Turn> begin();

  // For tests and monitoring: writers waiting for a turn; batches finished so far.
  int waitingWriters() const { return waiting_.load(); }
  std::uint64_t finishedBatches() {
    std::lock_guard guard(outcomeMutex_);
    return lastFinished_;
  }

 private:
  // With the writer lock held, at the end of a turn that adds `keptTurn` (0 or 1) kept
  // turns: leaves the transaction open for a waiting writer, or commits it (rolls an empty
  // one back) and records the outcome. Releases the lock. Returns the turn's batch.
  std::uint64_t endTurn(std::unique_lock<std::mutex>& lock, int keptTurn);
  // Blocks until batch `id` is finished; throws StoreError{Unavailable} if it failed.
  void awaitOutcome(std::uint64_t id);

  ConnectionPool& pool_;
  Dialect dialect_;

  std::mutex writer_;            // held for a turn
  std::atomic<int> waiting_{0};  // writers in begin() that do not have the lock yet
  // Guarded by writer_: the open transaction between turns, its id and its kept turns.
  std::shared_ptr<SqlConnection> open_;
  std::uint64_t batchId_ = 0;
  int keptTurns_ = 0;

  std::mutex outcomeMutex_;
  std::condition_variable finished_;
  std::uint64_t lastFinished_ = 0;  // batches are finished in id order
  struct Failure {
    std::string message;
    int waiters;  // writers that have yet to read it
  };
  std::map<std::uint64_t, Failure> failures_;
};

}  // namespace caldav::storage::sql
