// WriteBatch (SQLite group commit): turns of several writers share one transaction; a turn
// whose statement fails is undone alone; each commit() returns once its batch is committed.
#include "storage/StoreError.h"
#include "storage/sql/WriteBatch.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

namespace caldav::storage::test {

using sql::arg;
using sql::into;

class WriteBatchTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WriteBatchTest);
  CPPUNIT_TEST(testTurnsOfWaitingWritersShareOneCommit);
  CPPUNIT_TEST(testFailedTurnIsUndoneAloneAndItsCommitThrows);
  CPPUNIT_TEST(testLoneWriterCommitsAtOnceAndGivingUpLeavesNothing);
  CPPUNIT_TEST(testFailedBatchCommitFailsEveryWriterOfTheBatch);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "caldav-batch-XXXXXX").string();
    CPPUNIT_ASSERT(::mkdtemp(pattern.data()) != nullptr);
    directory_ = pattern;
    pool_ = std::make_unique<sql::ConnectionPool>(dialect_, (directory_ / "db").string(), 4);
    batch_ = std::make_unique<sql::WriteBatch>(*pool_, dialect_);
    sql::SqlConnection setup(pool_->acquire(), dialect_);
    setup.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    // A deferred foreign key is checked at COMMIT: the way to make a batch's COMMIT fail.
    setup.exec("CREATE TABLE child (t_id INTEGER REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED)");
  }

  void tearDown() override {
    batch_.reset();
    pool_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  void testTurnsOfWaitingWritersShareOneCommit() {
    auto first = batch_->begin();
    insert(*first, 1);
    auto second = std::async(std::launch::async, [this] {
      auto turn = batch_->begin();  // waits for the first turn to end
      insert(*turn, 2);
      turn->commit();
    });
    waitForWaiter();
    auto firstCommit = std::async(std::launch::async, [&first] { first->commit(); });
    second.get();
    firstCommit.get();
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, batch_->finishedBatches());  // one COMMIT for both
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, rows());
  }

  void testFailedTurnIsUndoneAloneAndItsCommitThrows() {
    auto first = batch_->begin();
    insert(*first, 1);
    auto failing = std::async(std::launch::async, [this] {
      auto turn = batch_->begin();
      insert(*turn, 3);
      CPPUNIT_ASSERT_THROW(insert(*turn, 1), StoreError);  // taken by the first turn
      CPPUNIT_ASSERT_THROW(turn->commit(), StoreError);
      // destroyed: rolled back to its savepoint, row 3 included
    });
    waitForWaiter();
    auto firstCommit = std::async(std::launch::async, [&first] { first->commit(); });
    failing.get();
    firstCommit.get();  // the first turn's row survives the second turn's failure
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, batch_->finishedBatches());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rows());
    auto next = batch_->begin();  // and the batch goes on normally
    insert(*next, 3);
    next->commit();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, rows());
  }

  void testLoneWriterCommitsAtOnceAndGivingUpLeavesNothing() {
    {
      auto turn = batch_->begin();
      insert(*turn, 1);
      turn->commit();  // nobody waiting: committed before commit() returns
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rows());
    {
      auto turn = batch_->begin();
      insert(*turn, 2);
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rows());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, batch_->finishedBatches());
  }

  // The COMMIT of a batch fails (a deferred foreign key): both writers of the batch get the
  // error, neither's changes are stored, and the next writer is not blocked by what is left.
  void testFailedBatchCommitFailsEveryWriterOfTheBatch() {
    auto first = batch_->begin();
    insert(*first, 1);
    auto second = std::async(std::launch::async, [this] {
      auto turn = batch_->begin();
      turn->connection()->exec("INSERT INTO child (t_id) VALUES (?)", arg(Poco::Int64{99}));  // no such t
      CPPUNIT_ASSERT_THROW(turn->commit(), StoreError);
    });
    waitForWaiter();
    auto firstCommit = std::async(std::launch::async, [&first] { first->commit(); });
    second.get();
    CPPUNIT_ASSERT_THROW(firstCommit.get(), StoreError);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, rows());
    auto next = std::async(std::launch::async, [this] {
      auto turn = batch_->begin();
      insert(*turn, 2);
      turn->commit();
    });
    CPPUNIT_ASSERT_MESSAGE("the next writer is blocked",
                           next.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    next.get();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rows());
  }

 private:
  static void insert(sql::WriteBatch::Turn& turn, Poco::Int64 id) {
    turn.connection()->exec("INSERT INTO t (id) VALUES (?)", arg(id));
  }

  std::size_t rows() {
    sql::SqlConnection reader(pool_->acquire(), dialect_);
    reader.beginRead();
    std::vector<Poco::Int64> ids;
    reader.exec("SELECT id FROM t", into(ids));
    reader.commit();
    return ids.size();
  }

  void waitForWaiter() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (batch_->waitingWriters() == 0) {
      CPPUNIT_ASSERT_MESSAGE("no writer came to wait", std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  sql::Dialect dialect_{sql::Dialect::Kind::Sqlite};
  std::filesystem::path directory_;
  std::unique_ptr<sql::ConnectionPool> pool_;
  std::unique_ptr<sql::WriteBatch> batch_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WriteBatchTest, "unit");

}  // namespace caldav::storage::test
