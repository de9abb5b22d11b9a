// calendar-query filters that can never apply, and time zones that are not one VTIMEZONE,
// are refused (RFC 4791 §7.8 preconditions CALDAV:valid-filter, CALDAV:valid-calendar-data).
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

namespace {

const std::string kCal = "/calendars/alice/calendar/";

// A calendar-query asking for getetag with `filterBody` inside the VCALENDAR comp-filter.
std::string queryWith(const std::string& filterBody, const std::string& afterFilter = "") {
  return "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
         "<C:filter><C:comp-filter name=\"VCALENDAR\">" + filterBody + "</C:comp-filter></C:filter>" + afterFilter +
         "</C:calendar-query>";
}

std::string eventTimeRange(const std::string& start, const std::string& end) {
  return "<C:comp-filter name=\"VEVENT\"><C:time-range start=\"" + start + "\" end=\"" + end + "\"/></C:comp-filter>";
}

// A calendar-query's CALDAV:timezone holding `calendar`.
std::string timezoneElement(const std::string& calendar) {
  return "<C:timezone><![CDATA[" + calendar + "]]></C:timezone>";
}

std::string newYorkCalendar() {
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + newYorkTimezone() + "END:VCALENDAR\n");
}

}  // namespace

class QueryFilterRefusalTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(QueryFilterRefusalTest);
  CPPUNIT_TEST(testTimeRangeOnVcalendarIsInvalidFilter);
  CPPUNIT_TEST(testTimeRangeInsideVtimezoneIsInvalidFilter);
  CPPUNIT_TEST(testTimeRangeOnATextPropertyIsInvalidFilter);
  CPPUNIT_TEST(testComponentsWhereTheyNeverOccurAreInvalidFilter);
  CPPUNIT_TEST(testTimeRangeThatIsNotUtcIsInvalidFilter);
  CPPUNIT_TEST(testFiltersThatCanApplyAreAnswered);
  CPPUNIT_TEST(testQueryTimezoneMustBeOneVtimezoneAlone);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    put("e.ics", event("e", "20240402T120000Z", "20240402T130000Z"));
    put("f.ics", event("f", "20240403T090000", "20240403T100000"));  // floating
  }
  void tearDown() override { fixture_.reset(); }

  void testTimeRangeOnVcalendarIsInvalidFilter() {
    assertInvalidFilter(
        "<C:comp-filter name=\"VCALENDAR\"><C:time-range start=\"20240101T000000Z\"/></C:comp-filter>", "VCALENDAR", true);
  }

  void testTimeRangeInsideVtimezoneIsInvalidFilter() {
    assertInvalidFilter("<C:comp-filter name=\"VTIMEZONE\"><C:time-range start=\"20240101T000000Z\"/></C:comp-filter>");
  }

  void testTimeRangeOnATextPropertyIsInvalidFilter() {
    // §7.8's own example: a time-range in a prop-filter on SUMMARY.
    assertInvalidFilter("<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"SUMMARY\">"
                        "<C:time-range start=\"20240101T000000Z\"/></C:prop-filter></C:comp-filter>");
  }

  void testComponentsWhereTheyNeverOccurAreInvalidFilter() {
    // §7.8's own example: VEVENT inside VTODO.
    assertInvalidFilter("<C:comp-filter name=\"VTODO\"><C:comp-filter name=\"VEVENT\"/></C:comp-filter>");
    assertInvalidFilter("<C:comp-filter name=\"VEVENT\"><C:comp-filter name=\"VEVENT\"/></C:comp-filter>");
    assertInvalidFilter("<C:comp-filter name=\"VALARM\"/>");
    assertInvalidFilter("<C:comp-filter name=\"VTODO\"><C:comp-filter name=\"VTIMEZONE\"/></C:comp-filter>");
    // The outermost comp-filter must name VCALENDAR (§9.7.1).
    assertInvalidFilter("<C:comp-filter name=\"VEVENT\"/>", "", true);
  }

  void testTimeRangeThatIsNotUtcIsInvalidFilter() {
    // §9.9: start and end MUST be "date with UTC time" values.
    assertInvalidFilter(eventTimeRange("20240401T000000", "20240408T000000Z"));  // floating
    assertInvalidFilter(eventTimeRange("20240401", "20240408"));                 // DATE
    assertInvalidFilter(eventTimeRange("2024-04-01T00:00:00Z", "20240408T000000Z"));
    assertInvalidFilter("<C:comp-filter name=\"VEVENT\"><C:time-range/></C:comp-filter>");  // no bound
    assertInvalidFilter(eventTimeRange("20240408T000000Z", "20240401T000000Z"));  // end before start
    assertInvalidFilter("<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"DTSTART\">"
                        "<C:time-range start=\"20240401T000000\"/></C:prop-filter></C:comp-filter>");
  }

  void testFiltersThatCanApplyAreAnswered() {
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), hrefs(eventTimeRange("20240402T000000Z", "20240403T000000Z")).size());
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), hrefs("<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"DTSTART\">"
                                               "<C:time-range start=\"20240402T000000Z\" end=\"20240402T130000Z\"/>"
                                               "</C:prop-filter></C:comp-filter>").size());
    CPPUNIT_ASSERT_EQUAL(std::size_t(0), hrefs("<C:comp-filter name=\"VEVENT\"><C:comp-filter name=\"VALARM\">"
                                               "<C:time-range start=\"20240101T000000Z\"/></C:comp-filter></C:comp-filter>").size());
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), hrefs("<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"X-WHEN\">"
                                               "<C:is-not-defined/></C:prop-filter></C:comp-filter>").size());
  }

  void testQueryTimezoneMustBeOneVtimezoneAlone() {
    const std::string range = eventTimeRange("20240403T130000Z", "20240403T133000Z");
    // New York (UTC-4 in April): the floating 09:00 event is 13:00Z.
    auto answered = fixture_->call("REPORT", kCal, queryWith(range, timezoneElement(newYorkCalendar())), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(answered.body, 207, answered.status);
    const auto found = XmlQuery(answered.body).hrefs();
    CPPUNIT_ASSERT(found == std::vector<std::string>{kCal + "f.ics"});

    const std::string withEvent = event("x", "20240101T000000Z", "20240101T010000Z");
    const std::string zoneAndEvent = withEvent.substr(0, withEvent.find("BEGIN:VEVENT")) + crlf(newYorkTimezone()) +
                                     withEvent.substr(withEvent.find("BEGIN:VEVENT"));
    assertCalendarDataRefused(queryWith(range, timezoneElement(zoneAndEvent)));
    assertCalendarDataRefused(queryWith(range, timezoneElement(newYorkTimezone())));  // no VCALENDAR
    const std::string twoZones = crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + newYorkTimezone() +
                                      newYorkTimezone().replace(newYorkTimezone().find("America/New_York"), 16, "Other/Zone") +
                                      "END:VCALENDAR\n");
    assertCalendarDataRefused(queryWith(range, timezoneElement(twoZones)));
  }

 private:
  void assertInvalidFilter(const std::string& filterBody, const std::string& why = "", bool isWhole = false) {
    const std::string body =
        isWhole ? "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>"
                  "</D:prop><C:filter>" + filterBody + "</C:filter></C:calendar-query>"
                : queryWith(filterBody);
    auto response = fixture_->call("REPORT", kCal, body, {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(filterBody + " -> " + response.body, 403, response.status);
    XmlQuery error(response.body);
    CPPUNIT_ASSERT_MESSAGE(response.body, error.root().child(kCalDavNsForTests, "valid-filter"));
    CPPUNIT_ASSERT_MESSAGE(response.body, why.empty() || response.body.find(why) != std::string::npos);
  }

  void assertCalendarDataRefused(const std::string& body) {
    auto response = fixture_->call("REPORT", kCal, body, {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 403, response.status);
    CPPUNIT_ASSERT_MESSAGE(response.body, XmlQuery(response.body).root().child(kCalDavNsForTests, "valid-calendar-data"));
  }

  std::vector<std::string> hrefs(const std::string& filterBody) {
    auto response = fixture_->call("REPORT", kCal, queryWith(filterBody), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(filterBody + " -> " + response.body, 207, response.status);
    return XmlQuery(response.body).hrefs();
  }

  void put(const std::string& name, const std::string& body) {
    auto response = fixture_->call("PUT", kCal + name, body, {{"Content-Type", "text/calendar"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 201, response.status);
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(QueryFilterRefusalTest);
