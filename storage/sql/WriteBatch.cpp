#include "storage/sql/WriteBatch.h"

#include "storage/StoreError.h"

namespace caldav::storage::sql {

std::unique_ptr<WriteBatch::Turn> WriteBatch::begin() {
  ++waiting_;
  std::unique_lock lock(writer_);
  --waiting_;
  if (!open_) {
    // No turn is pending, so a failure here concerns this writer alone.
    auto connection = std::make_shared<SqlConnection>(pool_.acquire(), dialect_);
    connection->beginWrite();
    open_ = std::move(connection);
    ++batchId_;
    keptTurns_ = 0;
  }
  try {
    open_->savepoint();
  } catch (...) {
    endTurn(lock, 0);
    throw;
  }
  return std::unique_ptr<Turn>(new Turn(*this, std::move(lock), open_));
}

WriteBatch::Turn::~Turn() {
  if (ended_) return;
  try {
    connection_->rollbackToSavepointQuietly();
    batch_.endTurn(lock_, 0);
  } catch (...) {
    // endTurn records failures instead of throwing; nothing else is left to do here.
  }
}

void WriteBatch::Turn::commit() {
  if (ended_) throw StoreError(StoreError::Code::Unavailable, "the write transaction has already ended");
  connection_->releaseSavepoint();  // throws if a statement failed; ~Turn then rolls back
  ended_ = true;
  batch_.awaitOutcome(batch_.endTurn(lock_, 1));
}

std::uint64_t WriteBatch::endTurn(std::unique_lock<std::mutex>& lock, int keptTurn) {
  keptTurns_ += keptTurn;
  const std::uint64_t id = batchId_;
  const bool usable = open_->isTransactionOpen();
  if (usable && waiting_.load() > 0 && keptTurns_ < kMaxTurns) {
    lock.unlock();  // the waiting writer continues this transaction and ends it later
    return id;
  }
  std::optional<std::string> failure;
  if (keptTurns_ == 0) {
    open_->rollbackQuietly();
  } else if (!usable) {
    failure = "the database ended the transaction after an error";
    open_->rollbackQuietly();
  } else {
    try {
      open_->commit();
    } catch (const std::exception& error) {
      failure = error.what();
      // At once, not when the last turn lets go of the connection: a failed COMMIT leaves
      // the transaction, and SQLite's write lock, open.
      open_->rollbackQuietly();
    }
  }
  const int waiters = keptTurns_;
  open_.reset();
  keptTurns_ = 0;
  {
    std::lock_guard guard(outcomeMutex_);
    lastFinished_ = id;
    if (failure && waiters > 0) failures_[id] = Failure{*failure, waiters};
  }
  finished_.notify_all();
  lock.unlock();
  return id;
}

void WriteBatch::awaitOutcome(std::uint64_t id) {
  std::unique_lock guard(outcomeMutex_);
  finished_.wait(guard, [&] { return lastFinished_ >= id; });
  auto it = failures_.find(id);
  if (it == failures_.end()) return;
  const std::string message = it->second.message;
  if (--it->second.waiters == 0) failures_.erase(it);
  throw StoreError(StoreError::Code::Unavailable, "commit failed: " + message);
}

}  // namespace caldav::storage::sql
