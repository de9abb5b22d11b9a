// Leniencies and refusals of calendar data on PUT (issue 10; docs/caldav.md): what is refused
// with CALDAV:valid-calendar-data (and nothing stored), what is repaired (stored repaired, no
// ETag in the answer, RFC 4791 §5.3.4), what is kept as sent.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

namespace {

std::string bareEvent(const std::string& uid) {
  return crlf("BEGIN:VEVENT\nUID:" + uid + "\nDTSTART:20240105T090000Z\nDTEND:20240105T100000Z\nSUMMARY:bare\nEND:VEVENT\n");
}

std::string editedTwice() {
  return crlf(
      "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
      "BEGIN:VEVENT\nUID:twice\nDTSTAMP:20240101T000000Z\nDTSTART:20240105T090000Z\nDTEND:20240105T100000Z\n"
      "RRULE:FREQ=DAILY;COUNT=5\nSUMMARY:series\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:twice\nDTSTAMP:20240101T000000Z\nRECURRENCE-ID:20240107T090000Z\n"
      "DTSTART:20240107T110000Z\nDTEND:20240107T120000Z\nSUMMARY:First edit\nEND:VEVENT\n"
      "BEGIN:VEVENT\nUID:twice\nDTSTAMP:20240102T000000Z\nRECURRENCE-ID:20240107T090000Z\n"
      "DTSTART:20240107T130000Z\nDTEND:20240107T140000Z\nSUMMARY:Second edit\nEND:VEVENT\n"
      "END:VCALENDAR\n");
}

std::string secondlyZone() {
  return crlf(
      "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
      "BEGIN:VTIMEZONE\nTZID:Bomb\nBEGIN:STANDARD\nDTSTART:16010101T000000\nRRULE:FREQ=SECONDLY\n"
      "TZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n"
      "BEGIN:VEVENT\nUID:zone\nDTSTAMP:20240101T000000Z\nDTSTART;TZID=Bomb:20240105T090000\nEND:VEVENT\n"
      "END:VCALENDAR\n");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class CalDavCalendarDataTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CalDavCalendarDataTest);
  CPPUNIT_TEST(testBodyNotUtf8IsRefusedAndNothingStored);
  CPPUNIT_TEST(testControlCharacterIsRefused);
  CPPUNIT_TEST(testCharsetOtherThanUtf8IsUnsupportedCalendarData);
  CPPUNIT_TEST(testUsAsciiDeclaredBodyMustBeAscii);
  CPPUNIT_TEST(testImpossibleDateIsRefused);
  CPPUNIT_TEST(testEventInsideEventIsRefused);
  CPPUNIT_TEST(testUnboundedTimezoneIsRefused);
  CPPUNIT_TEST(testBareEventIsStoredWrappedWithoutEtag);
  CPPUNIT_TEST(testRepeatedRecurrenceIdKeepsTheLastEdit);
  CPPUNIT_TEST(testEmptyDescriptionIsStoredAsSentWithEtag);
  CPPUNIT_TEST(testTodoWithRruleAndNoDtstartIsAccepted);
  CPPUNIT_TEST(testDtendBeforeDtstartStaysRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testBodyNotUtf8IsRefusedAndNothingStored() {
    assertRefused("latin1.ics", event("latin1", "20240105T090000Z", "20240105T100000Z", "LOCATION:Caf\xE9\n"));
  }

  void testControlCharacterIsRefused() {
    assertRefused("esc.ics", event("esc", "20240105T090000Z", "20240105T100000Z", "LOCATION:a\x1B[2Jb\n"));
  }

  void testCharsetOtherThanUtf8IsUnsupportedCalendarData() {
    auto response = fixture_->call("PUT", path("l1.ics"), event("l1", "20240105T090000Z", "20240105T100000Z"),
                                   {{"Content-Type", "text/calendar; charset=\"ISO-8859-1\""}});
    assertPrecondition(response, 403, "supported-calendar-data");
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", path("l1.ics")).status);
  }

  void testUsAsciiDeclaredBodyMustBeAscii() {
    const std::string utf8 = event("u8", "20240105T090000Z", "20240105T100000Z", "LOCATION:Caf\xC3\xA9\n");
    const std::pair<std::string, std::string> ascii{"Content-Type", "text/calendar; component=vevent; Charset=US-ASCII"};
    assertPrecondition(fixture_->call("PUT", path("u8.ics"), utf8, {ascii}), 403, "valid-calendar-data");
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("PUT", path("a.ics"), event("a", "20240105T090000Z", "20240105T100000Z"),
                                             {ascii}).status);
    CPPUNIT_ASSERT_EQUAL(201, put("u8.ics", utf8).status);
  }

