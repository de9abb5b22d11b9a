#include "StoreContract.h"

#include "storage/sql/SqlStore.h"
#include "storage/sql/StorageUrl.h"

#include <Poco/Data/Session.h>

namespace caldav::storage::test {

void StoreContract::setUp() {
  url_ = freshDatabaseUrl();
  store_ = openStore(url_);
}

void StoreContract::tearDown() {
  store_.reset();
  dropDatabase();
}

void StoreContract::reopen() {
  store_.reset();
  store_ = openStore(url_);
}

NodeRecord StoreContract::put(const std::string& path, const std::string& content, const std::string& owner) {
  auto txn = store_->beginWrite({owner});
  NodeRecord record = txn->putResource(path, owner, content, "text/calendar", kNow);
  txn->commit();
  return record;
}

NodeRecord StoreContract::mkcol(const std::string& path, const std::string& owner) {
  auto txn = store_->beginWrite({owner});
  NodeRecord record = txn->createCollection(path, "calendar", owner, kNow);
  txn->commit();
  return record;
}

NodeRecord StoreContract::node(const std::string& path) {
  auto found = store_->beginRead()->findNode(path);
  CPPUNIT_ASSERT_MESSAGE("expected a node at " + path, found.has_value());
  return *found;
}

bool StoreContract::exists(const std::string& path) { return store_->beginRead()->findNode(path).has_value(); }

std::string StoreContract::body(const std::string& path) {
  auto txn = store_->beginRead();
  auto found = txn->findNode(path);
  CPPUNIT_ASSERT_MESSAGE("expected a node at " + path, found.has_value());
  return txn->readBody(found->id);
}

void StoreContract::setIndex(const std::string& path, const ObjectIndex& index) {
  auto txn = store_->beginWrite({"alice"});
  auto found = txn->findNode(path);
  CPPUNIT_ASSERT_MESSAGE("expected a node at " + path, found.has_value());
  txn->setObjectIndex(found->id, index);
  txn->commit();
}

std::unique_ptr<sql::SqlStore> StoreContract::recreateAtVersion(int version) {
  store_.reset();
  dropDatabase();
  url_ = freshDatabaseUrl();
  auto old = std::make_unique<sql::SqlStore>(sql::parseStorageUrl(url_));
  CPPUNIT_ASSERT_EQUAL(version, old->migrate(version));
  return old;
}

void StoreContract::execOnDatabase(const std::string& sql) {
  // The store registered both Poco connectors when it was first opened.
  const sql::StorageUrl parsed = sql::parseStorageUrl(url_);
  Poco::Data::Session session(parsed.kind == sql::Dialect::Kind::Sqlite ? "sqlite" : "postgresql",
                              parsed.connectionString);
  session << sql, Poco::Data::Keywords::now;
}

ObjectIndex eventIndex(const std::string& uid, const std::vector<std::pair<std::int64_t, std::int64_t>>& spans) {
  ObjectIndex index;
  index.uid = uid;
  index.componentType = "VEVENT";
  for (const auto& [start, end] : spans) {
    InstanceRecord instance;
    instance.start = start;
    instance.end = end;
    instance.source = static_cast<int>(index.instances.size()) + 1;
    index.instances.push_back(instance);
  }
  index.indexedUntil = kNow + 365 * kDay;
  return index;
}

}  // namespace caldav::storage::test
