// Grants (RFC 3744 grant-only ACEs) of the store contract: stored per node, read by node and
// by principal, removed with their node, following it when it moves.
#include "StoreContract.h"

namespace caldav::storage::test {
namespace {

GrantRecord grant(const std::string& principal, std::vector<std::string> privileges) {
  return GrantRecord{0, "", principal, std::move(privileges)};
}

}  // namespace

void StoreContract::testGrantsAreReadByNodeAndByPrincipal() {
  mkcol("/calendars/alice");
  NodeRecord work = mkcol("/calendars/alice/work");
  NodeRecord inbox = mkcol("/calendars/alice/inbox");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setGrants(work.id, {grant("bob", {"write", "read", "write"}), grant("carol", {"read-free-busy"})});
    txn->setGrants(inbox.id, {grant("bob", {"schedule-deliver"})});
    txn->commit();
  }
  auto txn = store().beginRead();
  auto onWork = txn->grantsOn({work.id, node("/calendars/alice").id});
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, onWork.size());
  CPPUNIT_ASSERT_EQUAL(std::string("bob"), onWork[0].principal);
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/work"), onWork[0].path);
  CPPUNIT_ASSERT_EQUAL(work.id, onWork[0].nodeId);
  CPPUNIT_ASSERT((std::vector<std::string>{"read", "write"}) == onWork[0].privileges);  // sorted, once each
  CPPUNIT_ASSERT_EQUAL(std::string("carol"), onWork[1].principal);

  auto toBob = txn->grantsTo("bob");
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, toBob.size());
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/inbox"), toBob[0].path);  // ordered by path
  CPPUNIT_ASSERT((std::vector<std::string>{"schedule-deliver"}) == toBob[0].privileges);
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/work"), toBob[1].path);
  CPPUNIT_ASSERT(txn->grantsTo("dave").empty());
  CPPUNIT_ASSERT(txn->grantsOn({}).empty());
}

void StoreContract::testSetGrantsReplacesAllGrantsOfTheNode() {
  mkcol("/calendars/alice");
  NodeRecord work = mkcol("/calendars/alice/work");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setGrants(work.id, {grant("bob", {"write"}), grant("carol", {"read"})});
    txn->commit();
  }
  {
    auto txn = store().beginWrite({"alice"});
    txn->setGrants(work.id, {grant("carol", {"read-free-busy"}), grant("dave", {})});
    txn->commit();
  }
  auto after = store().beginRead()->grantsOn({work.id});
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, after.size());  // bob gone, dave without privileges dropped
  CPPUNIT_ASSERT((std::vector<std::string>{"read-free-busy"}) == after[0].privileges);
  {
    auto txn = store().beginWrite({"alice"});
    txn->setGrants(work.id, {});
    txn->commit();
  }
  CPPUNIT_ASSERT(store().beginRead()->grantsOn({work.id}).empty());
}

void StoreContract::testGrantsGoWithTheirNodeAndFollowMoves() {
  mkcol("/calendars/alice");
  NodeRecord work = mkcol("/calendars/alice/work");
  NodeRecord home = mkcol("/calendars/alice/home");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setGrants(work.id, {grant("bob", {"write"})});
    txn->setGrants(home.id, {grant("bob", {"read"})});
    txn->moveTree("/calendars/alice/work", "/calendars/alice/office", kNow);
    txn->copyTree("/calendars/alice/office", "/calendars/alice/copy", true, "alice", kNow);
    txn->commit();
  }
  auto moved = store().beginRead()->grantsTo("bob");
  CPPUNIT_ASSERT_EQUAL(std::size_t{2}, moved.size());  // the copy has none of its own
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/home"), moved[0].path);
  CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/office"), moved[1].path);
  {
    auto txn = store().beginWrite({"alice"});
    txn->deleteTree("/calendars/alice", kNow);
    txn->commit();
  }
  CPPUNIT_ASSERT(store().beginRead()->grantsTo("bob").empty());
}

void StoreContract::testSetGrantsOnMissingNodeIsNotFound() {
  auto txn = store().beginWrite({"alice"});
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->setGrants(987654, {grant("bob", {"read"})}));
}

}  // namespace caldav::storage::test