  void testImpossibleDateIsRefused() {
    assertRefused("m13.ics", event("m13", "20241305T090000Z", "20241305T100000Z"));
    assertRefused("h99.ics", event("h99", "20240105T990000Z", "20240105T995900Z"));
    assertRefused("feb30.ics", event("feb30", "20240230T090000Z", "20240230T100000Z"));
  }

  void testEventInsideEventIsRefused() {
    assertRefused("nested.ics", event("nested", "20240105T090000Z", "20240105T100000Z",
                                      "BEGIN:VEVENT\nUID:inner\nDTSTART:20240105T090000Z\nEND:VEVENT\n"));
    assertRefused("alarms.ics", event("alarms", "20240105T090000Z", "20240105T100000Z",
                                      "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT5M\nDESCRIPTION:a\n"
                                      "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT5M\nDESCRIPTION:b\nEND:VALARM\n"
                                      "END:VALARM\n"));
  }

  void testUnboundedTimezoneIsRefused() {
    // Without the bound this PUT never returns (libical expands the zone second by second).
    assertRefused("zone.ics", secondlyZone());
  }

  void testBareEventIsStoredWrappedWithoutEtag() {
    auto created = put("bare.ics", bareEvent("bare"));
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT_MESSAGE("RFC 4791 §5.3.4: no ETag for a body stored changed", !created.header("ETag"));
    auto get = fixture_->call("GET", path("bare.ics"));
    CPPUNIT_ASSERT_EQUAL(200, get.status);
    CPPUNIT_ASSERT(get.header("ETag"));
    CPPUNIT_ASSERT(get.body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    CPPUNIT_ASSERT(contains(get.body, "\r\nVERSION:2.0\r\n"));
    CPPUNIT_ASSERT(contains(get.body, "\r\nPRODID:"));
    CPPUNIT_ASSERT(contains(get.body, "\r\nDTSTAMP:"));
    CPPUNIT_ASSERT(contains(get.body, "\r\nUID:bare\r\n"));
    // The repaired text is what is stored: sending it back changes nothing, and gets the ETag.
    auto again = put("bare.ics", get.body);
    CPPUNIT_ASSERT_EQUAL(204, again.status);
    CPPUNIT_ASSERT(again.header("ETag"));
    CPPUNIT_ASSERT(fixture_->call("GET", path("bare.ics")).body == get.body);
  }

  void testRepeatedRecurrenceIdKeepsTheLastEdit() {
    auto created = put("twice.ics", editedTwice());
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT(!created.header("ETag"));
    auto get = fixture_->call("GET", path("twice.ics"));
    CPPUNIT_ASSERT(!contains(get.body, "First edit"));
    CPPUNIT_ASSERT(contains(get.body, "Second edit"));
  }

  void testEmptyDescriptionIsStoredAsSentWithEtag() {
    const std::string body = event("empty", "20240105T090000Z", "20240105T100000Z", "DESCRIPTION:\nLOCATION:\n");
    auto created = put("empty.ics", body);
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT(created.header("ETag"));
    CPPUNIT_ASSERT(fixture_->call("GET", path("empty.ics")).body == body);
  }

  void testTodoWithRruleAndNoDtstartIsAccepted() {
    const std::string body = crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VTODO\nUID:todo\nDTSTAMP:20240101T000000Z\n"
        "DUE:20240110T090000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nSUMMARY:task\nEND:VTODO\nEND:VCALENDAR\n");
    auto created = put("todo.ics", body);
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT(fixture_->call("GET", path("todo.ics")).body == body);
  }

  void testDtendBeforeDtstartStaysRefused() {
    assertRefused("backwards.ics", event("backwards", "20240105T100000Z", "20240105T090000Z"));
  }

 private:
  static std::string path(const std::string& name) { return "/calendars/alice/calendar/" + name; }

  caldav::dav::Response put(const std::string& name, const std::string& body) {
    return fixture_->call("PUT", path(name), body, {{"Content-Type", "text/calendar; charset=utf-8"}});
  }

  // 403 CALDAV:valid-calendar-data, and nothing stored.
  void assertRefused(const std::string& name, const std::string& body) {
    assertPrecondition(put(name, body), 403, "valid-calendar-data");
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", path(name)).status);
  }

  static void assertPrecondition(const caldav::dav::Response& response, int status, const std::string& name) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, status, response.status);
    XmlQuery error(response.body);
    CPPUNIT_ASSERT(error.root().is("DAV:", "error"));
    CPPUNIT_ASSERT_MESSAGE(response.body, error.root().child(kCalDavNsForTests, name));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(CalDavCalendarDataTest);
