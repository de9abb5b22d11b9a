// Change log, user and lock behaviour of the store contract.
#include "StoreContract.h"

namespace caldav::storage::test {

void StoreContract::testMutationsAppendToParentLogAndAdvanceSyncSeq() {
  NodeRecord cal = mkcol("/calendars/alice");
  CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, cal.syncSeq);
  const std::int64_t homeSeq = node("/calendars").syncSeq;
  CPPUNIT_ASSERT(homeSeq > 0);  // creating alice's collection was logged in /calendars

  put("/calendars/alice/a.ics", "1");
  NodeRecord afterPut = node("/calendars/alice");
  CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, afterPut.syncSeq);
  CPPUNIT_ASSERT(afterPut.etag != cal.etag);  // a collection's ETag follows its members
  {
    auto txn = store().beginWrite({"alice"});
    txn->deleteTree("/calendars/alice/a.ics", kNow + 10);
    txn->commit();
  }
  NodeRecord afterDelete = node("/calendars/alice");
  CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, afterDelete.syncSeq);
  CPPUNIT_ASSERT_EQUAL(kNow + 10, afterDelete.modifiedAt);

  auto changes = store().beginRead()->changesSince(cal.id, 0, 100);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, changes.size());
  CPPUNIT_ASSERT_EQUAL(std::string("a.ics"), changes[0].member);
  CPPUNIT_ASSERT(changes[0].isDeleted);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, changes[0].seq);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, store().beginRead()->oldestRetainedSeq(cal.id));
}

void StoreContract::testChangesSinceReturnsLatestEntryPerMember() {
  NodeRecord cal = mkcol("/calendars/alice");
  put("/calendars/alice/a.ics", "1");  // seq 1
  put("/calendars/alice/b.ics", "1");  // seq 2
  put("/calendars/alice/a.ics", "2");  // seq 3
  put("/calendars/alice/c.ics", "1");  // seq 4
  auto txn = store().beginRead();
  auto all = txn->changesSince(cal.id, 0, 100);
  CPPUNIT_ASSERT_EQUAL(std::size_t{3}, all.size());
  CPPUNIT_ASSERT_EQUAL(std::string("b.ics"), all[0].member);
  CPPUNIT_ASSERT_EQUAL(std::string("a.ics"), all[1].member);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, all[1].seq);
  CPPUNIT_ASSERT_EQUAL(std::string("c.ics"), all[2].member);
  auto recent = txn->changesSince(cal.id, 3, 100);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, recent.size());
  CPPUNIT_ASSERT_EQUAL(std::string("c.ics"), recent[0].member);
  CPPUNIT_ASSERT(txn->changesSince(cal.id, 4, 100).empty());
}

void StoreContract::testChangesSinceHonoursLimit() {
  NodeRecord cal = mkcol("/calendars/alice");
  for (int i = 0; i < 5; ++i) {
    put("/calendars/alice/" + std::to_string(i) + ".ics", "x");
  }
  auto txn = store().beginRead();
  auto page = txn->changesSince(cal.id, 0, 2);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, page.size());
  CPPUNIT_ASSERT_EQUAL(std::string("1.ics"), page[1].member);
  auto rest = txn->changesSince(cal.id, page.back().seq, static_cast<std::size_t>(-1));
  CPPUNIT_ASSERT_EQUAL(std::size_t{3}, rest.size());
}

void StoreContract::testMoveLogsDeleteInOldParentAndAddInNewParent() {
  NodeRecord source = mkcol("/calendars/src");
  NodeRecord target = mkcol("/calendars/dst");
  put("/calendars/src/e.ics", "e");
  {
    auto txn = store().beginWrite({"alice"});
    txn->moveTree("/calendars/src/e.ics", "/calendars/dst/f.ics", kNow);
    txn->commit();
  }
  auto txn = store().beginRead();
  auto removed = txn->changesSince(source.id, 0, 100);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, removed.size());
  CPPUNIT_ASSERT(removed[0].isDeleted);
  CPPUNIT_ASSERT_EQUAL(std::string("e.ics"), removed[0].member);
  auto added = txn->changesSince(target.id, 0, 100);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, added.size());
  CPPUNIT_ASSERT(!added[0].isDeleted);
  CPPUNIT_ASSERT_EQUAL(std::string("f.ics"), added[0].member);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, txn->findNode("/calendars/dst")->syncSeq);
}

void StoreContract::testUsersCreateDuplicateAndSetPasswordHash() {
  {
    auto txn = store().beginWrite({"alice"});
    txn->createUser(UserRecord{"alice", "hash1", kNow, ""});
    txn->createUser(UserRecord{"Bob", "hash2", kNow, ""});
    CALDAV_ASSERT_STORE_ERROR(AlreadyExists, txn->createUser(UserRecord{"alice", "other", kNow, ""}));
    CALDAV_ASSERT_STORE_ERROR(NotFound, txn->setPasswordHash("nobody", "x"));
    txn->setPasswordHash("alice", "hash3");
    txn->commit();
  }
  auto txn = store().beginRead();
  auto alice = txn->findUser("alice");
  CPPUNIT_ASSERT(alice.has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("hash3"), alice->passwordHash);
  CPPUNIT_ASSERT_EQUAL(kNow, alice->createdAt);
  CPPUNIT_ASSERT(!txn->findUser("ALICE"));
  auto users = txn->listUsers();
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, users.size());
  CPPUNIT_ASSERT_EQUAL(std::string("Bob"), users[0].name);  // byte order
}

