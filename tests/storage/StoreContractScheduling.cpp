// Scheduling behaviour of the store contract (schema 8): principal kind and auto-schedule,
// users by calendar user address, Schedule-Tags and the outbound iTIP queue.
#include "StoreContract.h"

#include "storage/sql/SqlStore.h"

namespace caldav::storage::test {

namespace {

OutboundMessageRecord outbound(const std::string& recipient, std::int64_t nextAttemptAt) {
  OutboundMessageRecord message;
  message.createdAt = kNow;
  message.sender = "mailto:alice@example.org";
  message.recipient = recipient;
  message.method = "REQUEST";
  message.uid = "uid-1";
  message.originPath = "/calendars/alice/calendar/e.ics";
  message.body = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
  message.nextAttemptAt = nextAttemptAt;
  return message;
}

}  // namespace

void StoreContract::testUserKindAndAutoScheduleAreStoredAndReplaced() {
  {
    auto txn = store().beginWrite({"alice"});
    txn->createUser(UserRecord{"alice", "h", kNow, "alice@example.org"});  // kind and autoSchedule defaulted
    UserRecord room{"room1", "", kNow, "room1@example.org"};
    room.kind = "room";
    room.autoSchedule = "automatic";
    txn->createUser(room);
    CALDAV_ASSERT_STORE_ERROR(NotFound, txn->setUserScheduling("nobody", "room", "none"));
    txn->commit();
  }
  {
    auto txn = store().beginRead();
    const auto alice = txn->findUser("alice");
    CPPUNIT_ASSERT_EQUAL(std::string("individual"), alice->kind);
    CPPUNIT_ASSERT_EQUAL(std::string(""), alice->autoSchedule);
    const auto users = txn->listUsers();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, users.size());
    CPPUNIT_ASSERT_EQUAL(std::string("room"), users[1].kind);
    CPPUNIT_ASSERT_EQUAL(std::string("automatic"), users[1].autoSchedule);
    CPPUNIT_ASSERT_EQUAL(std::string(""), users[1].passwordHash);  // a principal without password
  }
  {
    auto txn = store().beginWrite({"room1"});
    txn->setUserScheduling("room1", "resource", "decline-if-busy");
    txn->commit();
  }
  auto txn = store().beginRead();
  const auto room = txn->findUser("room1");
  CPPUNIT_ASSERT_EQUAL(std::string("resource"), room->kind);
  CPPUNIT_ASSERT_EQUAL(std::string("decline-if-busy"), room->autoSchedule);
  CPPUNIT_ASSERT_EQUAL(std::string("room1@example.org"), room->email);  // nothing else changed
}

void StoreContract::testFindUserByEmailIgnoresAsciiCase() {
  {
    auto txn = store().beginWrite({"alice"});
    txn->createUser(UserRecord{"alice", "h", kNow, "Alice.Smith@Example.org"});
    txn->createUser(UserRecord{"bob", "h", kNow, ""});
    txn->createUser(UserRecord{"carol", "h", kNow, ""});
    txn->commit();
  }
  {
    auto txn = store().beginRead();
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), txn->findUserByEmail("alice.smith@example.ORG")->name);
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), txn->findUserByEmail("Alice.Smith@Example.org")->name);
    CPPUNIT_ASSERT(!txn->findUserByEmail("alice@example.org").has_value());
    CPPUNIT_ASSERT(!txn->findUserByEmail("").has_value());  // "" is "no address", not bob's or carol's
  }
  auto txn = store().beginWrite({"bob"});
  txn->setUserEmail("bob", "BOB@example.org");
  CPPUNIT_ASSERT_EQUAL(std::string("bob"), txn->findUserByEmail("bob@EXAMPLE.org")->name);  // own writes seen
  CPPUNIT_ASSERT_EQUAL(std::string("individual"), txn->findUserByEmail("bob@example.org")->kind);
}

