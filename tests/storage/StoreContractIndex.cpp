// Object index and instances of the store contract: UID lookup and uniqueness, time ranges,
// and how put, copy, move and delete keep indexes consistent with the tree.
#include "StoreContract.h"

#include <algorithm>
#include <limits>
#include <set>

namespace caldav::storage::test {
namespace {

std::set<std::int64_t> nodeIdsOf(const std::vector<InstanceRecord>& instances) {
  std::set<std::int64_t> ids;
  for (const auto& instance : instances) {
    ids.insert(instance.nodeId);
  }
  return ids;
}

bool isOrderedByNodeAndStart(const std::vector<InstanceRecord>& instances) {
  return std::is_sorted(instances.begin(), instances.end(), [](const InstanceRecord& a, const InstanceRecord& b) {
    return std::pair(a.nodeId, a.start) < std::pair(b.nodeId, b.start);
  });
}

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

}  // namespace

void StoreContract::testSetObjectIndexStoresHeaderAndInstances() {
  mkcol("/calendars/alice");
  NodeRecord task = put("/calendars/alice/a.ics", "A");
  NodeRecord plain = put("/calendars/alice/plain.ics", "P");
  ObjectIndex index;
  index.uid = "uid-a@example.com";
  index.componentType = "VTODO";
  index.instances = {InstanceRecord{0, kNow, kNow + 3600, true, true, false, "20231114T221320", "", false, 2},
                     InstanceRecord{0, kNow + kDay, kNow + kDay + 3600, false, false, true, "20231115T221320Z", "", true, 0}};
  index.indexedUntil = kNow + 30 * kDay;
  index.isComplete = false;
  setIndex("/calendars/alice/a.ics", index);

  auto txn = store().beginRead();
  auto header = txn->objectIndex(task.id);
  CPPUNIT_ASSERT(header.has_value());
  CPPUNIT_ASSERT_EQUAL(task.id, header->nodeId);
  CPPUNIT_ASSERT_EQUAL(index.uid, header->uid);
  CPPUNIT_ASSERT_EQUAL(std::string("VTODO"), header->componentType);
  CPPUNIT_ASSERT_EQUAL(index.indexedUntil, header->indexedUntil);
  CPPUNIT_ASSERT(!header->isComplete);
  CPPUNIT_ASSERT(!txn->objectIndex(plain.id).has_value());

  CPPUNIT_ASSERT_EQUAL(task.id, txn->findByUid("/calendars/alice", index.uid)->id);
  CPPUNIT_ASSERT(!txn->findByUid("/calendars/alice", "other").has_value());
  CPPUNIT_ASSERT(!txn->findByUid("/calendars/nobody", index.uid).has_value());

  auto instances = txn->findInstances("/calendars/alice", kNow - 10, kNow + 2 * kDay);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, instances.size());
  for (std::size_t i = 0; i < 2; ++i) {
    const InstanceRecord& expected = index.instances[i];
    CPPUNIT_ASSERT_EQUAL(task.id, instances[i].nodeId);
    CPPUNIT_ASSERT_EQUAL(expected.start, instances[i].start);
    CPPUNIT_ASSERT_EQUAL(expected.end, instances[i].end);
    CPPUNIT_ASSERT_EQUAL(expected.isFloating, instances[i].isFloating);
    CPPUNIT_ASSERT_EQUAL(expected.isTransparent, instances[i].isTransparent);
    CPPUNIT_ASSERT_EQUAL(expected.isCancelled, instances[i].isCancelled);
    CPPUNIT_ASSERT_EQUAL(expected.isTentative, instances[i].isTentative);
    CPPUNIT_ASSERT_EQUAL(expected.recurrenceId, instances[i].recurrenceId);
    CPPUNIT_ASSERT_EQUAL(expected.source, instances[i].source);
    CPPUNIT_ASSERT_EQUAL(std::string("VTODO"), instances[i].componentType);  // from the index header
  }
  CPPUNIT_ASSERT(txn->findInstances("/calendars/nobody", kMin, kMax).empty());
  // A limit bounds what is read (across the span classes' union).
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->findInstances("/calendars/alice", kNow - 10, kNow + 2 * kDay, 1).size());
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, txn->findInstances("/calendars/alice", kNow - 10, kNow + 2 * kDay, 2).size());
}

