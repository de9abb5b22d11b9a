// POST to a scheduling outbox (RFC 6638 §5): a VFREEBUSY REQUEST answered with one
// CALDAV:response per recipient, computed as free-busy-query computes a calendar home's busy
// time; who may see whose busy time (dav/FreeBusyAccess.h), also for the free-busy-query
// REPORT; and every refusal. On both backends.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include "dav/Provisioning.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <memory>

using namespace caldav::dav::testing;

namespace {

const std::string kOutbox = "/calendars/alice/outbox/";
const char* kDav = "DAV:";
const char* kCalDav = "urn:ietf:params:xml:ns:caldav";

// A VFREEBUSY REQUEST from `organizer` for `attendees` over 2026-01-05 (a Monday), UTC.
std::string freeBusyRequest(const std::string& organizer, const std::vector<std::string>& attendees,
                            const std::string& method = "REQUEST") {
  std::string text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nMETHOD:" + method +
                     "\nBEGIN:VFREEBUSY\nUID:fb-1\nDTSTAMP:20260101T000000Z\nDTSTART:20260105T000000Z\n"
                     "DTEND:20260106T000000Z\nORGANIZER:" + organizer + "\n";
  for (const auto& attendee : attendees) text += "ATTENDEE:" + attendee + "\n";
  return crlf(text + "END:VFREEBUSY\nEND:VCALENDAR\n");
}

const std::vector<std::pair<std::string, std::string>> kCalendarType{{"Content-Type", "text/calendar; charset=utf-8"}};

// Monday to Friday 09:00-17:00 UTC are available.
const std::string kWorkingHours = crlf(
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:hours\n"
    "DTSTAMP:20260101T000000Z\nSUMMARY:Secret hours\nBEGIN:AVAILABLE\nUID:hours-1\n"
    "DTSTAMP:20260101T000000Z\nDTSTART:20260105T090000Z\nDTEND:20260105T170000Z\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\n");

// One CALDAV:response of a schedule-response: its request-status and calendar-data.
struct RecipientAnswer {
  std::string status;
  std::string calendarData;
  bool hasCalendarData = false;
};

std::map<std::string, RecipientAnswer> answersOf(const std::string& body) {
  XmlQuery answer(body);
  CPPUNIT_ASSERT_MESSAGE(body, answer.root().is(kCalDav, "schedule-response"));
  std::map<std::string, RecipientAnswer> out;
  for (const auto* response : answer.root().elements()) {
    CPPUNIT_ASSERT(response->is(kCalDav, "response"));
    const auto* recipient = response->child(kCalDav, "recipient");
    CPPUNIT_ASSERT(recipient && recipient->child(kDav, "href"));
    RecipientAnswer entry;
    if (const auto* status = response->child(kCalDav, "request-status")) entry.status = status->textContent();
    if (const auto* data = response->child(kCalDav, "calendar-data")) {
      entry.hasCalendarData = true;
      entry.calendarData = data->textContent();  // XML reads each CRLF as LF
    }
    out[recipient->child(kDav, "href")->textContent()] = entry;
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class FreeBusyPostTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FreeBusyPostTest);
  CPPUNIT_TEST(testThreeAttendeesBusyAvailabilityAndUnknown);
  CPPUNIT_TEST(testTransparentCancelledAndTransparentCalendarsAreFree);
  CPPUNIT_TEST(testIndividualsBusyTimeIsNoAuthority);
  CPPUNIT_TEST(testOwnBusyTimeAndRepeatedRecipientAnsweredOnce);
  CPPUNIT_TEST(testForgedOrganizerIsRefused);
  CPPUNIT_TEST(testAnotherUsersOutboxIsNeedPrivileges);
  CPPUNIT_TEST(testPostElsewhereIs405WithAllow);
  CPPUNIT_TEST(testNotCalendarDataIsSupportedCalendarData);
  CPPUNIT_TEST(testInvalidICalendarIsValidCalendarData);
  CPPUNIT_TEST(testEventRequestIsValidSchedulingMessage);
  CPPUNIT_TEST(testFreeBusyReplyIsValidSchedulingMessage);
  CPPUNIT_TEST(testMissingRecipientOrRangeIsValidSchedulingMessage);
  CPPUNIT_TEST(testTooManyRecipients);
  CPPUNIT_TEST(testZonedRangeIsReadInItsZoneAndFloatingIsRefused);
  CPPUNIT_TEST(testBookablePrincipalsFreeBusyQueryIsReadableByOthers);
  CPPUNIT_TEST(testIndividualsFreeBusyQueryIsNeedPrivileges);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    // room1 is a room, carol a provider who answers invitations herself (bookable); dave is an
    // individual like alice and bob.
    for (const char* name : {"room1", "carol", "dave"}) {
      caldav::dav::createUser(fixture_->store(), name, std::string(name) + "-pw", 1000, 1000);
    }
    auto txn = fixture_->store().beginWrite({"room1", "carol"});
    txn->setUserScheduling("room1", "room", "automatic");
    txn->setUserScheduling("carol", "individual", "accept-if-free");
    txn->commit();
  }
  void tearDown() override { fixture_.reset(); }