void StoreContract::testScheduleTagIsSetQuotedReplacedAndRemoved() {
  NodeRecord cal = mkcol("/calendars/alice");
  NodeRecord event = put("/calendars/alice/e.ics", "E");
  auto txn = store().beginWrite({"alice"});
  CPPUNIT_ASSERT_EQUAL(std::string(""), txn->scheduleTag(event.id));  // not a scheduling object yet
  txn->setScheduleTag(event.id, "s1");
  CPPUNIT_ASSERT_EQUAL(std::string("\"s1\""), txn->scheduleTag(event.id));
  txn->setScheduleTag(event.id, "\"s2\"");  // already quoted: kept as is
  CPPUNIT_ASSERT_EQUAL(std::string("\"s2\""), txn->scheduleTag(event.id));
  CALDAV_ASSERT_STORE_ERROR(NotFound, txn->setScheduleTag(event.id + 1000, "s"));
  CALDAV_ASSERT_STORE_ERROR(Conflict, txn->setScheduleTag(cal.id, "s"));
  txn->commit();
  txn.reset();
  CPPUNIT_ASSERT_EQUAL(std::string("\"s2\""), store().beginRead()->scheduleTag(event.id));
  {
    auto remover = store().beginWrite({"alice"});
    remover->setScheduleTag(event.id, "");
    remover->setScheduleTag(event.id, "");  // removing twice is fine
    remover->commit();
  }
  CPPUNIT_ASSERT_EQUAL(std::string(""), store().beginRead()->scheduleTag(event.id));
}

void StoreContract::testScheduleTagFollowsPutMoveCopyAndDelete() {
  mkcol("/calendars/alice");
  mkcol("/calendars/alice/cal");
  NodeRecord event = put("/calendars/alice/cal/e.ics", "E1");
  {
    auto txn = store().beginWrite({"alice"});
    txn->setScheduleTag(event.id, "t1");
    txn->putResource("/calendars/alice/cal/e.ics", "alice", "E2", "text/calendar", kNow);
    CPPUNIT_ASSERT_EQUAL(std::string("\"t1\""), txn->scheduleTag(event.id));  // the write path decides
    txn->moveTree("/calendars/alice/cal/e.ics", "/calendars/alice/cal/moved.ics", kNow);
    txn->moveTree("/calendars/alice/cal", "/calendars/alice/other", kNow);
    txn->copyTree("/calendars/alice/other/moved.ics", "/calendars/alice/other/copy.ics", false, "alice", kNow);
    txn->copyTree("/calendars/alice/other", "/calendars/alice/deep", true, "alice", kNow);
    txn->commit();
  }
  {
    auto txn = store().beginRead();
    CPPUNIT_ASSERT_EQUAL(event.id, txn->findNode("/calendars/alice/other/moved.ics")->id);
    CPPUNIT_ASSERT_EQUAL(std::string("\"t1\""), txn->scheduleTag(event.id));
    CPPUNIT_ASSERT_EQUAL(std::string(""), txn->scheduleTag(txn->findNode("/calendars/alice/other/copy.ics")->id));
    CPPUNIT_ASSERT_EQUAL(std::string(""), txn->scheduleTag(txn->findNode("/calendars/alice/deep/moved.ics")->id));
  }
  {
    auto txn = store().beginWrite({"alice"});
    txn->deleteTree("/calendars/alice/other", kNow);  // the tag goes with its node
    txn->commit();
  }
  CPPUNIT_ASSERT_EQUAL(std::string(""), store().beginRead()->scheduleTag(event.id));
  // A new resource at a path that had a tag starts without one.
  NodeRecord again = put("/calendars/alice/deep/moved.ics", "E3");
  CPPUNIT_ASSERT_EQUAL(std::string(""), store().beginRead()->scheduleTag(again.id));
}