// findInstanceSpans is findInstances restricted by component type and, for busy time, to
// opaque, not cancelled instances; it gives their node, times and floating/tentative flags.
void StoreContract::testFindInstanceSpansFiltersByTypeAndBusyTime() {
  mkcol("/calendars/alice");
  put("/calendars/alice/event.ics", "E");
  put("/calendars/alice/task.ics", "T");
  ObjectIndex event;
  event.uid = "event";
  event.componentType = "VEVENT";
  event.indexedUntil = kNow + 30 * kDay;
  event.isComplete = true;
  //                       nodeId start                 end                       floating transp cancel recurrence-id  type tentative
  event.instances = {InstanceRecord{0, kNow, kNow + 3600, false, false, false, "1", "", false},                   // busy
                     InstanceRecord{0, kNow + kDay, kNow + kDay + 60, true, false, false, "2", "", true},          // busy, floating, tentative
                     InstanceRecord{0, kNow + 2 * kDay, kNow + 2 * kDay + 60, false, true, false, "3", "", false},  // transparent
                     InstanceRecord{0, kNow + 3 * kDay, kNow + 3 * kDay + 60, false, false, true, "4", "", false},  // cancelled
                     InstanceRecord{0, kNow + 40 * kDay, kNow + 41 * kDay, false, false, false, "5", "", false}};  // outside
  setIndex("/calendars/alice/event.ics", event);
  ObjectIndex task = event;
  task.uid = "task";
  task.componentType = "VTODO";  // never busy time (RFC 4791 §7.10)
  setIndex("/calendars/alice/task.ics", task);

  auto busy = store().beginRead()->findInstanceSpans("/calendars/alice", SpanFilter{"VEVENT", true}, kNow - 10,
                                                     kNow + 10 * kDay);
  std::sort(busy.begin(), busy.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, busy.size());
  CPPUNIT_ASSERT_EQUAL(kNow, busy[0].start);
  CPPUNIT_ASSERT_EQUAL(kNow + 3600, busy[0].end);
  CPPUNIT_ASSERT(!busy[0].isFloating);
  CPPUNIT_ASSERT(!busy[0].isTentative);
  CPPUNIT_ASSERT_EQUAL(kNow + kDay, busy[1].start);
  CPPUNIT_ASSERT(busy[1].isFloating);
  CPPUNIT_ASSERT(busy[1].isTentative);
  CPPUNIT_ASSERT_EQUAL(std::string("VEVENT"), busy[1].componentType);
  CPPUNIT_ASSERT(store().beginRead()->findInstanceSpans("/calendars/nobody", SpanFilter{"VEVENT", true}, kMin, kMax).empty());
  // Without busyOnly: every VEVENT instance in the range (4), none of the VTODO's.
  auto events = store().beginRead()->findInstanceSpans("/calendars/alice", SpanFilter{"VEVENT", false}, kNow - 10,
                                                       kNow + 10 * kDay);
  CPPUNIT_ASSERT_EQUAL(std::size_t{4}, events.size());
  for (const auto& span : events) CPPUNIT_ASSERT_EQUAL(node("/calendars/alice/event.ics").id, span.nodeId);
  // Any type: the task's four as well.
  CPPUNIT_ASSERT_EQUAL(std::size_t{8},
                       store().beginRead()->findInstanceSpans("/calendars/alice", SpanFilter{}, kNow - 10, kNow + 10 * kDay).size());
}

void StoreContract::testSetObjectIndexReplacesPreviousIndex() {
  mkcol("/calendars/alice");
  NodeRecord event = put("/calendars/alice/a.ics", "A");
  setIndex("/calendars/alice/a.ics", eventIndex("first", {{kNow, kNow + 60}, {kNow + kDay, kNow + kDay + 60},
                                                          {kNow + 2 * kDay, kNow + 2 * kDay + 60}}));
  setIndex("/calendars/alice/a.ics", eventIndex("second", {{kNow + 10, kNow + 20}}));
  auto txn = store().beginRead();
  CPPUNIT_ASSERT(!txn->findByUid("/calendars/alice", "first").has_value());
  CPPUNIT_ASSERT_EQUAL(event.id, txn->findByUid("/calendars/alice", "second")->id);
  auto instances = txn->findInstances("/calendars/alice", kMin, kMax);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, instances.size());
  CPPUNIT_ASSERT_EQUAL(kNow + 10, instances[0].start);
}

void StoreContract::testSetObjectIndexOnMissingNodeOrCollectionFails() {
  NodeRecord cal = mkcol("/calendars/alice");
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->setObjectIndex(cal.id + 1000, eventIndex("u", {})));
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->setObjectIndex(cal.id, eventIndex("u", {})));
}

