// storage_bench: times the store operations a large calendar depends on.
//   storage_bench URL [RESOURCES]   (default 100000; use a fresh database)
// Fills one calendar with RESOURCES events (one instance each over ten years, 2 % multi-day,
// 0.1 % lasting 90 days, a dead property on every tenth), then times reads and writes.
// Not a test: numbers go to stdout (see docs/storage.md).
#include "storage/OpenStore.h"
#include "storage/Store.h"

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

namespace {

using namespace caldav::storage;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kDay = 86'400;
const std::string kCalendar = "/calendars/alice/cal";

template <typename Operation>
void timed(const std::string& what, Operation operation) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t count = operation();
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  std::cout << what << ": " << elapsed.count() << " ms (" << count << ")\n";
}

std::string resource(int i) { return kCalendar + "/" + std::to_string(i) + ".ics"; }

ObjectIndex indexFor(int i) {
  ObjectIndex index;
  index.uid = "uid-" + std::to_string(i);
  index.componentType = "VEVENT";
  const std::int64_t start = kNow + (i % 3650) * kDay + (i % 24) * 3600;
  const std::int64_t length = i % 1000 == 0 ? 90 * kDay : (i % 50 == 0 ? 3 * kDay : 3600);
  index.instances.push_back(InstanceRecord{0, start, start + length, false, false, false, "", "", false});
  return index;
}

void fill(Store& store, int resources) {
  auto txn = store.beginWrite({"alice"});
  txn->createCollection("/calendars/alice", "", "alice", kNow);
  txn->createCollection(kCalendar, "calendar", "alice", kNow);
  const std::string body(1500, 'x');
  for (int i = 0; i < resources; ++i) {
    if (i % 1000 == 999) {  // PostgreSQL slows down on one row updated 100k times in one transaction
      txn->commit();
      txn = store.beginWrite({"alice"});
    }
    const NodeRecord node = txn->putResource(resource(i), "alice", body + std::to_string(i), "text/calendar", kNow);
    txn->setObjectIndex(node.id, indexFor(i));
    if (i % 10 == 0) {
      txn->setProperty(node.id, DeadProperty{"urn:x", "p", "<x:p xmlns:x=\"urn:x\"/>"});
    }
  }
  txn->commit();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " URL [RESOURCES]\n";
    return 2;
  }
  const int resources = argc > 2 ? std::stoi(argv[2]) : 100'000;
  auto store = openStore(argv[1]);
  timed("fill", [&] { fill(*store, resources); return std::size_t(resources); });
  auto read = store->beginRead();
  timed("listChildren", [&] { return read->listChildren(kCalendar).size(); });
  timed("propertiesOf", [&] {
    std::vector<std::int64_t> ids;
    for (const auto& node : read->listChildren(kCalendar)) ids.push_back(node.id);
    return read->propertiesOf(ids).size();
  });
  std::vector<std::string> paths;
  for (int i = 0; i < 1000; ++i) {
    paths.push_back(resource(i * 97 % resources));
  }
  timed("findNodes 1000 paths", [&] { return read->findNodes(paths).size(); });
  timed("findByUid x1000", [&] {
    std::size_t found = 0;
    for (int i = 0; i < 1000; ++i) {
      found += read->findByUid(kCalendar, "uid-" + std::to_string(i * 37 % resources)).has_value() ? 1 : 0;
    }
    return found;
  });
  timed("findInstances one month",
        [&] { return read->findInstances(kCalendar, kNow + 500 * kDay, kNow + 530 * kDay).size(); });
  timed("findInstances one week x100", [&] {
    std::size_t found = 0;
    for (int i = 0; i < 100; ++i) {
      found += read->findInstances(kCalendar, kNow + i * 30 * kDay, kNow + (i * 30 + 7) * kDay).size();
    }
    return found;
  });
  read.reset();
  timed("put + setObjectIndex x100, a transaction each", [&] {
    for (int i = 0; i < 100; ++i) {
      auto txn = store->beginWrite({"alice"});
      const NodeRecord node = txn->putResource(resource(i), "alice", "changed", "text/calendar", kNow);
      txn->setObjectIndex(node.id, indexFor(i));
      txn->commit();
    }
    return std::size_t{100};
  });
  timed("setObjectIndex 5000 instances", [&] {
    auto txn = store->beginWrite({"alice"});
    ObjectIndex index = indexFor(5);
    for (int i = 0; i < 5000; ++i) {
      index.instances.push_back(InstanceRecord{0, kNow + i * kDay, kNow + i * kDay + 60, false, false, false,
                                               "r" + std::to_string(i), "", false});
    }
    txn->setObjectIndex(txn->findNode(resource(5))->id, index);
    txn->commit();
    return index.instances.size();
  });
  timed("deleteTree x100, a transaction each", [&] {
    for (int i = 100; i < 200; ++i) {
      auto txn = store->beginWrite({"alice"});
      txn->deleteTree(resource(i), kNow);
      txn->commit();
    }
    return std::size_t{100};
  });
  return 0;
}
