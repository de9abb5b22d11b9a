// Store id, batched reads and schema upgrades of the store contract.
#include "StoreContract.h"

#include "storage/sql/SqlStore.h"

#include <algorithm>
#include <cctype>

namespace caldav::storage::test {

void StoreContract::testStoreIdIsStableAcrossReopen() {
  const std::string id = store().beginRead()->storeId();
  CPPUNIT_ASSERT_EQUAL(std::size_t{32}, id.size());
  CPPUNIT_ASSERT(
      std::all_of(id.begin(), id.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }));
  CPPUNIT_ASSERT_EQUAL(id, store().beginWrite({"alice"})->storeId());
  reopen();
  CPPUNIT_ASSERT_EQUAL(id, store().beginRead()->storeId());
}

void StoreContract::testFindNodesKeepsOrderAndSkipsAbsentPaths() {  // and findNodesByIds
  constexpr int kResources = 600;  // with the absent paths, more than one batch of lookups
  mkcol("/calendars/alice");
  {
    auto txn = store().beginWrite({"alice"});
    for (int i = 0; i < kResources; ++i) {
      txn->putResource("/calendars/alice/" + std::to_string(i) + ".ics", "alice", "x", "text/calendar", kNow);
    }
    txn->commit();
  }
  std::vector<std::string> paths = {"/calendars", "/calendars/alice/missing.ics"};
  std::vector<std::string> expected = {"/calendars"};
  for (int i = kResources - 1; i >= 0; --i) {  // reverse order: not the database's order
    const std::string path = "/calendars/alice/" + std::to_string(i) + ".ics";
    paths.push_back(path);
    expected.push_back(path);
    paths.push_back(path + ".absent");
  }
  paths.push_back("/calendars/alice/7.ics");  // asked twice, returned twice
  expected.push_back("/calendars/alice/7.ics");

  auto nodes = store().beginRead()->findNodes(paths);
  CPPUNIT_ASSERT_EQUAL(expected.size(), nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    CPPUNIT_ASSERT_EQUAL(expected[i], nodes[i].path);
  }
  CPPUNIT_ASSERT(nodes[0].isCollection);
  CPPUNIT_ASSERT_EQUAL(std::string("alice"), nodes[1].owner);
  CPPUNIT_ASSERT(store().beginRead()->findNodes({}).empty());

  // The same by id: the ids of `nodes` reversed, with absent ids in between.
  std::vector<std::int64_t> ids;
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    ids.push_back(it->id);
    ids.push_back(-it->id);
  }
  auto byId = store().beginRead()->findNodesByIds(ids);
  CPPUNIT_ASSERT_EQUAL(nodes.size(), byId.size());
  for (std::size_t i = 0; i < byId.size(); ++i) {
    CPPUNIT_ASSERT_EQUAL(nodes[nodes.size() - 1 - i].path, byId[i].path);
  }
  CPPUNIT_ASSERT(store().beginRead()->findNodesByIds({}).empty());
}

// IN (…) lists are padded to a few fixed lengths (storage/sql/IndexReads.cpp): whatever the
// number of keys, each lookup returns exactly the nodes, bodies and properties asked for, and
// the lookups that read bodies along give the same nodes and the same bodies as readBodies.
void StoreContract::testBatchedLookupsAreExactForEveryListLength() {
  mkcol("/calendars/alice");
  std::vector<NodeRecord> all;
  {
    auto txn = store().beginWrite({"alice"});
    for (int i = 0; i < 520; ++i) {
      const std::string path = "/calendars/alice/" + std::to_string(i) + ".ics";
      all.push_back(txn->putResource(path, "alice", "body " + std::to_string(i), "text/calendar", kNow));
      txn->setProperty(all.back().id, DeadProperty{"urn:x", "p", "<p>" + std::to_string(i) + "</p>"});
    }
    txn->commit();
  }
  auto txn = store().beginRead();
  for (std::size_t count : {1, 2, 3, 5, 17, 255, 256, 257, 499, 500, 501, 520}) {
    std::vector<std::int64_t> ids;
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < count; ++i) {
      const NodeRecord& node = all[(i * 7) % all.size()];  // spread, not in id order
      ids.push_back(node.id);
      paths.push_back(node.path);
    }
    auto byPath = txn->findNodes(paths);
    auto byId = txn->findNodesByIds(ids);
    auto bodies = txn->readBodies(ids);
    std::unordered_map<std::int64_t, std::string> bodiesByPath;
    std::unordered_map<std::int64_t, std::string> bodiesById;
    std::vector<std::string> pathsAndCollection = paths;
    pathsAndCollection.push_back("/calendars/alice");  // a collection: no body entry
    auto withBodies = txn->findNodes(pathsAndCollection, bodiesByPath);
    auto withBodiesById = txn->findNodesByIds(ids, bodiesById);
    CPPUNIT_ASSERT_EQUAL(count + 1, withBodies.size());
    CPPUNIT_ASSERT_EQUAL(count, withBodiesById.size());
    CPPUNIT_ASSERT(bodiesByPath == bodies);
    CPPUNIT_ASSERT(bodiesById == bodies);
    auto properties = txn->propertiesOf(ids);
    const std::string where = std::to_string(count) + " keys";
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, count, byPath.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, count, byId.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, count, bodies.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, count, properties.size());
    for (std::size_t i = 0; i < count; ++i) {
      const std::string name = paths[i].substr(paths[i].rfind('/') + 1);
      const std::string number = name.substr(0, name.find('.'));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(where, paths[i], byPath[i].path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(where, paths[i], byId[i].path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(where, paths[i], withBodies[i].path);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(where, byId[i].etag, withBodiesById[i].etag);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(where, "body " + number, bodies.at(ids[i]));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(where, std::size_t{1}, properties.at(ids[i]).size());
      CPPUNIT_ASSERT_EQUAL_MESSAGE(where, "<p>" + number + "</p>", properties.at(ids[i])[0].valueXml);
    }
  }
}