void StoreContract::testPutResourceRemovesIndexAndInstances() {
  mkcol("/calendars/alice");
  NodeRecord event = put("/calendars/alice/a.ics", "A");
  setIndex("/calendars/alice/a.ics", eventIndex("u", {{kNow, kNow + 60}}));
  put("/calendars/alice/a.ics", "A, edited");
  {
    auto txn = store().beginRead();
    CPPUNIT_ASSERT(!txn->objectIndex(event.id).has_value());
    CPPUNIT_ASSERT(!txn->findByUid("/calendars/alice", "u").has_value());
    CPPUNIT_ASSERT(txn->findInstances("/calendars/alice", kMin, kMax).empty());
  }
  // Rewriting the same body counts as a change too: the caller always re-indexes.
  setIndex("/calendars/alice/a.ics", eventIndex("u", {{kNow, kNow + 60}}));
  put("/calendars/alice/a.ics", "A, edited");
  CPPUNIT_ASSERT(!store().beginRead()->objectIndex(event.id).has_value());
}

void StoreContract::testUidIsUniquePerCollectionOnly() {
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/work");
  put("/calendars/alice/a.ics", "A");
  NodeRecord b = put("/calendars/alice/b.ics", "B");
  NodeRecord w = put("/calendars/alice/work/w.ics", "W");
  setIndex("/calendars/alice/a.ics", eventIndex("shared", {}));
  setIndex("/calendars/alice/a.ics", eventIndex("shared", {}));  // re-indexing itself is fine
  {
    auto txn = store().beginWrite({"alice"});
    CALDAV_ASSERT_STORE_ERROR(AlreadyExists, txn->setObjectIndex(b.id, eventIndex("shared", {})));
    // The clash is a precondition failure: the transaction is still usable and commits.
    txn->setObjectIndex(b.id, eventIndex("own", {}));
    txn->setObjectIndex(w.id, eventIndex("shared", {}));  // another calendar may hold the UID
    txn->commit();
  }
  auto txn = store().beginRead();
  CPPUNIT_ASSERT_EQUAL(b.id, txn->findByUid("/calendars/alice", "own")->id);
  CPPUNIT_ASSERT_EQUAL(w.id, txn->findByUid("/calendars/alice/work", "shared")->id);
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/a.ics"), txn->findByUid("/calendars/alice", "shared")->path);
}

void StoreContract::testCopyGivesCopiesTheirOwnIndex() {
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/cal");
  mkcol("/calendars/alice/other");
  NodeRecord event = put("/calendars/alice/cal/e.ics", "E");
  setIndex("/calendars/alice/cal/e.ics", eventIndex("u", {{kNow, kNow + 60}}));
  {
    auto txn = store().beginWrite({"alice"});
    txn->copyTree("/calendars/alice/cal", "/calendars/alice/copy", true, "alice", kNow);
    txn->copyTree("/calendars/alice/cal/e.ics", "/calendars/alice/other/e.ics", false, "alice", kNow);
    // A copy inside the same calendar would hold the UID twice.
    CALDAV_ASSERT_STORE_ERROR(AlreadyExists,
                              txn->copyTree("/calendars/alice/cal/e.ics", "/calendars/alice/cal/e2.ics", false,
                                            "alice", kNow));
    txn->commit();
  }
  auto txn = store().beginRead();
  CPPUNIT_ASSERT(!txn->findNode("/calendars/alice/cal/e2.ics").has_value());
  for (const std::string calendar : {"/calendars/alice/copy", "/calendars/alice/other"}) {
    auto copy = txn->findByUid(calendar, "u");
    CPPUNIT_ASSERT(copy.has_value());
    CPPUNIT_ASSERT_EQUAL(calendar + "/e.ics", copy->path);
    CPPUNIT_ASSERT(copy->id != event.id);
    CPPUNIT_ASSERT_EQUAL(std::string("u"), txn->objectIndex(copy->id)->uid);
    auto instances = txn->findInstances(calendar, kMin, kMax);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, instances.size());
    CPPUNIT_ASSERT_EQUAL(copy->id, instances[0].nodeId);
    CPPUNIT_ASSERT_EQUAL(std::string("VEVENT"), instances[0].componentType);
    CPPUNIT_ASSERT_EQUAL(1, instances[0].source);
  }
  CPPUNIT_ASSERT_EQUAL(event.id, txn->findByUid("/calendars/alice/cal", "u")->id);
  CPPUNIT_ASSERT(std::set<std::int64_t>{event.id} == nodeIdsOf(txn->findInstances("/calendars/alice/cal", kMin, kMax)));
}