void StoreContract::testUserEmailIsStoredListedAndReplaced() {
  {
    auto txn = store().beginWrite({"alice"});
    txn->createUser(UserRecord{"alice", "h", kNow, "alice@example.org"});
    txn->createUser(UserRecord{"bob", "h", kNow, ""});  // no address: stored as ""
    CALDAV_ASSERT_STORE_ERROR(NotFound, txn->setUserEmail("nobody", "x@example.org"));
    txn->commit();
  }
  {
    auto txn = store().beginRead();
    CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), txn->findUser("alice")->email);
    CPPUNIT_ASSERT_EQUAL(std::string(""), txn->findUser("bob")->email);
    auto users = txn->listUsers();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, users.size());
    CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), users[0].email);
  }
  {
    auto txn = store().beginWrite({"bob"});
    txn->setUserEmail("bob", "Bob.Smith@example.org");
    txn->commit();
  }
  auto txn = store().beginRead();
  CPPUNIT_ASSERT_EQUAL(std::string("Bob.Smith@example.org"), txn->findUser("bob")->email);
  CPPUNIT_ASSERT_EQUAL(std::string("h"), txn->findUser("bob")->passwordHash);  // nothing else changed
}

void StoreContract::testLocksCoveringIncludesSelfAndDeepAncestorsOnly() {
  auto txn = store().beginWrite({"alice"});
  txn->putLock(LockRecord{"urn:uuid:root", "/", true, false, "<D:owner/>", "admin", 60, kNow + 60});
  txn->putLock(LockRecord{"urn:uuid:shallow", "/calendars", false, true, "", "alice", 60, kNow + 60});
  txn->putLock(LockRecord{"urn:uuid:deep", "/calendars/alice", true, true, "", "alice", 60, kNow + 60});
  txn->putLock(LockRecord{"urn:uuid:self", "/calendars/alice/a.ics", false, true, "", "alice", 60, kNow + 60});
  txn->putLock(LockRecord{"urn:uuid:prefix", "/calendars/ali", true, true, "", "alice", 60, kNow + 60});
  txn->commit();

  auto read = store().beginRead();
  auto covering = read->locksCovering("/calendars/alice/a.ics", kNow);
  CPPUNIT_ASSERT_EQUAL(std::size_t{3}, covering.size());
  CPPUNIT_ASSERT_EQUAL(std::string("urn:uuid:root"), covering[0].token);
  CPPUNIT_ASSERT_EQUAL(std::string("urn:uuid:deep"), covering[1].token);
  CPPUNIT_ASSERT_EQUAL(std::string("urn:uuid:self"), covering[2].token);
  CPPUNIT_ASSERT_EQUAL(std::string("<D:owner/>"), covering[0].ownerXml);
  CPPUNIT_ASSERT(covering[0].isDeep && !covering[0].isExclusive);
  auto onCalendars = read->locksCovering("/calendars", kNow);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, onCalendars.size());  // root (deep) and its own
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, read->locksCovering("/", kNow).size());
}

void StoreContract::testLocksBelowAndExpiry() {
  auto txn = store().beginWrite({"alice"});
  txn->putLock(LockRecord{"urn:uuid:a", "/calendars/alice", false, true, "", "alice", 60, kNow + 60});
  txn->putLock(LockRecord{"urn:uuid:b", "/calendars/alice/x.ics", false, true, "", "alice", 60, kNow + 60});
  txn->putLock(LockRecord{"urn:uuid:c", "/calendars/alice/y.ics", false, true, "", "alice", 10, kNow + 10});
  txn->putLock(LockRecord{"urn:uuid:d", "/calendars/alice_b/z.ics", false, true, "", "alice", 60, kNow + 60});
  txn->commit();

  auto read = store().beginRead();
  auto below = read->locksBelow("/calendars/alice", kNow);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, below.size());
  CPPUNIT_ASSERT_EQUAL(std::string("urn:uuid:b"), below[0].token);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, read->locksBelow("/calendars/alice", kNow + 10).size());  // c expired
  CPPUNIT_ASSERT(read->findLock("urn:uuid:c", kNow + 9).has_value());
  CPPUNIT_ASSERT(!read->findLock("urn:uuid:c", kNow + 10).has_value());
  CPPUNIT_ASSERT(read->locksCovering("/calendars/alice/y.ics", kNow + 10).empty());
  CPPUNIT_ASSERT_EQUAL(std::size_t{4}, read->locksBelow("/", kNow).size());
}

void StoreContract::testPutLockReplacesByToken() {
  {
    auto txn = store().beginWrite({"alice"});
    txn->putLock(LockRecord{"urn:uuid:a", "/calendars", false, true, "", "alice", 60, kNow + 60});
    txn->putLock(LockRecord{"urn:uuid:a", "/calendars", false, true, "", "alice", 600, kNow + 600});
    txn->commit();
  }
  auto lock = store().beginRead()->findLock("urn:uuid:a", kNow + 300);
  CPPUNIT_ASSERT(lock.has_value());
  CPPUNIT_ASSERT_EQUAL(std::int64_t{600}, lock->timeoutSeconds);
  {
    auto txn = store().beginWrite({"alice"});
    txn->removeLock("urn:uuid:a");
    txn->removeLock("urn:uuid:absent");
    txn->commit();
  }
  CPPUNIT_ASSERT(!store().beginRead()->findLock("urn:uuid:a", kNow));
}

}  // namespace caldav::storage::test
