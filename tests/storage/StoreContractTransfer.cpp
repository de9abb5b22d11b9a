// Copy and move behaviour of the store contract.
#include "StoreContract.h"

namespace caldav::storage::test {

void StoreContract::testShallowCopyCopiesCollectionAndPropertiesOnly() {
  NodeRecord cal = mkcol("/calendars/alice");
  put("/calendars/alice/a.ics", "a");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setProperty(cal.id, DeadProperty{"urn:x", "color", "<x:color xmlns:x=\"urn:x\">red</x:color>"});
    txn->copyTree("/calendars/alice", "/calendars/copy", false, "bob", kNow);
    txn->commit();
  }
  NodeRecord copy = node("/calendars/copy");
  CPPUNIT_ASSERT(copy.isCollection);
  CPPUNIT_ASSERT(copy.id != cal.id);
  CPPUNIT_ASSERT_EQUAL(std::string("bob"), copy.owner);
  CPPUNIT_ASSERT_EQUAL(std::string("calendar"), copy.resourceType);
  auto txn = store().beginRead();
  CPPUNIT_ASSERT(txn->listChildren("/calendars/copy").empty());
  auto props = txn->properties(copy.id);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, props.size());
  CPPUNIT_ASSERT_EQUAL(std::string("color"), props[0].name);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->properties(cal.id).size());  // source untouched
}

void StoreContract::testDeepCopyCopiesBodiesEtagsAndProperties() {
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/cal");
  NodeRecord event = put("/calendars/alice/cal/e.ics", std::string("bin\0ary", 7));
  {
    auto txn = store().beginWrite({"alice"});
    txn->setProperty(event.id, DeadProperty{"urn:x", "p", "<x:p xmlns:x=\"urn:x\"/>"});
    txn->putLock(LockRecord{"urn:uuid:l", "/calendars/alice/cal", true, true, "", "alice", 60, kNow + 60});
    txn->copyTree("/calendars/alice", "/calendars/bob", true, "bob", kNow + 5);
    txn->commit();
  }
  NodeRecord copied = node("/calendars/bob/cal/e.ics");
  CPPUNIT_ASSERT(copied.id != event.id);
  CPPUNIT_ASSERT_EQUAL(event.etag, copied.etag);
  CPPUNIT_ASSERT_EQUAL(std::string("bob"), copied.owner);
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/bob/cal"), copied.parent);
  CPPUNIT_ASSERT(body("/calendars/bob/cal/e.ics") == std::string("bin\0ary", 7));
  auto txn = store().beginRead();
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->properties(copied.id).size());
  CPPUNIT_ASSERT(txn->locksCovering("/calendars/bob/cal/e.ics", kNow).empty());  // locks are not copied
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->locksCovering("/calendars/alice/cal/e.ics", kNow).size());
  CPPUNIT_ASSERT(txn->findNode("/calendars/alice/cal/e.ics"));
  // The copied collection's log lists its members, so sync from its first token works.
  NodeRecord copiedCal = node("/calendars/bob/cal");
  auto changes = txn->changesSince(copiedCal.id, 0, 100);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, changes.size());
  CPPUNIT_ASSERT_EQUAL(std::string("e.ics"), changes[0].member);
}

void StoreContract::testCopyOrMoveOntoExistingIsAlreadyExists() {
  mkcol("/calendars/alice");
  put("/calendars/alice/a.ics", "a");
  put("/calendars/alice/b.ics", "b");
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(AlreadyExists,
                            txn->copyTree("/calendars/alice/a.ics", "/calendars/alice/b.ics", true, "alice", kNow));
  CALDAV_ASSERT_STORE_ERROR(AlreadyExists, txn->moveTree("/calendars/alice/a.ics", "/calendars/alice/b.ics", kNow));
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->moveTree("/calendars/alice/none.ics", "/calendars/alice/c.ics", kNow));
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->copyTree("/calendars/alice/a.ics", "/calendars/x/c.ics", true, "", kNow));
  CALDAV_ASSERT_STORE_ERROR(Conflict,
                            txn->copyTree("/calendars/alice/a.ics", "/calendars/alice/b.ics/c", true, "", kNow));
}

void StoreContract::testCopyOrMoveIntoItselfIsConflict() {
  mkcol("/calendars/alice");
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->copyTree("/calendars/alice", "/calendars/alice/sub", true, "", kNow));
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->moveTree("/calendars/alice", "/calendars/alice/sub", kNow));
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->moveTree("/", "/x", kNow));
}

void StoreContract::testMoveKeepsIdsEtagsPropertiesAndDropsLocks() {
  NodeRecord cal = mkcol("/calendars/alice");
  mkcol("/calendars/alice/cal");
  NodeRecord event = put("/calendars/alice/cal/e.ics", "event");
  put("/calendars/alice2.ics", "not below alice");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setProperty(event.id, DeadProperty{"urn:x", "p", "<p/>"});
    txn->putLock(LockRecord{"urn:uuid:in", "/calendars/alice/cal/e.ics", false, true, "", "alice", 60, kNow + 60});
    txn->putLock(LockRecord{"urn:uuid:out", "/calendars/alice2.ics", false, true, "", "alice", 60, kNow + 60});
    txn->moveTree("/calendars/alice", "/principals/moved", kNow + 1);
    txn->commit();
  }
  CPPUNIT_ASSERT(!exists("/calendars/alice"));
  CPPUNIT_ASSERT(!exists("/calendars/alice/cal/e.ics"));
  NodeRecord moved = node("/principals/moved/cal/e.ics");
  CPPUNIT_ASSERT_EQUAL(event.id, moved.id);
  CPPUNIT_ASSERT_EQUAL(event.etag, moved.etag);
  CPPUNIT_ASSERT_EQUAL(std::string("/principals/moved/cal"), moved.parent);
  CPPUNIT_ASSERT_EQUAL(cal.id, node("/principals/moved").id);
  CPPUNIT_ASSERT_EQUAL(std::string("/principals"), node("/principals/moved").parent);
  CPPUNIT_ASSERT_EQUAL(std::string("event"), body("/principals/moved/cal/e.ics"));
  auto txn = store().beginRead();
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->properties(event.id).size());
  CPPUNIT_ASSERT(!txn->findLock("urn:uuid:in", kNow));
  CPPUNIT_ASSERT(txn->findLock("urn:uuid:out", kNow));
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice2.ics"), node("/calendars/alice2.ics").path);
}

void StoreContract::testMoveRewritesNonAsciiSubtree() {
  const std::string from = "/calendars/caf\xc3\xa9-\xe2\x98\x95";  // "café-☕"
  const std::string to = "/calendars/\xe6\x97\xa5\xe6\x9c\xac";    // "日本"
  mkcol(from);
  mkcol(from + "/%_x");
  put(from + "/%_x/\xc3\xbc.ics", "u");
  {
    auto txn = store().beginWrite({"alice"});
    txn->moveTree(from, to, kNow);
    txn->commit();
  }
  NodeRecord moved = node(to + "/%_x/\xc3\xbc.ics");
  CPPUNIT_ASSERT_EQUAL(to + "/%_x", moved.parent);
  CPPUNIT_ASSERT_EQUAL(to, node(to + "/%_x").parent);
  auto txn = store().beginRead();
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, txn->listDescendants(to).size());
  CPPUNIT_ASSERT(txn->listDescendants(from).empty());
}

}  // namespace caldav::storage::test
