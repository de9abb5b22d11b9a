// Transaction behaviour of the store contract: rollback, snapshots, migrations, concurrency.
#include "StoreContract.h"

#include <chrono>
#include <exception>
#include <future>
#include <thread>

namespace caldav::storage::test {

void StoreContract::testWriteRollsBackWhenDestroyedWithoutCommit() {
  mkcol("/calendars/alice");
  const std::int64_t seqBefore = node("/calendars/alice").syncSeq;
  {
    auto txn = store().beginWrite({"alice"});
    txn->putResource("/calendars/alice/a.ics", "alice", "x", "", kNow);
    txn->createUser(UserRecord{"ghost", "h", kNow, ""});
    CPPUNIT_ASSERT(txn->findNode("/calendars/alice/a.ics"));  // visible inside the transaction
  }
  CPPUNIT_ASSERT(!exists("/calendars/alice/a.ics"));
  CPPUNIT_ASSERT(!store().beginRead()->findUser("ghost"));
  CPPUNIT_ASSERT_EQUAL(seqBefore, node("/calendars/alice").syncSeq);
  put("/calendars/alice/b.ics", "y");  // the store is still writable afterwards
  CPPUNIT_ASSERT(exists("/calendars/alice/b.ics"));
}

void StoreContract::testReopenRunsMigrationsOnceAndKeepsData() {
  mkcol("/calendars/alice");
  NodeRecord event = put("/calendars/alice/a.ics", "kept");
  reopen();
  reopen();
  CPPUNIT_ASSERT_EQUAL(event.id, node("/calendars/alice/a.ics").id);
  CPPUNIT_ASSERT_EQUAL(std::string("kept"), body("/calendars/alice/a.ics"));
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store().beginRead()->listChildren("/").size());
  // A second store on the same database at the same time is fine too.
  StorePtr second = openStore(url());
  CPPUNIT_ASSERT(second->beginRead()->findNode("/calendars/alice/a.ics").has_value());
}

void StoreContract::testReadTransactionSeesOneSnapshot() {
  mkcol("/calendars/alice");
  put("/calendars/alice/a.ics", "old");
  auto reader = store().beginRead();
  NodeRecord before = *reader->findNode("/calendars/alice/a.ics");
  put("/calendars/alice/a.ics", "new");
  put("/calendars/alice/b.ics", "new");
  CPPUNIT_ASSERT_EQUAL(before.etag, reader->findNode("/calendars/alice/a.ics")->etag);
  CPPUNIT_ASSERT_EQUAL(std::string("old"), reader->readBody(before.id));
  CPPUNIT_ASSERT(!reader->findNode("/calendars/alice/b.ics"));
  reader.reset();
  CPPUNIT_ASSERT_EQUAL(std::string("new"), body("/calendars/alice/a.ics"));
}

void StoreContract::testReaderIsNotBlockedByOpenWriter() {
  mkcol("/calendars/alice");
  put("/calendars/alice/a.ics", "committed");
  auto writer = store().beginWrite({"alice"});
  writer->putResource("/calendars/alice/a.ics", "alice", "uncommitted", "", kNow);
  writer->putResource("/calendars/alice/b.ics", "alice", "uncommitted", "", kNow);

  auto read = std::async(std::launch::async, [this] {
    auto reader = store().beginRead();
    auto found = reader->findNode("/calendars/alice/a.ics");
    return std::make_pair(reader->readBody(found->id), reader->findNode("/calendars/alice/b.ics").has_value());
  });
  const bool finished = read.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  if (!finished) {
    writer->commit();  // unblock the reader so the test can end
  }
  CPPUNIT_ASSERT_MESSAGE("reader blocked behind an open write transaction", finished);
  auto [content, seesNew] = read.get();
  CPPUNIT_ASSERT_EQUAL(std::string("committed"), content);
  CPPUNIT_ASSERT(!seesNew);
}

void StoreContract::testConcurrentWritersOnSameKeySerialize() {
  // Each writer reads the counter and writes counter + 1 inside one transaction: only if
  // writers sharing a key never interleave is the final value exact (no lost update).
  constexpr int kThreads = 3;
  constexpr int kIterations = 25;
  mkcol("/calendars/alice");
  put("/calendars/alice/counter", "0");
  auto increment = [this] {
    for (int i = 0; i < kIterations; ++i) {
      auto txn = store().beginWrite({"alice"});
      auto counter = txn->findNode("/calendars/alice/counter");
      const int value = std::stoi(txn->readBody(counter->id));
      std::this_thread::yield();
      txn->putResource("/calendars/alice/counter", "alice", std::to_string(value + 1), "text/plain", kNow);
      txn->commit();
    }
  };
  std::vector<std::future<void>> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.push_back(std::async(std::launch::async, increment));
  }
  for (auto& worker : workers) {
    worker.get();  // rethrows a worker's StoreError
  }
  CPPUNIT_ASSERT_EQUAL(std::to_string(kThreads * kIterations), body("/calendars/alice/counter"));
  CPPUNIT_ASSERT_EQUAL(std::int64_t{1 + kThreads * kIterations}, node("/calendars/alice").syncSeq);
}

// Many writers at once, some refused and some giving up: exactly the committed changes are
// stored, whatever way the backend groups writers (SQLite commits turns of several writers
// together: storage/sql/WriteBatch.h, whose own test covers failed statements).
void StoreContract::testConcurrentWritersKeepOthersChangesWhenOneFails() {
  constexpr int kThreads = 8;
  constexpr int kIterations = 30;
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/existing");
  const std::int64_t seqBefore = node("/calendars/alice").syncSeq;
  auto work = [this](int thread) {
    int committed = 0;
    for (int i = 0; i < kIterations; ++i) {
      const std::string path = "/calendars/alice/t" + std::to_string(thread) + "-" + std::to_string(i) + ".ics";
      auto txn = store().beginWrite({"alice"});
      txn->putResource(path, "alice", "body", "text/calendar", kNow);
      if (i % 3 == 1) continue;  // given up: destroyed without commit()
      if (i % 3 == 2) {  // refused by the store, then given up (as the write path does)
        CPPUNIT_ASSERT_THROW(txn->createCollection("/calendars/alice/existing", "", "alice", kNow), StoreError);
        continue;
      }
      txn->commit();
      ++committed;
    }
    return committed;
  };
  std::vector<std::future<int>> workers;
  for (int t = 0; t < kThreads; ++t) workers.push_back(std::async(std::launch::async, work, t));
  int committed = 0;
  for (auto& worker : workers) committed += worker.get();
  CPPUNIT_ASSERT_EQUAL(kThreads * kIterations / 3, committed);
  auto txn = store().beginRead();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kIterations; ++i) {
      const std::string path = "/calendars/alice/t" + std::to_string(t) + "-" + std::to_string(i) + ".ics";
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, i % 3 == 0, txn->findNode(path).has_value());
    }
  }
  CPPUNIT_ASSERT_EQUAL(seqBefore + committed, txn->findNode("/calendars/alice")->syncSeq);
  CPPUNIT_ASSERT_EQUAL(std::size_t(committed) + 1, txn->listChildren("/calendars/alice").size());
}

}  // namespace caldav::storage::test
