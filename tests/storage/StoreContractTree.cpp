// Tree and body behaviour of the store contract.
#include "StoreContract.h"

#include <vector>

namespace caldav::storage::test {
namespace {

std::vector<std::string> pathsOf(const std::vector<NodeRecord>& nodes) {
  std::vector<std::string> paths;
  for (const auto& node : nodes) {
    paths.push_back(node.path);
  }
  return paths;
}

}  // namespace

void StoreContract::testOpenCreatesFixedCollections() {
  for (const char* path : {"/", "/principals", "/principals/users", "/calendars"}) {
    NodeRecord fixed = node(path);
    CPPUNIT_ASSERT(fixed.isCollection);
    CPPUNIT_ASSERT_EQUAL(std::string(""), fixed.owner);
  }
  CPPUNIT_ASSERT_EQUAL(std::string(""), node("/").parent);
  CPPUNIT_ASSERT_EQUAL(std::string("/principals"), node("/principals/users").parent);
}

void StoreContract::testPutThenReadIsByteIdenticalIncludingBinary() {
  mkcol("/calendars/alice");
  std::string binary("a\0b\xff\xfe\r\n\x80 end", 13);
  for (int i = 0; i < 256; ++i) {
    binary += static_cast<char>(i);
  }
  NodeRecord stored = put("/calendars/alice/bin.ics", binary);
  CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(binary.size()), stored.size);
  CPPUNIT_ASSERT(body("/calendars/alice/bin.ics") == binary);
  CPPUNIT_ASSERT_EQUAL(std::string("text/calendar"), stored.contentType);
  CPPUNIT_ASSERT(!stored.isCollection);
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice"), stored.parent);

  put("/calendars/alice/empty.ics", "");
  CPPUNIT_ASSERT_EQUAL(std::string(""), body("/calendars/alice/empty.ics"));
  CPPUNIT_ASSERT_EQUAL(std::string(""), body("/calendars/alice"));  // collections have no body
}

void StoreContract::testEtagChangesWithBodyAndStaysForSameBody() {
  mkcol("/calendars/alice");
  NodeRecord first = put("/calendars/alice/a.ics", "one");
  CPPUNIT_ASSERT(first.etag.size() > 2 && first.etag.front() == '"' && first.etag.back() == '"');
  NodeRecord same = put("/calendars/alice/a.ics", "one");
  NodeRecord changed = put("/calendars/alice/a.ics", "two");
  CPPUNIT_ASSERT_EQUAL(first.etag, same.etag);
  CPPUNIT_ASSERT(first.etag != changed.etag);
  CPPUNIT_ASSERT_EQUAL(changed.etag, node("/calendars/alice/a.ics").etag);
  CPPUNIT_ASSERT_EQUAL(first.etag, put("/calendars/alice/b.ics", "one").etag);  // same body, same ETag
}

void StoreContract::testReplaceKeepsIdOwnerAndCreatedAt() {
  mkcol("/calendars/alice");
  NodeRecord first = put("/calendars/alice/a.ics", "one", "alice");
  auto txn = store().beginWrite({"bob"});
  NodeRecord replaced = txn->putResource("/calendars/alice/a.ics", "bob", "two", "text/plain", kNow + 60);
  txn->commit();
  CPPUNIT_ASSERT_EQUAL(first.id, replaced.id);
  CPPUNIT_ASSERT_EQUAL(std::string("alice"), replaced.owner);
  CPPUNIT_ASSERT_EQUAL(kNow, replaced.createdAt);
  CPPUNIT_ASSERT_EQUAL(kNow + 60, replaced.modifiedAt);
  CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), replaced.contentType);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, replaced.size);
}

void StoreContract::testPutWithMissingParentIsNotFound() {
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->putResource("/calendars/nobody/a.ics", "alice", "x", "", kNow));
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->createCollection("/calendars/nobody/cal", "", "alice", kNow));
}

void StoreContract::testPutBelowResourceOrOntoCollectionIsConflict() {
  mkcol("/calendars/alice");
  put("/calendars/alice/a.ics", "x");
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->putResource("/calendars/alice/a.ics/b", "alice", "x", "", kNow));
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->createCollection("/calendars/alice/a.ics/c", "", "alice", kNow));
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->putResource("/calendars/alice", "alice", "x", "", kNow));
}