  void testThreeAttendeesBusyAvailabilityAndUnknown() {
    putAs("room1", "/calendars/room1/calendar/meeting.ics",
          event("meeting", "20260105T100000Z", "20260105T110000Z", "LOCATION:Secret room\n"));
    putAs("carol", "/calendars/carol/calendar/hours.ics", kWorkingHours);
    auto response = fixture_->call(
        "POST", kOutbox,
        freeBusyRequest("mailto:alice@localhost",
                        {"mailto:room1@localhost", "mailto:carol@localhost", "mailto:nobody@example.com"}),
        kCalendarType);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    CPPUNIT_ASSERT(contains(*response.header("Content-Type"), "xml"));
    auto answers = answersOf(response.body);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, answers.size());

    const auto& room = answers["mailto:room1@localhost"];
    CPPUNIT_ASSERT_EQUAL(std::string("2.0;Success"), room.status);
    CPPUNIT_ASSERT(contains(room.calendarData, "METHOD:REPLY\n"));
    CPPUNIT_ASSERT(contains(room.calendarData, "UID:fb-1\n"));
    CPPUNIT_ASSERT(contains(room.calendarData, "ORGANIZER:mailto:alice@localhost\n"));
    CPPUNIT_ASSERT(contains(room.calendarData, "ATTENDEE:mailto:room1@localhost\n"));
    CPPUNIT_ASSERT(contains(room.calendarData, "DTSTART:20260105T000000Z\nDTEND:20260106T000000Z\n"));
    CPPUNIT_ASSERT(contains(room.calendarData, "FREEBUSY;FBTYPE=BUSY:20260105T100000Z/20260105T110000Z\n"));
    CPPUNIT_ASSERT(!contains(room.calendarData, "Secret"));
    CPPUNIT_ASSERT(!contains(room.calendarData, "meeting"));

    const auto& carol = answers["mailto:carol@localhost"];
    CPPUNIT_ASSERT_EQUAL(std::string("2.0;Success"), carol.status);
    CPPUNIT_ASSERT(contains(carol.calendarData,
                            "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20260105T000000Z/20260105T090000Z\n"
                            "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20260105T170000Z/20260106T000000Z\n"));
    CPPUNIT_ASSERT(!contains(carol.calendarData, "Secret"));