void StoreContract::testMoveKeepsIndexAndChangesItsCollection() {
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/one");
  mkcol("/calendars/alice/two");
  NodeRecord e = put("/calendars/alice/one/e.ics", "E");
  NodeRecord f = put("/calendars/alice/two/f.ics", "F");
  put("/calendars/alice/one/g.ics", "G");
  setIndex("/calendars/alice/one/e.ics", eventIndex("ue", {{kNow, kNow + 60}}));
  setIndex("/calendars/alice/two/f.ics", eventIndex("uf", {{kNow, kNow + 60}}));
  setIndex("/calendars/alice/one/g.ics", eventIndex("uf", {{kNow, kNow + 60}}));
  {
    auto txn = store().beginWrite({"alice"});
    txn->moveTree("/calendars/alice/one/e.ics", "/calendars/alice/two/e.ics", kNow);
    txn->moveTree("/calendars/alice/two/e.ics", "/calendars/alice/two/renamed.ics", kNow);  // same calendar
    CALDAV_ASSERT_STORE_ERROR(AlreadyExists,
                              txn->moveTree("/calendars/alice/one/g.ics", "/calendars/alice/two/g.ics", kNow));
    txn->moveTree("/calendars/alice/two", "/calendars/alice/three", kNow);
    txn->commit();
  }
  auto txn = store().beginRead();
  CPPUNIT_ASSERT(!txn->findByUid("/calendars/alice/one", "ue").has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/three/renamed.ics"),
                       txn->findByUid("/calendars/alice/three", "ue")->path);
  CPPUNIT_ASSERT_EQUAL(f.id, txn->findByUid("/calendars/alice/three", "uf")->id);
  CPPUNIT_ASSERT((std::set<std::int64_t>{e.id, f.id}) ==
                 nodeIdsOf(txn->findInstances("/calendars/alice/three", kMin, kMax)));
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->findInstances("/calendars/alice/one", kMin, kMax).size());
  CPPUNIT_ASSERT_EQUAL(std::string("ue"), txn->objectIndex(e.id)->uid);
}

void StoreContract::testDeleteTreeRemovesIndexAndInstances() {
  mkcol("/calendars/alice");
  NodeRecord cal = mkcol("/calendars/alice/cal");
  NodeRecord a = put("/calendars/alice/cal/a.ics", "A");
  NodeRecord b = put("/calendars/alice/cal/b.ics", "B");
  ObjectIndex incomplete = eventIndex("ua", {{kNow, kNow + 60}});
  incomplete.isComplete = false;
  setIndex("/calendars/alice/cal/a.ics", incomplete);
  setIndex("/calendars/alice/cal/b.ics", eventIndex("ub", {{kNow, kNow + 60}}));
  {
    auto txn = store().beginWrite({"alice"});
    txn->deleteTree("/calendars/alice/cal/a.ics", kNow);
    CPPUNIT_ASSERT(!txn->objectIndex(a.id).has_value());
    CPPUNIT_ASSERT(!txn->findByUid("/calendars/alice/cal", "ua").has_value());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->findInstances("/calendars/alice/cal", kMin, kMax).size());
    CPPUNIT_ASSERT(txn->objectsIndexedBefore(kMax, 10).empty());
    txn->deleteTree("/calendars/alice/cal", kNow);
    CPPUNIT_ASSERT(!txn->objectIndex(b.id).has_value());
    txn->commit();
  }
  // A new calendar at the same path starts empty.
  mkcol("/calendars/alice/cal");
  put("/calendars/alice/cal/b.ics", "B");
  setIndex("/calendars/alice/cal/b.ics", eventIndex("ub", {}));
  auto txn = store().beginRead();
  CPPUNIT_ASSERT(txn->findInstances("/calendars/alice/cal", kMin, kMax).empty());
  CPPUNIT_ASSERT(node("/calendars/alice/cal").id != cal.id);
}