void StoreContract::testPropertiesOfGroupsByNode() {
  NodeRecord cal = mkcol("/calendars/alice");
  NodeRecord a = put("/calendars/alice/a.ics", "A");
  put("/calendars/alice/b.ics", "B");
  NodeRecord sub = mkcol("/calendars/alice/sub");
  NodeRecord deep = put("/calendars/alice/sub/c.ics", "C");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setProperty(cal.id, DeadProperty{"urn:x", "self", "<x:self xmlns:x=\"urn:x\"/>"});
    txn->setProperty(a.id, DeadProperty{"urn:y", "b", "<y:b xmlns:y=\"urn:y\"/>"});
    txn->setProperty(a.id, DeadProperty{"urn:x", "z", "<x:z xmlns:x=\"urn:x\"/>"});
    txn->setProperty(a.id, DeadProperty{"urn:x", "a", "<x:a xmlns:x=\"urn:x\">1</x:a>"});
    txn->setProperty(sub.id, DeadProperty{"urn:x", "color", "<x:color xmlns:x=\"urn:x\"/>"});
    txn->setProperty(deep.id, DeadProperty{"urn:x", "deep", "<x:deep xmlns:x=\"urn:x\"/>"});
    txn->commit();
  }
  auto txn = store().beginRead();
  auto children = txn->listChildren("/calendars/alice");
  std::vector<std::int64_t> ids;
  for (const auto& child : children) ids.push_back(child.id);
  auto grouped = txn->propertiesOf(ids);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, grouped.size());  // b.ics has none; self and grandchild not asked
  CPPUNIT_ASSERT_EQUAL(std::size_t{3}, grouped.at(a.id).size());
  CPPUNIT_ASSERT_EQUAL(std::string("a"), grouped.at(a.id)[0].name);
  CPPUNIT_ASSERT_EQUAL(std::string("<x:a xmlns:x=\"urn:x\">1</x:a>"), grouped.at(a.id)[0].valueXml);
  CPPUNIT_ASSERT_EQUAL(std::string("z"), grouped.at(a.id)[1].name);
  CPPUNIT_ASSERT_EQUAL(std::string("urn:y"), grouped.at(a.id)[2].ns);
  CPPUNIT_ASSERT_EQUAL(std::string("color"), grouped.at(sub.id)[0].name);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->propertiesOf({deep.id, deep.id}).size());
}

void StoreContract::testMigrationUpgradesVersion1Database() {
  const std::string previousStoreId = store().beginRead()->storeId();
  std::int64_t eventId = 0;
  {
    // Version 1 had no object index: what that release wrote must survive the upgrade.
    auto old = recreateAtVersion(1);
    auto txn = old->beginWrite({"alice"});
    txn->createCollection("/calendars/alice", "calendar", "alice", kNow);
    eventId = txn->putResource("/calendars/alice/a.ics", "alice", "BEGIN:VCALENDAR", "text/calendar", kNow).id;
    txn->setProperty(eventId, DeadProperty{"urn:x", "p", "<x:p xmlns:x=\"urn:x\"/>"});
    txn->commit();
  }
  reopen();
  auto txn = store().beginWrite({"alice"});
  const std::string storeId = txn->storeId();
  CPPUNIT_ASSERT_EQUAL(std::size_t{32}, storeId.size());
  CPPUNIT_ASSERT(storeId != previousStoreId);  // another database, another id
  CPPUNIT_ASSERT_EQUAL(eventId, txn->findNode("/calendars/alice/a.ics")->id);
  CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR"), txn->readBody(eventId));
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->properties(eventId).size());
  CPPUNIT_ASSERT(!txn->objectIndex(eventId).has_value());
  txn->setObjectIndex(eventId, eventIndex("u", {{kNow, kNow + 60}}));
  CPPUNIT_ASSERT_EQUAL(eventId, txn->findByUid("/calendars/alice", "u")->id);
  txn->commit();
  txn.reset();
  reopen();
  CPPUNIT_ASSERT_EQUAL(storeId, store().beginRead()->storeId());
}

}  // namespace caldav::storage::test