    const auto& unknown = answers["mailto:nobody@example.com"];
    CPPUNIT_ASSERT_EQUAL(std::string("3.7;Invalid calendar user"), unknown.status);
    CPPUNIT_ASSERT(!unknown.hasCalendarData);
  }

  void testTransparentCancelledAndTransparentCalendarsAreFree() {
    putAs("room1", "/calendars/room1/calendar/free.ics",
          event("free", "20260105T080000Z", "20260105T090000Z", "TRANSP:TRANSPARENT\n"));
    putAs("room1", "/calendars/room1/calendar/off.ics",
          event("off", "20260105T120000Z", "20260105T130000Z", "STATUS:CANCELLED\n"));
    putAs("room1", "/calendars/room1/calendar/maybe.ics",
          event("maybe", "20260105T140000Z", "20260105T150000Z", "STATUS:TENTATIVE\n"));
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/room1/private/", "", {},
                                             DispatcherFixture::basic("room1", "room1-pw")).status);
    auto transp = fixture_->call(
        "PROPPATCH", "/calendars/room1/private/",
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
        "<C:schedule-calendar-transp><C:transparent/></C:schedule-calendar-transp></D:prop></D:set></D:propertyupdate>",
        {}, DispatcherFixture::basic("room1", "room1-pw"));
    CPPUNIT_ASSERT_EQUAL(207, transp.status);
    putAs("room1", "/calendars/room1/private/hidden.ics", event("hidden", "20260105T160000Z", "20260105T170000Z"));
    auto response = fixture_->call("POST", kOutbox,
                                   freeBusyRequest("mailto:alice@localhost", {"mailto:room1@localhost"}), kCalendarType);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    const auto data = answersOf(response.body)["mailto:room1@localhost"].calendarData;
    CPPUNIT_ASSERT_MESSAGE(data, contains(data, "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20260105T140000Z/20260105T150000Z\n"));
    CPPUNIT_ASSERT_MESSAGE(data, !contains(data, "FBTYPE=BUSY:"));
  }

  void testIndividualsBusyTimeIsNoAuthority() {
    putAs("dave", "/calendars/dave/calendar/e.ics", event("e", "20260105T100000Z", "20260105T110000Z"));
    auto response = fixture_->call("POST", kOutbox,
                                   freeBusyRequest("mailto:alice@localhost", {"MAILTO:Dave@Localhost"}), kCalendarType);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    const auto answer = answersOf(response.body)["MAILTO:Dave@Localhost"];
    CPPUNIT_ASSERT_EQUAL(std::string("3.8;No authority"), answer.status);
    CPPUNIT_ASSERT(!answer.hasCalendarData);
  }

  void testOwnBusyTimeAndRepeatedRecipientAnsweredOnce() {
    putAs("alice", "/calendars/alice/calendar/e.ics", event("e", "20260105T100000Z", "20260105T110000Z"));
    auto response = fixture_->call(
        "POST", kOutbox,
        freeBusyRequest("MAILTO:ALICE@localhost", {"mailto:alice@localhost", "mailto:alice@localhost"}), kCalendarType);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, XmlQuery(response.body).root().elements().size());
    const auto answer = answersOf(response.body)["mailto:alice@localhost"];
    CPPUNIT_ASSERT(contains(answer.calendarData, "FREEBUSY;FBTYPE=BUSY:20260105T100000Z/20260105T110000Z\n"));
  }

  void testForgedOrganizerIsRefused() {
    auto response = fixture_->call("POST", kOutbox,
                                   freeBusyRequest("mailto:bob@localhost", {"mailto:room1@localhost"}), kCalendarType);
    expectRefusal(response, 403, kCalDav, "organizer-allowed");
    expectRefusal(fixture_->call("POST", kOutbox, removeLine(freeBusyRequest("x", {"mailto:room1@localhost"}), "ORGANIZER"),
                                 kCalendarType),
                  403, kCalDav, "valid-organizer");
  }

  void testAnotherUsersOutboxIsNeedPrivileges() {
    auto response = fixture_->call("POST", kOutbox,
                                   freeBusyRequest("mailto:bob@localhost", {"mailto:room1@localhost"}), kCalendarType,
                                   DispatcherFixture::basic("bob", "bob-pw"));
    expectRefusal(response, 403, kDav, "need-privileges");
    CPPUNIT_ASSERT(contains(response.body, "schedule-send-freebusy"));
    CPPUNIT_ASSERT(contains(response.body, "/calendars/alice/outbox/"));
  }

  void testPostElsewhereIs405WithAllow() {
    for (const std::string target : {"/calendars/alice/calendar/", "/calendars/alice/inbox/", "/calendars/bob/calendar/",
                                     "/principals/users/alice/", "/"}) {
      auto response = fixture_->call("POST", target, freeBusyRequest("mailto:alice@localhost", {"mailto:bob@localhost"}),
                                     kCalendarType);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 405, response.status);
      const std::string* allow = response.header("Allow");
      CPPUNIT_ASSERT_MESSAGE(target, allow && contains(*allow, "PROPFIND") && !contains(*allow, "POST"));
    }
  }

  void testNotCalendarDataIsSupportedCalendarData() {
    auto response = fixture_->call("POST", kOutbox, freeBusyRequest("mailto:alice@localhost", {"mailto:bob@localhost"}),
                                   {{"Content-Type", "application/xml"}});
    expectRefusal(response, 403, kCalDav, "supported-calendar-data");
  }

  void testInvalidICalendarIsValidCalendarData() {
    expectRefusal(fixture_->call("POST", kOutbox, "BEGIN:VCALENDAR\r\nnot iCalendar\r\n", kCalendarType), 403, kCalDav,
                  "valid-calendar-data");
  }

  void testEventRequestIsValidSchedulingMessage() {
    std::string invitation = event("meet", "20260105T100000Z", "20260105T110000Z",
                                   "ORGANIZER:mailto:alice@localhost\nATTENDEE:mailto:bob@localhost\n");
    invitation.insert(invitation.find("BEGIN:VEVENT"), "METHOD:REQUEST\r\n");
    auto response = fixture_->call("POST", kOutbox, invitation, kCalendarType);
    expectRefusal(response, 403, kCalDav, "valid-scheduling-message");
    CPPUNIT_ASSERT(contains(response.body, "RFC 6638 §3.2"));
  }

  void testFreeBusyReplyIsValidSchedulingMessage() {
    expectRefusal(fixture_->call("POST", kOutbox,
                                 freeBusyRequest("mailto:alice@localhost", {"mailto:bob@localhost"}, "REPLY"),
                                 kCalendarType),
                  403, kCalDav, "valid-scheduling-message");
    expectRefusal(fixture_->call("POST", kOutbox,
                                 removeLine(freeBusyRequest("mailto:alice@localhost", {"mailto:bob@localhost"}), "METHOD"),
                                 kCalendarType),
                  403, kCalDav, "valid-scheduling-message");
  }

  void testMissingRecipientOrRangeIsValidSchedulingMessage() {
    const std::string request = freeBusyRequest("mailto:alice@localhost", {"mailto:bob@localhost"});
    for (const char* line : {"ATTENDEE", "DTEND", "DTSTART", "UID"}) {
      auto response = fixture_->call("POST", kOutbox, removeLine(request, line), kCalendarType);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(line, 403, response.status);
      CPPUNIT_ASSERT_MESSAGE(line, XmlQuery(response.body).root().child(kCalDav, "valid-scheduling-message"));
    }
  }

  void testTooManyRecipients() {
    std::vector<std::string> attendees;
    for (int i = 0; i < 101; ++i) attendees.push_back("mailto:guest" + std::to_string(i) + "@example.com");
    expectRefusal(fixture_->call("POST", kOutbox, freeBusyRequest("mailto:alice@localhost", attendees), kCalendarType),
                  403, "urn:caldavd", "too-many-recipients");
    attendees.pop_back();
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("POST", kOutbox, freeBusyRequest("mailto:alice@localhost", attendees),
                                             kCalendarType).status);
  }

  void testZonedRangeIsReadInItsZoneAndFloatingIsRefused() {
    putAs("room1", "/calendars/room1/calendar/late.ics", event("late", "20260105T230000Z", "20260106T000000Z"));
    std::string zoned = freeBusyRequest("mailto:alice@localhost", {"mailto:room1@localhost"});
    // 2026-01-05 01:00 in Berlin is 00:00 UTC: the range ends at 2026-01-06T00:00:00Z.
    zoned.replace(zoned.find("DTEND:20260106T000000Z"), 22, "DTEND;TZID=Europe/Berlin:20260106T010000");
    auto response = fixture_->call("POST", kOutbox, zoned, kCalendarType);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    const auto data = answersOf(response.body)["mailto:room1@localhost"].calendarData;
    CPPUNIT_ASSERT_MESSAGE(data, contains(data, "DTEND:20260106T000000Z\n"));
    CPPUNIT_ASSERT_MESSAGE(data, contains(data, "FREEBUSY;FBTYPE=BUSY:20260105T230000Z/20260106T000000Z\n"));
    std::string floating = freeBusyRequest("mailto:alice@localhost", {"mailto:room1@localhost"});
    floating.replace(floating.find("DTEND:20260106T000000Z"), 22, "DTEND:20260106T000000");
    expectRefusal(fixture_->call("POST", kOutbox, floating, kCalendarType), 403, kCalDav, "valid-scheduling-message");
  }

  void testBookablePrincipalsFreeBusyQueryIsReadableByOthers() {
    putAs("room1", "/calendars/room1/calendar/meeting.ics",
          event("meeting", "20260105T100000Z", "20260105T110000Z", "LOCATION:Secret room\n"));
    const std::string query =
        "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"20260105T000000Z\" "
        "end=\"20260106T000000Z\"/></C:free-busy-query>";
    for (const std::string target : {"/calendars/room1/calendar/", "/calendars/room1/"}) {
      auto response = fixture_->call("REPORT", target, query, {{"Depth", "1"}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(target + response.body, 200, response.status);
      CPPUNIT_ASSERT(contains(response.body, "FREEBUSY;FBTYPE=BUSY:20260105T100000Z/20260105T110000Z\r\n"));
      CPPUNIT_ASSERT(!contains(response.body, "Secret"));
    }
    // Busy time only: the room's events themselves stay the room's.
    auto details = fixture_->call(
        "REPORT", "/calendars/room1/calendar/",
        "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><C:calendar-data/>"
        "</D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>",
        {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(403, details.status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("GET", "/calendars/room1/calendar/meeting.ics").status);
  }

  void testIndividualsFreeBusyQueryIsNeedPrivileges() {
    const std::string query =
        "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"20260105T000000Z\" "
        "end=\"20260106T000000Z\"/></C:free-busy-query>";
    for (const std::string target : {"/calendars/bob/calendar/", "/calendars/bob/", "/calendars/nobody/calendar/"}) {
      auto response = fixture_->call("REPORT", target, query, {{"Depth", "1"}});
      expectRefusal(response, 403, kDav, "need-privileges");
      CPPUNIT_ASSERT_MESSAGE(response.body, contains(response.body, "read-free-busy"));
    }
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("REPORT", "/calendars/bob/calendar/", query, {},
                                             DispatcherFixture::basic("bob", "bob-pw")).status);
  }

 private:
  void putAs(const std::string& user, const std::string& path, const std::string& body) {
    auto response = fixture_->call("PUT", path, body, kCalendarType, DispatcherFixture::basic(user, user + "-pw"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + response.body, 201, response.status);
  }

  static std::string removeLine(std::string text, const std::string& name) {
    const auto at = text.find("\r\n" + name);
    CPPUNIT_ASSERT(at != std::string::npos);
    text.erase(at + 2, text.find("\r\n", at + 2) - at);
    return text;
  }

  static void expectRefusal(const caldav::dav::Response& response, int status, const char* ns, const char* name) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, status, response.status);
    CPPUNIT_ASSERT_MESSAGE(response.body, XmlQuery(response.body).root().child(ns, name));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(FreeBusyPostTest);
