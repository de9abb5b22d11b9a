// PUT into calendar collections (RFC 4791 §5.3.2) and calendar creation (§5.3.1, RFC 5689).
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

class CalDavPutTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CalDavPutTest);
  CPPUNIT_TEST(testCreateReturns201WithEtagAndBodyRoundTrips);
  CPPUNIT_TEST(testUpdateReturns204NeverOk);
  CPPUNIT_TEST(testUidUsedByAnotherResourceIsNoUidConflict);
  CPPUNIT_TEST(testMethodPropertyIsInvalidObjectResource);
  CPPUNIT_TEST(testGarbageIsInvalidCalendarData);
  CPPUNIT_TEST(testNonCalendarContentTypeIsUnsupportedCalendarData);
  CPPUNIT_TEST(testComponentOutsideTheSetIsRefused);
  CPPUNIT_TEST(testOversizedObjectIsMaxResourceSize);
  CPPUNIT_TEST(testRecurrenceBombIsRefused);
  CPPUNIT_TEST(testMkcalendarStatusCodesAndProperties);
  CPPUNIT_TEST(testExtendedMkcolCreatesACalendar);
  CPPUNIT_TEST(testCopyIntoCalendarIsValidated);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testCreateReturns201WithEtagAndBodyRoundTrips() {
    std::string body = event("a1", "20240105T100000Z", "20240105T110000Z", "X-ODD:  two  spaces \n");
    auto created = put("/calendars/alice/calendar/a1.ics", body);
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT(created.header("ETag"));
    auto get = fixture_->call("GET", "/calendars/alice/calendar/a1.ics");
    CPPUNIT_ASSERT(get.body == body);
    CPPUNIT_ASSERT_EQUAL(*created.header("ETag"), *get.header("ETag"));
    CPPUNIT_ASSERT(get.header("Content-Type")->find("text/calendar") == 0);
  }

  void testUpdateReturns204NeverOk() {
    put("/calendars/alice/calendar/a1.ics", event("a1", "20240105T100000Z", "20240105T110000Z"));
    CPPUNIT_ASSERT_EQUAL(204, put("/calendars/alice/calendar/a1.ics", event("a1", "20240106T100000Z", "20240106T110000Z")).status);
  }

  void testUidUsedByAnotherResourceIsNoUidConflict() {
    put("/calendars/alice/calendar/a1.ics", event("same", "20240105T100000Z", "20240105T110000Z"));
    auto response = put("/calendars/alice/calendar/a2.ics", event("same", "20240106T100000Z", "20240106T110000Z"));
    CPPUNIT_ASSERT_EQUAL(409, response.status);
    XmlQuery error(response.body);
    const auto* conflict = error.root().child(kCalDavNsForTests, "no-uid-conflict");
    CPPUNIT_ASSERT(conflict);
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/calendar/a1.ics"), conflict->child("DAV:", "href")->textContent());
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", "/calendars/alice/calendar/a2.ics").status);
  }

  void testMethodPropertyIsInvalidObjectResource() {
    std::string body = event("m", "20240105T100000Z", "20240105T110000Z");
    body.replace(body.find("VERSION:2.0"), 11, "VERSION:2.0\r\nMETHOD:REQUEST");
    assertPrecondition(put("/calendars/alice/calendar/m.ics", body), 403, "valid-calendar-object-resource");
  }

  void testGarbageIsInvalidCalendarData() {
    assertPrecondition(put("/calendars/alice/calendar/g.ics", "this is not iCalendar"), 403, "valid-calendar-data");
  }

  void testNonCalendarContentTypeIsUnsupportedCalendarData() {
    auto response = fixture_->call("PUT", "/calendars/alice/calendar/t.ics", event("t", "20240105T100000Z", "20240105T110000Z"),
                                   {{"Content-Type", "text/plain"}});
    assertPrecondition(response, 403, "supported-calendar-data");
  }

  void testComponentOutsideTheSetIsRefused() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/tasks/", mkcalendarForTasks()).status);
    assertPrecondition(put("/calendars/alice/tasks/e.ics", event("e", "20240105T100000Z", "20240105T110000Z")), 403,
                       "supported-calendar-component");
  }

  void testOversizedObjectIsMaxResourceSize() {
    std::string big = event("big", "20240105T100000Z", "20240105T110000Z", "DESCRIPTION:" + std::string(1100000, 'x') + "\n");
    assertPrecondition(put("/calendars/alice/calendar/big.ics", big), 403, "max-resource-size");
  }

  void testRecurrenceBombIsRefused() {
    auto response = put("/calendars/alice/calendar/bomb.ics",
                        event("bomb", "20240105T100000Z", "20240105T100001Z", "RRULE:FREQ=SECONDLY\n"));
    CPPUNIT_ASSERT_EQUAL(403, response.status);
    CPPUNIT_ASSERT(XmlQuery(response.body).root().child("urn:caldavd", "too-many-instances"));
  }

  void testMkcalendarStatusCodesAndProperties() {
    const std::string body =
        "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
        "<D:displayname>Work</D:displayname></D:prop></D:set></C:mkcalendar>";
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/work/", body).status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("MKCALENDAR", "/calendars/alice/work/").status);
    assertPrecondition(fixture_->call("MKCALENDAR", "/calendars/alice/work/inner/"), 403, "calendar-collection-location-ok");
    XmlQuery props(fixture_->call("PROPFIND", "/calendars/alice/work/", "", {{"Depth", "0"}}).body);
    CPPUNIT_ASSERT(props.prop("/calendars/alice/work/", "DAV:", "resourcetype")->child(kCalDavNsForTests, "calendar"));
    CPPUNIT_ASSERT_EQUAL(std::string("Work"), props.prop("/calendars/alice/work/", "DAV:", "displayname")->textContent());
  }

  void testExtendedMkcolCreatesACalendar() {
    const std::string body =
        "<D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop><D:resourcetype>"
        "<D:collection/><C:calendar/></D:resourcetype></D:prop></D:set></D:mkcol>";
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCOL", "/calendars/alice/ext/", body, {{"Content-Type", "application/xml"}}).status);
    CPPUNIT_ASSERT_EQUAL(201, put("/calendars/alice/ext/e.ics", event("e", "20240105T100000Z", "20240105T110000Z")).status);
  }

  void testCopyIntoCalendarIsValidated() {
    fixture_->call("PUT", "/calendars/alice/plain.txt", "not a calendar");
    auto response = fixture_->call("COPY", "/calendars/alice/plain.txt", "", {{"Destination", "/calendars/alice/calendar/p.ics"}});
    assertPrecondition(response, 403, "valid-calendar-data");
    put("/calendars/alice/calendar/a.ics", event("a", "20240105T100000Z", "20240105T110000Z"));
    auto duplicate = fixture_->call("COPY", "/calendars/alice/calendar/a.ics", "", {{"Destination", "/calendars/alice/calendar/b.ics"}});
    CPPUNIT_ASSERT_EQUAL(409, duplicate.status);
    auto rename = fixture_->call("MOVE", "/calendars/alice/calendar/a.ics", "", {{"Destination", "/calendars/alice/calendar/c.ics"}});
    CPPUNIT_ASSERT_EQUAL(201, rename.status);
  }

 private:
  caldav::dav::Response put(const std::string& path, const std::string& body) {
    return fixture_->call("PUT", path, body, {{"Content-Type", "text/calendar; charset=utf-8"}});
  }
  static void assertPrecondition(const caldav::dav::Response& response, int status, const std::string& name) {
    CPPUNIT_ASSERT_EQUAL(status, response.status);
    XmlQuery error(response.body);
    CPPUNIT_ASSERT(error.root().is("DAV:", "error"));
    CPPUNIT_ASSERT_MESSAGE(response.body, error.root().child(kCalDavNsForTests, name));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(CalDavPutTest);