void StoreContract::testOutboundMessagesAreQueuedListedAndUpdated() {
  std::int64_t first = 0;
  std::int64_t second = 0;
  {
    auto txn = store().beginWrite({"alice"});
    first = txn->enqueueOutbound(outbound("mailto:x@remote.example", kNow));
    second = txn->enqueueOutbound(outbound("mailto:y@remote.example", kNow + 600));
    CPPUNIT_ASSERT(second > first);
    txn->commit();
  }
  {
    auto rolledBack = store().beginWrite({"alice"});
    rolledBack->enqueueOutbound(outbound("mailto:z@remote.example", kNow));
    // destroyed without commit: the message goes with the change that caused it
  }
  {
    auto txn = store().beginRead();
    const auto all = txn->outboundMessages(OutboundQuery{});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, all.size());
    CPPUNIT_ASSERT_EQUAL(first, all[0].id);
    CPPUNIT_ASSERT_EQUAL(kNow, all[0].createdAt);
    CPPUNIT_ASSERT_EQUAL(std::string("mailto:alice@example.org"), all[0].sender);
    CPPUNIT_ASSERT_EQUAL(std::string("mailto:x@remote.example"), all[0].recipient);
    CPPUNIT_ASSERT_EQUAL(std::string("REQUEST"), all[0].method);
    CPPUNIT_ASSERT_EQUAL(std::string("uid-1"), all[0].uid);
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/calendar/e.ics"), all[0].originPath);
    CPPUNIT_ASSERT_EQUAL(outbound("", 0).body, all[0].body);
    CPPUNIT_ASSERT_EQUAL(std::string("pending"), all[0].status);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, all[0].attempts);
    CPPUNIT_ASSERT_EQUAL(kNow + 600, all[1].nextAttemptAt);
    const auto due = txn->outboundMessages(OutboundQuery{"pending", kNow + 1, 100});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, due.size());
    CPPUNIT_ASSERT_EQUAL(first, due[0].id);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, txn->outboundMessages(OutboundQuery{"pending", 0, 100}).size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, txn->outboundMessages(OutboundQuery{"", 0, 1}).size());  // limit
  }
  {
    auto txn = store().beginWrite({"alice"});
    auto message = txn->outboundMessages(OutboundQuery{"pending", kNow, 1}).front();
    message.status = "sent";
    message.attempts = 1;
    message.lastError = "";
    message.recipient = "mailto:ignored@remote.example";  // only the attempt's fields change
    txn->updateOutbound(message);
    OutboundMessageRecord missing = message;
    missing.id = second + 1000;
    CALDAV_ASSERT_STORE_ERROR(NotFound, txn->updateOutbound(missing));
    txn->commit();
  }
  auto txn = store().beginRead();
  const auto sent = txn->outboundMessages(OutboundQuery{"sent", 0, 100});
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, sent.size());
  CPPUNIT_ASSERT_EQUAL(first, sent[0].id);
  CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, sent[0].attempts);
  CPPUNIT_ASSERT_EQUAL(std::string("mailto:x@remote.example"), sent[0].recipient);
  const auto pending = txn->outboundMessages(OutboundQuery{"pending", 0, 100});
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, pending.size());
  CPPUNIT_ASSERT_EQUAL(second, pending[0].id);
}

void StoreContract::testMigrationFromVersion7MakesUsersIndividuals() {
  std::int64_t eventId = 0;
  {
    auto old = recreateAtVersion(7);
    auto txn = old->beginWrite({"alice"});
    txn->createCollection("/calendars/alice", "calendar", "alice", kNow);
    eventId = txn->putResource("/calendars/alice/a.ics", "alice", "A", "text/calendar", kNow).id;
    txn->commit();
  }
  // Schema 7 had no users.kind: write the user as that release did.
  execOnDatabase("INSERT INTO users (name, password_hash, created_at, email) "
                 "VALUES ('alice', 'h', 1700000000, 'Alice@Example.org')");
  reopen();
  auto txn = store().beginWrite({"alice"});
  const auto alice = txn->findUser("alice");
  CPPUNIT_ASSERT(alice.has_value());
  CPPUNIT_ASSERT_EQUAL(std::string("individual"), alice->kind);
  CPPUNIT_ASSERT_EQUAL(std::string(""), alice->autoSchedule);
  CPPUNIT_ASSERT_EQUAL(std::string("h"), alice->passwordHash);
  CPPUNIT_ASSERT_EQUAL(std::string("alice"), txn->findUserByEmail("alice@example.org")->name);
  CPPUNIT_ASSERT_EQUAL(std::string(""), txn->scheduleTag(eventId));
  txn->setScheduleTag(eventId, "t");
  txn->enqueueOutbound(outbound("mailto:x@remote.example", kNow));
  txn->commit();
  txn.reset();
  reopen();  // migrations run once
  CPPUNIT_ASSERT_EQUAL(std::string("\"t\""), store().beginRead()->scheduleTag(eventId));
}

}  // namespace caldav::storage::test
