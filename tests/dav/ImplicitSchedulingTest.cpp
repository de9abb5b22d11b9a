// Implicit scheduling through the protocol, on both backends (RFC 6638 §3.2, docs/scheduling.md):
// invitations between local users, a bookable room that answers by its booking rules, replies,
// cancellations, remote recipients in the outbound queue, Schedule-Tag and forgery refusals.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

namespace {

const std::string kAlice = "/calendars/alice/calendar/";
const std::string kBob = "/calendars/bob/calendar/";
const std::string kRoom = "/calendars/room1/calendar/";
const std::string kCalDavNs = "urn:ietf:params:xml:ns:caldav";

// An event organized by `organizer` with `attendees` (addresses without "mailto:").
std::string meeting(const std::string& uid, const std::string& start, const std::string& end,
                    const std::string& organizer, const std::vector<std::string>& attendees,
                    const std::string& extra = "") {
  std::string lines = "ORGANIZER:mailto:" + organizer + "\nATTENDEE;PARTSTAT=ACCEPTED:mailto:" + organizer + "\n";
  for (const auto& attendee : attendees) lines += "ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:" + attendee + "\n";
  return event(uid, start, end, lines + extra);
}

// Unfolds iCalendar text so a test can look for whole property lines.
std::string unfolded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n' && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

// The line of `text` for the ATTENDEE `address` (its first occurrence), "" if none.
std::string attendeeLine(const std::string& text, const std::string& address, std::size_t from = 0) {
  const std::string flat = unfolded(text);
  for (std::size_t at = flat.find("ATTENDEE", from); at != std::string::npos; at = flat.find("ATTENDEE", at + 1)) {
    const auto end = flat.find('\n', at);
    const std::string line = flat.substr(at, end - at);
    if (line.find("mailto:" + address) != std::string::npos) return line;
  }
  return "";
}

}  // namespace

class ImplicitSchedulingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImplicitSchedulingTest);
  CPPUNIT_TEST(testInvitationReachesTheAttendeesInboxAndCalendar);
  CPPUNIT_TEST(testAttendeeReplyUpdatesTheOrganizersCopy);
  CPPUNIT_TEST(testAttendeePartstatChangeKeepsTheScheduleTag);
  CPPUNIT_TEST(testIfScheduleTagMatchRefusesAStaleWrite);
  CPPUNIT_TEST(testBookableRoomAcceptsAFreeSlotAtOnce);
  CPPUNIT_TEST(testBookableRoomDeclinesAConflictNamingTheRule);
  CPPUNIT_TEST(testRescheduleIsEvaluatedAgain);
  CPPUNIT_TEST(testCancellingFreesTheRoomsSlot);
  CPPUNIT_TEST(testRecurringSeriesWithOneBusyOccurrenceDeclinesOnlyThatOne);
  CPPUNIT_TEST(testRemovedAttendeeGetsACancel);
  CPPUNIT_TEST(testRemoteAttendeeIsQueuedWithPendingStatus);
  CPPUNIT_TEST(testScheduleAgentClientSendsNothing);
  CPPUNIT_TEST(testForgedOrganizerIsRefused);
  CPPUNIT_TEST(testAttendeeAnsweringForAnotherIsRefused);
  CPPUNIT_TEST(testAttendeeDeletingItsCopyDeclines);
  CPPUNIT_TEST(testMoveBetweenCalendarsSendsNothingAndKeepsTheScheduleTag);
  CPPUNIT_TEST(testMoveOutOfTheCalendarsCancels);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    caldav::dav::createUser(fixture_->store(), "carol", "carol-pw", 1000, 1000);
    caldav::dav::createUser(fixture_->store(), "room1", "room1-pw", 1000, 1000);
    {
      auto txn = fixture_->store().beginWrite({"room1"});
      txn->setUserScheduling("room1", "room", "automatic");
      txn->commit();
    }
    auto enable = fixture_->call("PROPPATCH", kRoom,
                                 "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:B=\"urn:caldavd:booking\"><D:set><D:prop>"
                                 "<B:booking-rules-enabled>true</B:booking-rules-enabled></D:prop></D:set>"
                                 "</D:propertyupdate>",
                                 {}, DispatcherFixture::basic("room1", "room1-pw"));
    CPPUNIT_ASSERT_EQUAL(207, enable.status);
  }
  void tearDown() override { fixture_.reset(); }

  void testInvitationReachesTheAttendeesInboxAndCalendar() {
    auto put = putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost"}));
    CPPUNIT_ASSERT_EQUAL(201, put.status);
    CPPUNIT_ASSERT(put.header("Schedule-Tag"));
    // The organizer's copy records the delivery (RFC 6638 §3.2.9: 1.2 delivered).
    const std::string organizerCopy = get("alice", kAlice + "m.ics");
    CPPUNIT_ASSERT_MESSAGE(organizerCopy, attendeeLine(organizerCopy, "bob@localhost").find("SCHEDULE-STATUS=1.2") != std::string::npos);
    // Bob's inbox holds the REQUEST; his default calendar a copy that waits for his answer.
    const auto inbox = members("bob", "/calendars/bob/inbox/");
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, inbox.size());
    CPPUNIT_ASSERT(get("bob", inbox.front()).find("METHOD:REQUEST") != std::string::npos);
    const auto copies = members("bob", kBob);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, copies.size());
    // Named after the UID, as a client that PUTs its answer there (python caldav) expects.
    CPPUNIT_ASSERT_EQUAL(kBob + "m.ics", copies.front());
    const std::string copy = get("bob", copies.front());
    CPPUNIT_ASSERT(copy.find("METHOD") == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(copy, attendeeLine(copy, "bob@localhost").find("PARTSTAT=NEEDS-ACTION") != std::string::npos);
  }

  void testAttendeeReplyUpdatesTheOrganizersCopy() {
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost"}));
    const std::string copyPath = members("bob", kBob).front();
    std::string copy = get("bob", copyPath);
    replaceAll(copy, "PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED");
    CPPUNIT_ASSERT_EQUAL(204, putAs("bob", copyPath, copy).status);
    const std::string organizerCopy = get("alice", kAlice + "m.ics");
    CPPUNIT_ASSERT_MESSAGE(organizerCopy, attendeeLine(organizerCopy, "bob@localhost").find("PARTSTAT=ACCEPTED") != std::string::npos);
    // ... and the REPLY waits in the organizer's inbox.
    const auto inbox = members("alice", "/calendars/alice/inbox/");
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, inbox.size());
    CPPUNIT_ASSERT(get("alice", inbox.front()).find("METHOD:REPLY") != std::string::npos);
  }

  void testAttendeePartstatChangeKeepsTheScheduleTag() {
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost"}));
    const std::string copyPath = members("bob", kBob).front();
    auto before = fixture_->call("GET", copyPath, "", {}, auth("bob"));
    CPPUNIT_ASSERT(before.header("Schedule-Tag"));
    const std::string tag = *before.header("Schedule-Tag");
    std::string copy = before.body;
    replaceAll(copy, "PARTSTAT=NEEDS-ACTION", "PARTSTAT=TENTATIVE");
    auto put = fixture_->call("PUT", copyPath, copy, {{"Content-Type", "text/calendar"}, {"If-Schedule-Tag-Match", tag}}, auth("bob"));
    CPPUNIT_ASSERT_EQUAL(204, put.status);
    CPPUNIT_ASSERT(put.header("Schedule-Tag"));
    CPPUNIT_ASSERT_EQUAL(tag, *put.header("Schedule-Tag"));
    // The organizer's update is delivered and changes it.
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T120000Z", "20231120T130000Z", "alice@localhost", {"bob@localhost"}));
    auto after = fixture_->call("GET", copyPath, "", {}, auth("bob"));
    CPPUNIT_ASSERT(after.header("Schedule-Tag"));
    CPPUNIT_ASSERT(tag != *after.header("Schedule-Tag"));
  }

  void testIfScheduleTagMatchRefusesAStaleWrite() {
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost"}));
    const std::string copyPath = members("bob", kBob).front();
    std::string copy = get("bob", copyPath);
    auto put = fixture_->call("PUT", copyPath, copy, {{"Content-Type", "text/calendar"}, {"If-Schedule-Tag-Match", "\"stale\""}}, auth("bob"));
    CPPUNIT_ASSERT_EQUAL(412, put.status);
    auto del = fixture_->call("DELETE", copyPath, "", {{"If-Schedule-Tag-Match", "\"stale\""}}, auth("bob"));
    CPPUNIT_ASSERT_EQUAL(412, del.status);
  }

  void testBookableRoomAcceptsAFreeSlotAtOnce() {
    CPPUNIT_ASSERT_EQUAL(201, putAs("alice", kAlice + "r.ics", meeting("r", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"room1@localhost"})).status);
    // Right after the organizer's PUT returns, its copy shows the room's answer.
    const std::string organizerCopy = get("alice", kAlice + "r.ics");
    CPPUNIT_ASSERT_MESSAGE(organizerCopy, attendeeLine(organizerCopy, "room1@localhost").find("PARTSTAT=ACCEPTED") != std::string::npos);
    const auto bookings = members("room1", kRoom);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, bookings.size());
    CPPUNIT_ASSERT(attendeeLine(get("room1", bookings.front()), "room1@localhost").find("PARTSTAT=ACCEPTED") != std::string::npos);
  }

  void testBookableRoomDeclinesAConflictNamingTheRule() {
    putAs("alice", kAlice + "r.ics", meeting("r", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"room1@localhost"}));
    CPPUNIT_ASSERT_EQUAL(201, putAs("bob", kBob + "r2.ics", meeting("r2", "20231120T103000Z", "20231120T113000Z", "bob@localhost", {"room1@localhost"})).status);
    const std::string bobs = get("bob", kBob + "r2.ics");
    CPPUNIT_ASSERT_MESSAGE(bobs, attendeeLine(bobs, "room1@localhost").find("PARTSTAT=DECLINED") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(bobs, attendeeLine(bobs, "room1@localhost").find("SCHEDULE-STATUS=4.1") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, members("room1", kRoom).size());
    // The reply that said why names no other event's details.
    CPPUNIT_ASSERT(bobs.find("SUMMARY:r\r\n") == std::string::npos);
  }

  void testRescheduleIsEvaluatedAgain() {
    putAs("alice", kAlice + "a.ics", meeting("a", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"room1@localhost"}));
    putAs("bob", kBob + "b.ics", meeting("b", "20231120T140000Z", "20231120T150000Z", "bob@localhost", {"room1@localhost"}));
    // Bob moves his meeting onto Alice's: the room declines and frees his old slot.
    putAs("bob", kBob + "b.ics", meeting("b", "20231120T100000Z", "20231120T110000Z", "bob@localhost", {"room1@localhost"}, "SEQUENCE:1\n"));
    const std::string bobs = get("bob", kBob + "b.ics");
    CPPUNIT_ASSERT_MESSAGE(bobs, attendeeLine(bobs, "room1@localhost").find("PARTSTAT=DECLINED") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, members("room1", kRoom).size());
    // Carol takes the freed slot.
    putAs("carol", "/calendars/carol/calendar/c.ics", meeting("c", "20231120T140000Z", "20231120T150000Z", "carol@localhost", {"room1@localhost"}));
    const std::string carols = get("carol", "/calendars/carol/calendar/c.ics");
    CPPUNIT_ASSERT_MESSAGE(carols, attendeeLine(carols, "room1@localhost").find("PARTSTAT=ACCEPTED") != std::string::npos);
  }

  void testCancellingFreesTheRoomsSlot() {
    putAs("alice", kAlice + "a.ics", meeting("a", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"room1@localhost"}));
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", kAlice + "a.ics", "", {}, auth("alice")).status);
    const auto bookings = members("room1", kRoom);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, bookings.size());
    CPPUNIT_ASSERT(get("room1", bookings.front()).find("STATUS:CANCELLED") != std::string::npos);
    putAs("bob", kBob + "b.ics", meeting("b", "20231120T100000Z", "20231120T110000Z", "bob@localhost", {"room1@localhost"}));
    const std::string bobs = get("bob", kBob + "b.ics");
    CPPUNIT_ASSERT_MESSAGE(bobs, attendeeLine(bobs, "room1@localhost").find("PARTSTAT=ACCEPTED") != std::string::npos);
  }

  void testRecurringSeriesWithOneBusyOccurrenceDeclinesOnlyThatOne() {
    putAs("alice", kAlice + "a.ics", meeting("a", "20231122T100000Z", "20231122T110000Z", "alice@localhost", {"room1@localhost"}));
    putAs("bob", kBob + "s.ics", meeting("s", "20231120T100000Z", "20231120T110000Z", "bob@localhost", {"room1@localhost"}, "RRULE:FREQ=DAILY;COUNT=5\n"));
    const std::string bobs = unfolded(get("bob", kBob + "s.ics"));
    // The series is accepted; the occurrence of the 22nd has its own component, declined.
    CPPUNIT_ASSERT_MESSAGE(bobs, attendeeLine(bobs, "room1@localhost").find("PARTSTAT=ACCEPTED") != std::string::npos);
    const auto override = bobs.find("RECURRENCE-ID:20231122T100000Z");
    CPPUNIT_ASSERT_MESSAGE(bobs, override != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(bobs, attendeeLine(bobs, "room1@localhost", bobs.rfind("BEGIN:VEVENT", override)).find("PARTSTAT=DECLINED") != std::string::npos);
  }

  void testRemovedAttendeeGetsACancel() {
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost", "carol@localhost"}));
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"carol@localhost"}, "SEQUENCE:1\n"));
    bool hasCancel = false;
    for (const auto& item : members("bob", "/calendars/bob/inbox/")) hasCancel |= get("bob", item).find("METHOD:CANCEL") != std::string::npos;
    CPPUNIT_ASSERT(hasCancel);
    CPPUNIT_ASSERT(get("bob", members("bob", kBob).front()).find("STATUS:CANCELLED") != std::string::npos);
    CPPUNIT_ASSERT(get("carol", members("carol", "/calendars/carol/calendar/").front()).find("STATUS:CANCELLED") == std::string::npos);
  }

  void testRemoteAttendeeIsQueuedWithPendingStatus() {
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"zoe@example.org"}));
    const std::string organizerCopy = get("alice", kAlice + "m.ics");
    CPPUNIT_ASSERT_MESSAGE(organizerCopy, attendeeLine(organizerCopy, "zoe@example.org").find("SCHEDULE-STATUS=1.0") != std::string::npos);
    auto queued = fixture_->store().beginRead()->outboundMessages({"pending", 0, 10});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, queued.size());
    CPPUNIT_ASSERT_EQUAL(std::string("mailto:zoe@example.org"), queued.front().recipient);
    CPPUNIT_ASSERT_EQUAL(std::string("REQUEST"), queued.front().method);
    CPPUNIT_ASSERT(queued.front().body.find("METHOD:REQUEST") != std::string::npos);
  }

  void testScheduleAgentClientSendsNothing() {
    std::string body = event("m", "20231120T100000Z", "20231120T110000Z",
                             "ORGANIZER:mailto:alice@localhost\nATTENDEE;SCHEDULE-AGENT=CLIENT:mailto:bob@localhost\n");
    CPPUNIT_ASSERT_EQUAL(201, putAs("alice", kAlice + "m.ics", body).status);
    CPPUNIT_ASSERT(members("bob", "/calendars/bob/inbox/").empty());
    CPPUNIT_ASSERT(members("bob", kBob).empty());
  }

  void testForgedOrganizerIsRefused() {
    // Alice may not make the server invite Carol in Bob's name.
    auto put = putAs("alice", kAlice + "f.ics", meeting("f", "20231120T100000Z", "20231120T110000Z", "bob@localhost", {"carol@localhost"}));
    CPPUNIT_ASSERT_EQUAL(403, put.status);
    CPPUNIT_ASSERT(XmlQuery(put.body).root().child(kCalDavNs, "organizer-allowed"));
    CPPUNIT_ASSERT(members("carol", "/calendars/carol/inbox/").empty());
  }

  void testAttendeeAnsweringForAnotherIsRefused() {
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost", "carol@localhost"}));
    const std::string copyPath = members("bob", kBob).front();
    std::string copy = unfolded(get("bob", copyPath));
    // Bob writes Carol's answer into his copy: refused, and nothing reaches Alice.
    const auto carol = copy.find("mailto:carol@localhost");
    const auto line = copy.rfind("ATTENDEE", carol);
    copy.replace(copy.find("PARTSTAT=NEEDS-ACTION", line), std::string("PARTSTAT=NEEDS-ACTION").size(), "PARTSTAT=ACCEPTED");
    auto put = putAs("bob", copyPath, copy);
    CPPUNIT_ASSERT_EQUAL(403, put.status);
    CPPUNIT_ASSERT(XmlQuery(put.body).root().child(kCalDavNs, "attendee-allowed"));
    const std::string organizerCopy = get("alice", kAlice + "m.ics");
    CPPUNIT_ASSERT(attendeeLine(organizerCopy, "carol@localhost").find("PARTSTAT=NEEDS-ACTION") != std::string::npos);
  }

  void testAttendeeDeletingItsCopyDeclines() {
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost"}));
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", members("bob", kBob).front(), "", {}, auth("bob")).status);
    const std::string organizerCopy = get("alice", kAlice + "m.ics");
    CPPUNIT_ASSERT_MESSAGE(organizerCopy, attendeeLine(organizerCopy, "bob@localhost").find("PARTSTAT=DECLINED") != std::string::npos);
  }

  void testMoveBetweenCalendarsSendsNothingAndKeepsTheScheduleTag() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/work/", "", {}, auth("alice")).status);
    auto put = putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost"}));
    const std::string tag = *put.header("Schedule-Tag");
    const auto inboxBefore = members("bob", "/calendars/bob/inbox/").size();
    auto move = fixture_->call("MOVE", kAlice + "m.ics", "", {{"Destination", "/calendars/alice/work/m.ics"}}, auth("alice"));
    CPPUNIT_ASSERT_EQUAL(201, move.status);
    CPPUNIT_ASSERT_EQUAL(inboxBefore, members("bob", "/calendars/bob/inbox/").size());
    auto moved = fixture_->call("GET", "/calendars/alice/work/m.ics", "", {}, auth("alice"));
    CPPUNIT_ASSERT(moved.header("Schedule-Tag"));
    CPPUNIT_ASSERT_EQUAL(tag, *moved.header("Schedule-Tag"));
    CPPUNIT_ASSERT(get("bob", members("bob", kBob).front()).find("STATUS:CANCELLED") == std::string::npos);
  }

  void testMoveOutOfTheCalendarsCancels() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCOL", "/calendars/alice/archive/", "", {}, auth("alice")).status);
    putAs("alice", kAlice + "m.ics", meeting("m", "20231120T100000Z", "20231120T110000Z", "alice@localhost", {"bob@localhost"}));
    auto move = fixture_->call("MOVE", kAlice + "m.ics", "", {{"Destination", "/calendars/alice/archive/m.ics"}}, auth("alice"));
    CPPUNIT_ASSERT_EQUAL(201, move.status);
    CPPUNIT_ASSERT(get("bob", members("bob", kBob).front()).find("STATUS:CANCELLED") != std::string::npos);
  }

 private:
  static std::string auth(const std::string& user) { return DispatcherFixture::basic(user, user + "-pw"); }

  caldav::dav::Response putAs(const std::string& user, const std::string& path, const std::string& body) {
    return fixture_->call("PUT", path, body, {{"Content-Type", "text/calendar"}}, auth(user));
  }

  std::string get(const std::string& user, const std::string& path) {
    auto response = fixture_->call("GET", path, "", {}, auth(user));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 200, response.status);
    return response.body;
  }

  // The hrefs of the members of `collection` (PROPFIND Depth 1, the collection left out).
  std::vector<std::string> members(const std::string& user, const std::string& collection) {
    auto response = fixture_->call("PROPFIND", collection,
                                   "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>",
                                   {{"Depth", "1"}}, auth(user));
    CPPUNIT_ASSERT_EQUAL(207, response.status);
    std::vector<std::string> out;
    for (const auto& href : XmlQuery(response.body).hrefs()) {
      if (href != collection) out.push_back(href);
    }
    return out;
  }

  static void replaceAll(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImplicitSchedulingTest);