void StoreContract::testCreateCollectionTwiceIsAlreadyExists() {
  NodeRecord created = mkcol("/calendars/alice");
  CPPUNIT_ASSERT(created.isCollection);
  CPPUNIT_ASSERT_EQUAL(std::string("calendar"), created.resourceType);
  CPPUNIT_ASSERT_EQUAL(std::string("alice"), created.owner);
  put("/calendars/alice/a.ics", "x");
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(AlreadyExists, txn->createCollection("/calendars/alice", "", "alice", kNow));
  CALDAV_ASSERT_STORE_ERROR(AlreadyExists, txn->createCollection("/calendars/alice/a.ics", "", "alice", kNow));
  // A precondition failure leaves the transaction usable.
  txn->createCollection("/calendars/alice/other", "", "alice", kNow);
  txn->commit();
  CPPUNIT_ASSERT(exists("/calendars/alice/other"));
}

void StoreContract::testListChildrenAndDescendantsWithSpecialNames() {
  mkcol("/calendars/a");
  mkcol("/calendars/a/b");
  put("/calendars/a/b/x.ics", "1");
  put("/calendars/a/b-sibling.ics", "2");  // '-' sorts before '/'
  put("/calendars/a/bc.ics", "3");         // shares the prefix "b"
  put("/calendars/a/b0.ics", "4");         // '0' sorts right after '/'
  put("/calendars/a/100%_done.ics", "5");  // LIKE wildcards
  put("/calendars/a/%.ics", "6");
  put("/calendars/a/_.ics", "7");
  put("/calendars/a/caf\xc3\xa9 \xe2\x98\x95.ics", "8");  // "café ☕"
  mkcol("/calendars/ab");
  put("/calendars/ab/y.ics", "9");

  auto txn = store().beginRead();
  const std::vector<std::string> children = pathsOf(txn->listChildren("/calendars/a"));
  const std::vector<std::string> expectedChildren = {
      "/calendars/a/%.ics",      "/calendars/a/100%_done.ics", "/calendars/a/_.ics", "/calendars/a/b",
      "/calendars/a/b-sibling.ics", "/calendars/a/b0.ics",     "/calendars/a/bc.ics",
      "/calendars/a/caf\xc3\xa9 \xe2\x98\x95.ics"};
  CPPUNIT_ASSERT(children == expectedChildren);
  CPPUNIT_ASSERT(pathsOf(txn->listDescendants("/calendars/a/b")) ==
                 std::vector<std::string>{"/calendars/a/b/x.ics"});
  CPPUNIT_ASSERT(pathsOf(txn->listDescendants("/calendars/a/b0.ics")).empty());
  auto below = pathsOf(txn->listDescendants("/calendars/a"));
  CPPUNIT_ASSERT_EQUAL(std::size_t{9}, below.size());
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/a/b/x.ics"), below[5]);  // after "b-sibling"
  auto all = pathsOf(txn->listDescendants("/"));
  CPPUNIT_ASSERT_EQUAL(std::size_t{3 + 2 + 9 + 1}, all.size());  // fixed (no root), a, ab, theirs
  CPPUNIT_ASSERT(txn->listChildren("/calendars/a/%.ics").empty());
  // Pages in path order, each starting after the last path of the previous one.
  std::vector<std::string> paged;
  std::string after;
  for (;;) {
    auto page = pathsOf(txn->listChildrenPage("/calendars/a", after, 3));
    CPPUNIT_ASSERT(page.size() <= 3);
    if (page.empty()) break;
    paged.insert(paged.end(), page.begin(), page.end());
    after = page.back();
  }
  CPPUNIT_ASSERT(paged == expectedChildren);
  CPPUNIT_ASSERT(pathsOf(txn->listChildrenPage("/calendars/a", "/calendars/a/bc.ics", 100)) ==
                 std::vector<std::string>{"/calendars/a/caf\xc3\xa9 \xe2\x98\x95.ics"});
}