void StoreContract::testFindInstancesIncludesLongEventsAndBoundaryInstants() {
  const std::int64_t from = kNow;
  const std::int64_t to = kNow + 7 * kDay;
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/cal");
  mkcol("/calendars/alice/other");
  const std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> inside = {
      {"decade", {from - 3650 * kDay, to + 3650 * kDay}},  // spans the range, starts long before
      {"month", {from - 35 * kDay, from + 1}},
      {"week", {from - 7 * kDay, from}},                    // ends exactly at the range start
      {"day", {from - kDay - 3600, from + 10}},
      {"instant-at-start", {from, from}},
      {"instant-at-end", {to, to}},
      {"inside", {from + kDay, from + kDay + 3600}},
  };
  const std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> outside = {
      {"just-before", {from - 7200, from - 1}},
      {"just-after", {to + 1, to + 3600}},
      {"long-before", {from - 100 * kDay, from - 50 * kDay}},
      {"month-before", {from - 39 * kDay, from - 1}},
  };
  std::set<std::int64_t> expected;
  for (const auto& [name, span] : inside) {
    expected.insert(put("/calendars/alice/cal/" + name + ".ics", name).id);
    setIndex("/calendars/alice/cal/" + name + ".ics", eventIndex(name, {span}));
  }
  for (const auto& [name, span] : outside) {
    put("/calendars/alice/cal/" + name + ".ics", name);
    setIndex("/calendars/alice/cal/" + name + ".ics", eventIndex(name, {span}));
  }
  put("/calendars/alice/other/decade.ics", "elsewhere");
  setIndex("/calendars/alice/other/decade.ics", eventIndex("decade", {{from - kDay, to + kDay}}));

  auto instances = store().beginRead()->findInstances("/calendars/alice/cal", from, to);
  CPPUNIT_ASSERT(expected == nodeIdsOf(instances));
  CPPUNIT_ASSERT_EQUAL(expected.size(), instances.size());
  CPPUNIT_ASSERT(isOrderedByNodeAndStart(instances));
}

void StoreContract::testSetObjectIndexWithThousandsOfInstances() {
  constexpr int kCount = 3000;  // a daily event for about eight years
  mkcol("/calendars/alice");
  NodeRecord daily = put("/calendars/alice/daily.ics", "D");
  ObjectIndex index = eventIndex("daily", {});
  for (int i = 0; i < kCount; ++i) {
    const std::int64_t start = kNow + i * kDay;
    index.instances.push_back(InstanceRecord{0, start, start + 3600, false, i % 2 == 0, false,
                                             "day-" + std::to_string(i), "", false});
  }
  setIndex("/calendars/alice/daily.ics", index);
  auto txn = store().beginRead();
  auto week = txn->findInstances("/calendars/alice", kNow + 100 * kDay + 7200, kNow + 107 * kDay);
  CPPUNIT_ASSERT_EQUAL(std::size_t{7}, week.size());
  CPPUNIT_ASSERT_EQUAL(std::string("day-101"), week.front().recurrenceId);
  CPPUNIT_ASSERT_EQUAL(std::string("day-107"), week.back().recurrenceId);
  CPPUNIT_ASSERT(week.front().isTransparent == false && week[1].isTransparent);
  CPPUNIT_ASSERT_EQUAL(std::size_t{kCount}, txn->findInstances("/calendars/alice", kMin, kMax).size());
  txn.reset();

  index.instances.resize(250);  // not a multiple of any batch size
  setIndex("/calendars/alice/daily.ics", index);
  auto all = store().beginRead()->findInstances("/calendars/alice", kMin, kMax);
  CPPUNIT_ASSERT_EQUAL(std::size_t{250}, all.size());
  CPPUNIT_ASSERT_EQUAL(daily.id, all.back().nodeId);
  CPPUNIT_ASSERT_EQUAL(std::string("day-249"), all.back().recurrenceId);
}

void StoreContract::testObjectsIndexedBeforeReturnsIncompleteOldestFirst() {
  mkcol("/calendars/alice");
  mkcol("/calendars/bob", "bob");
  struct Case {
    std::string path;
    std::int64_t indexedUntil;
    bool isComplete;
  };
  const std::vector<Case> cases = {{"/calendars/alice/a.ics", kNow + 100, false},
                                   {"/calendars/bob/b.ics", kNow + 50, false},
                                   {"/calendars/alice/complete.ics", kNow, true},
                                   {"/calendars/alice/later.ics", kNow + 1000, false}};
  for (const Case& c : cases) {
    put(c.path, c.path);
    ObjectIndex index = eventIndex(c.path, {});
    index.indexedUntil = c.indexedUntil;
    index.isComplete = c.isComplete;
    setIndex(c.path, index);
  }
  auto txn = store().beginRead();
  auto due = txn->objectsIndexedBefore(kNow + 500, 10);
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, due.size());
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/bob/b.ics"), due[0].path);
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/a.ics"), due[1].path);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->objectsIndexedBefore(kNow + 500, 1).size());
  CPPUNIT_ASSERT(txn->objectsIndexedBefore(kNow + 50, 10).empty());  // strictly before the horizon
  CPPUNIT_ASSERT_EQUAL(std::size_t{3}, txn->objectsIndexedBefore(kMax, 10).size());
}

}  // namespace caldav::storage::test