void StoreContract::testDeleteTreeRemovesSubtreePropertiesAndLocks() {
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/cal");
  NodeRecord event = put("/calendars/alice/cal/e.ics", "e");
  put("/calendars/alicex.ics", "keep");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setProperty(event.id, DeadProperty{"urn:x", "color", "<x:color xmlns:x=\"urn:x\">red</x:color>"});
    txn->putLock(LockRecord{"urn:uuid:1", "/calendars/alice/cal", true, true, "", "alice", 60, kNow + 60});
    txn->putLock(LockRecord{"urn:uuid:2", "/calendars/alice", false, true, "", "alice", 60, kNow + 60});
    txn->putLock(LockRecord{"urn:uuid:3", "/calendars/alicex.ics", false, true, "", "alice", 60, kNow + 60});
    txn->commit();
  }
  auto txn = store().beginWrite({"alice"});
  txn->deleteTree("/calendars/alice", kNow);
  CPPUNIT_ASSERT(!txn->findNode("/calendars/alice/cal/e.ics"));
  CPPUNIT_ASSERT(!txn->findNode("/calendars/alice"));
  CPPUNIT_ASSERT(txn->properties(event.id).empty());
  CPPUNIT_ASSERT(!txn->findLock("urn:uuid:1", kNow));
  CPPUNIT_ASSERT(!txn->findLock("urn:uuid:2", kNow));
  CPPUNIT_ASSERT(txn->findLock("urn:uuid:3", kNow));
  CPPUNIT_ASSERT(txn->findNode("/calendars/alicex.ics"));
  txn->commit();
  CPPUNIT_ASSERT(!exists("/calendars/alice/cal"));
}

void StoreContract::testDeleteMissingIsNotFound() {
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->deleteTree("/calendars/nothing", kNow));
}

void StoreContract::testReadBodyOfMissingNodeIsNotFound() {
  CALDAV_ASSERT_STORE_ERROR(NotFound, store().beginRead()->readBody(987654321));
}

void StoreContract::testBatchedBodiesAndPropertiesById() {
  mkcol("/calendars/alice");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 1200; ++i) {  // more than one IN (…) batch
    ids.push_back(put("/calendars/alice/e" + std::to_string(i) + ".ics", "body " + std::to_string(i)).id);
  }
  {
    auto txn = store().beginWrite({"alice"});
    txn->setProperty(ids[7], DeadProperty{"urn:x", "b", "<b/>"});
    txn->setProperty(ids[7], DeadProperty{"urn:x", "a", "<a/>"});
    txn->setProperty(ids[1100], DeadProperty{"urn:y", "c", "<c/>"});
    txn->commit();
  }
  auto txn = store().beginRead();
  std::vector<std::int64_t> asked = ids;
  asked.push_back(987654321);  // absent: left out
  auto bodies = txn->readBodies(asked);
  CPPUNIT_ASSERT_EQUAL(ids.size(), bodies.size());
  CPPUNIT_ASSERT_EQUAL(std::string("body 0"), bodies.at(ids[0]));
  CPPUNIT_ASSERT_EQUAL(std::string("body 1199"), bodies.at(ids[1199]));
  auto properties = txn->propertiesOf(asked);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, properties.size());  // only nodes that have any
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, properties.at(ids[7]).size());
  CPPUNIT_ASSERT_EQUAL(std::string("a"), properties.at(ids[7])[0].name);  // ordered by ns, name
  CPPUNIT_ASSERT_EQUAL(std::string("<c/>"), properties.at(ids[1100])[0].valueXml);
  CPPUNIT_ASSERT(txn->readBodies({}).empty());
}

void StoreContract::testPropertiesSetReplaceRemove() {
  NodeRecord cal = mkcol("/calendars/alice");
  auto txn = store().beginWrite({"alice"});
  txn->setProperty(cal.id, DeadProperty{"urn:z", "b", "<b/>"});
  txn->setProperty(cal.id, DeadProperty{"urn:a", "z", "<z/>"});
  txn->setProperty(cal.id, DeadProperty{"urn:a", "a", "<a>1</a>"});
  txn->setProperty(cal.id, DeadProperty{"urn:a", "a", "<a>2</a>"});
  txn->removeProperty(cal.id, "urn:z", "b");
  txn->removeProperty(cal.id, "urn:none", "absent");
  txn->commit();
  auto props = store().beginRead()->properties(cal.id);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, props.size());
  CPPUNIT_ASSERT_EQUAL(std::string("a"), props[0].name);
  CPPUNIT_ASSERT_EQUAL(std::string("<a>2</a>"), props[0].valueXml);
  CPPUNIT_ASSERT_EQUAL(std::string("z"), props[1].name);
}

}  // namespace caldav::storage::test
