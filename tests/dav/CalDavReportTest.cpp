// REPORTs (RFC 4791 §7.8-7.10, RFC 6578) and discovery properties, in process.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"
#include "../ical/NormalizedCalendar.h"

#include "ical/CalendarObject.h"
#include "ical/Output.h"
#include "scheduling/ObjectIndexer.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <ctime>
#include <map>

using namespace caldav::dav::testing;

namespace {

const std::string kCal = "/calendars/alice/calendar/";

std::string timeRangeQuery(const std::string& start, const std::string& end, const std::string& calendarData = "") {
  return "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>" + calendarData +
         "</D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range start=\"" + start +
         "\" end=\"" + end + "\"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>";
}

// Unix seconds of "YYYYMMDDTHHMMSSZ".
std::int64_t parseUtc(const std::string& text) {
  std::tm tm{};
  tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(text.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(text.substr(6, 2));
  tm.tm_hour = std::stoi(text.substr(9, 2));
  tm.tm_min = std::stoi(text.substr(11, 2));
  tm.tm_sec = std::stoi(text.substr(13, 2));
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string syncReport(const std::string& token, const std::string& limit = "") {
  return "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>" + token + "</D:sync-token><D:sync-level>1</D:sync-level>" +
         limit + "<D:prop><D:getetag/></D:prop></D:sync-collection>";
}

}  // namespace

class CalDavReportTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CalDavReportTest);
  CPPUNIT_TEST(testTimeRangeQueryFindsRecurringInstancesAcrossDst);
  CPPUNIT_TEST(testTextMatchQueryIsEvaluatedExactly);
  CPPUNIT_TEST(testExpandReturnsOnlyInstancesInRange);
  CPPUNIT_TEST(testExpandFromTheIndexEqualsFullExpansion);
  CPPUNIT_TEST(testMultigetAuthorizesEachHref);
  CPPUNIT_TEST(testUnsupportedCalendarDataIsRefusedEvenWithoutObjects);
  CPPUNIT_TEST(testSyncCollectionInitialIncrementalAndDeleted);
  CPPUNIT_TEST(testForeignSyncTokenIsInvalid);
  CPPUNIT_TEST(testSyncLimitTruncatesWith507);
  CPPUNIT_TEST(testSyncAndPropfindPageThroughLargeCollections);
  CPPUNIT_TEST(testMultigetAndQueryOverSeveralBatchesAnswerEachObjectWithItsData);
  CPPUNIT_TEST(testReportsAnswerDeadPropertiesOfObjects);
  CPPUNIT_TEST(testPropfindOfAHomeListsCalendarsWithTheirComponentSets);
  CPPUNIT_TEST(testFreeBusyQueryMergesBusyTime);
  CPPUNIT_TEST(testSeriesBeyondTheIndexHorizonAreStillAnswered);
  CPPUNIT_TEST(testDiscoveryPropertiesOnPrincipalAndCalendar);
  CPPUNIT_TEST(testCalendarTimezonePlacesFloatingTimesAndMustBeValid);
  CPPUNIT_TEST(testWellKnownRedirectsWithoutAuthentication);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    put("weekly.ics", berlinWeekly("weekly"));
    put("single.ics", event("single", "20240402T120000Z", "20240402T130000Z"));
    put("floating.ics", event("floating", "20240403T090000", "20240403T100000"));
    put("other-week.ics", event("other", "20240415T120000Z", "20240415T130000Z", "DESCRIPTION:Dentist\n"));
  }
  void tearDown() override { fixture_.reset(); }

  void testTimeRangeQueryFindsRecurringInstancesAcrossDst() {
    // Week of 2024-04-01 (after DST): weekly instance 2024-04-01 07:00Z, single, floating.
    auto hrefs = query(timeRangeQuery("20240401T000000Z", "20240408T000000Z"));
    CPPUNIT_ASSERT_EQUAL(joined({kCal + "floating.ics", kCal + "single.ics", kCal + "weekly.ics"}), joined(hrefs));
    // 07:00-07:59Z holds the post-DST 09:00 Berlin instance; 08:00-09:00Z holds nothing.
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), query(timeRangeQuery("20240401T070000Z", "20240401T075900Z")).size());
    CPPUNIT_ASSERT_EQUAL(std::size_t(0), query(timeRangeQuery("20240401T080000Z", "20240401T090000Z")).size());
    // Before DST the same wall-clock hour is 08:00Z.
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), query(timeRangeQuery("20240325T080000Z", "20240325T083000Z")).size());
  }

  void testTextMatchQueryIsEvaluatedExactly() {
    const std::string body =
        "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
        "<C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"DESCRIPTION\">"
        "<C:text-match>dentist</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>";
    CPPUNIT_ASSERT_EQUAL(joined({kCal + "other-week.ics"}), joined(query(body)));
  }

  void testExpandReturnsOnlyInstancesInRange() {
    auto response = fixture_->call(
        "REPORT", kCal,
        timeRangeQuery("20240318T000000Z", "20240402T000000Z",
                       "<C:calendar-data><C:expand start=\"20240318T000000Z\" end=\"20240402T000000Z\"/></C:calendar-data>"),
        {{"Depth", "1"}});
    XmlQuery answer(response.body);
    const auto* data = answer.prop(kCal + "weekly.ics", kCalDavNsForTests, "calendar-data");
    CPPUNIT_ASSERT(data);
    std::string text = data->textContent();
    std::size_t instances = 0;
    for (auto at = text.find("BEGIN:VEVENT"); at != std::string::npos; at = text.find("BEGIN:VEVENT", at + 1)) ++instances;
    CPPUNIT_ASSERT_EQUAL(std::size_t(3), instances);  // 03-18, 03-25, 04-01
    CPPUNIT_ASSERT(text.find("RRULE") == std::string::npos);
    CPPUNIT_ASSERT(text.find("DTSTART:20240318T080000Z") != std::string::npos);
    CPPUNIT_ASSERT(text.find("DTSTART:20240401T070000Z") != std::string::npos);
    CPPUNIT_ASSERT(text.find("20240408") == std::string::npos);
  }

  // RFC 4791 §9.6.5: expand answered from the instance index (ical/IndexedExpand) says what
  // libical's full expansion of the stored object says, in calendar-query and
  // calendar-multiget: zoned series across DST changes with moved and cancelled overrides,
  // floating series placed in the calendar's zone (New York), all-day series, and the objects
  // the index leaves to libical (a VTODO, a THISANDFUTURE override, a range past the horizon,
  // an object indexed before instances knew their source).
  void testExpandFromTheIndexEqualsFullExpansion() {
    const std::string header = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n";
    const std::map<std::string, std::string> objects = {
        {"ny.ics", crlf(header + newYorkTimezone() +
                        "BEGIN:VEVENT\nUID:ny\nDTSTAMP:20240101T000000Z\nDTSTART;TZID=America/New_York:20240307T090000\n"
                        "DTEND;TZID=America/New_York:20240307T093000\nRRULE:FREQ=DAILY;COUNT=10\n"
                        "EXDATE;TZID=America/New_York:20240309T090000\nSUMMARY:ny\nBEGIN:VALARM\nACTION:DISPLAY\n"
                        "DESCRIPTION:ny\nTRIGGER:-PT10M\nEND:VALARM\nEND:VEVENT\n"
                        "BEGIN:VEVENT\nUID:ny\nDTSTAMP:20240101T000000Z\nRECURRENCE-ID;TZID=America/New_York:20240310T090000\n"
                        "DTSTART;TZID=America/New_York:20240310T110000\nDTEND;TZID=America/New_York:20240310T120000\n"
                        "SUMMARY:moved R&D <x> \"q\"\nEND:VEVENT\n"
                        "BEGIN:VEVENT\nUID:ny\nDTSTAMP:20240101T000000Z\nRECURRENCE-ID;TZID=America/New_York:20240312T090000\n"
                        "DTSTART;TZID=America/New_York:20240312T090000\nDTEND;TZID=America/New_York:20240312T093000\n"
                        "STATUS:CANCELLED\nSUMMARY:cancelled\nEND:VEVENT\nEND:VCALENDAR\n")},
        {"floating-daily.ics", crlf(header + "BEGIN:VEVENT\nUID:fd\nDTSTAMP:20240101T000000Z\nDTSTART:20240308T233000\n"
                                             "DURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=6\nSUMMARY:late\nEND:VEVENT\nEND:VCALENDAR\n")},
        {"allday.ics", crlf(header + "BEGIN:VEVENT\nUID:ad\nDTSTAMP:20240101T000000Z\nDTSTART;VALUE=DATE:20240309\n"
                                     "DTEND;VALUE=DATE:20240310\nRRULE:FREQ=DAILY;COUNT=3\nSUMMARY:all day\nEND:VEVENT\n"
                                     "END:VCALENDAR\n")},
        {"todo.ics", crlf(header + "BEGIN:VTODO\nUID:td\nDTSTAMP:20240101T000000Z\nDTSTART:20240308T100000Z\n"
                                   "DUE:20240308T110000Z\nRRULE:FREQ=DAILY;COUNT=4\nSUMMARY:todo\nEND:VTODO\nEND:VCALENDAR\n")},
        {"taf.ics", crlf(header + "BEGIN:VEVENT\nUID:taf\nDTSTAMP:20240101T000000Z\nDTSTART:20240306T150000Z\n"
                                  "DTEND:20240306T160000Z\nRRULE:FREQ=DAILY;COUNT=10\nSUMMARY:taf\nEND:VEVENT\n"
                                  "BEGIN:VEVENT\nUID:taf\nDTSTAMP:20240101T000000Z\n"
                                  "RECURRENCE-ID;RANGE=THISANDFUTURE:20240310T150000Z\nDTSTART:20240310T170000Z\n"
                                  "DTEND:20240310T173000Z\nSUMMARY:later\nEND:VEVENT\nEND:VCALENDAR\n")},
        {"endless.ics", crlf(header + "BEGIN:VEVENT\nUID:endless\nDTSTAMP:20240101T000000Z\nDTSTART:20240101T100000Z\n"
                                      "DTEND:20240101T110000Z\nRRULE:FREQ=DAILY\nSUMMARY:endless\nEND:VEVENT\n"
                                      "END:VCALENDAR\n")},
        {"weekly.ics", berlinWeekly("weekly")},
        {"floating.ics", event("floating", "20240403T090000", "20240403T100000")}};
    for (const auto& [name, body] : objects) {
      if (name != "weekly.ics" && name != "floating.ics") put(name, body);
    }
    // weekly.ics as a store indexed before schema 5 left it: instances without their source
    // (it must be expanded with libical, and say the same).
    {
      auto txn = fixture_->store().beginWrite({"alice"});
      auto node = txn->findNode(kCal + "weekly.ics");
      CPPUNIT_ASSERT(node.has_value());
      auto index = caldav::scheduling::indexObject(caldav::ical::CalendarObject::parse(txn->readBody(node->id)),
                                                   fixture_->now_, caldav::scheduling::IndexPolicy{});
      for (auto& instance : index.instances) instance.source = -1;
      txn->setObjectIndex(node->id, index);
      txn->commit();
    }
    const std::string zone = crlf(header + newYorkTimezone() + "END:VCALENDAR\n");
    XmlQuery set(fixture_->call("PROPPATCH", kCal,
                                "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set>"
                                "<D:prop><C:calendar-timezone><![CDATA[" + zone + "]]></C:calendar-timezone></D:prop>"
                                "</D:set></D:propertyupdate>").body);
    CPPUNIT_ASSERT_EQUAL(200, *set.propStatus(kCal, kCalDavNsForTests, "calendar-timezone"));
    const auto calendarZone = caldav::ical::FloatingZone::fromIana("America/New_York");
    std::string hrefs;
    for (const auto& [name, body] : objects) hrefs += "<D:href>" + kCal + name + "</D:href>";
    // New York's DST change (10 March), Berlin's (31 March), and a week past the index horizon.
    const std::vector<std::pair<std::string, std::string>> ranges = {
        {"20240308T000000Z", "20240313T000000Z"}, {"20240325T000000Z", "20240404T120000Z"},
        {"20350101T000000Z", "20350108T000000Z"}};
    for (const auto& [start, end] : ranges) {
      const std::string data = "<C:calendar-data><C:expand start=\"" + start + "\" end=\"" + end + "\"/></C:calendar-data>";
      const std::string queryBody =
          "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>" + data +
          "</D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>";
      const std::string multigetBody =
          "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>" + data +
          "</D:prop>" + hrefs + "</C:calendar-multiget>";
      // The usual client shape: a VEVENT time-range that is also the expand range (the
      // candidates then come from the expansion's own instance rows).
      const std::string rangedBody = timeRangeQuery(start, end, data);
      CPPUNIT_ASSERT_EQUAL(joined(query(timeRangeQuery(start, end))), joined(query(rangedBody)));
      // Expand with partial retrieval (§9.6.1): only SUMMARY, DTSTART and RECURRENCE-ID.
      const std::string selection =
          "<C:comp name=\"VCALENDAR\"><C:comp name=\"VEVENT\"><C:prop name=\"SUMMARY\"/><C:prop name=\"DTSTART\"/>"
          "<C:prop name=\"RECURRENCE-ID\"/></C:comp></C:comp>";
      const std::string selectedBody =
          "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>"
          "<C:calendar-data>" + selection + "<C:expand start=\"" + start + "\" end=\"" + end + "\"/></C:calendar-data>"
          "</D:prop>" + hrefs + "</C:calendar-multiget>";
      caldav::ical::CompSelection event{"VEVENT", false, {{"SUMMARY", false}, {"DTSTART", false}, {"RECURRENCE-ID", false}},
                                        false, {}};
      const caldav::ical::CompSelection vcalendar{"VCALENDAR", false, {}, false, {event}};
      for (const auto* body : {&queryBody, &multigetBody, &rangedBody, &selectedBody}) {
        auto response = fixture_->call("REPORT", kCal, *body, {{"Depth", "1"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
        XmlQuery answer(response.body);
        for (const auto& [name, stored] : objects) {
          const auto* got = answer.prop(kCal + name, kCalDavNsForTests, "calendar-data");
          if (body == &rangedBody && !got) continue;  // not matched by the time-range (checked above)
          CPPUNIT_ASSERT_MESSAGE(name, got);
          std::string expected = caldav::ical::expandedText(caldav::ical::CalendarObject::parse(stored), parseUtc(start),
                                                            parseUtc(end), calendarZone);
          if (body == &selectedBody) {
            expected = caldav::ical::partialText(caldav::ical::CalendarObject::parse(expected), vcalendar);
          }
          CPPUNIT_ASSERT_EQUAL_MESSAGE(name + " " + start, caldav::ical::test::normalizedCalendar(expected),
                                       caldav::ical::test::normalizedCalendar(got->textContent()));
        }
      }
    }
  }

  void testMultigetAuthorizesEachHref() {
    fixture_->call("PUT", "/calendars/bob/calendar/b.ics", event("b", "20240105T100000Z", "20240105T110000Z"),
                   {{"Content-Type", "text/calendar"}}, DispatcherFixture::basic("bob", "bob-pw"));
    const std::string body =
        "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/><C:calendar-data/>"
        "</D:prop><D:href>" + kCal + "single.ics</D:href><D:href>/calendars/bob/calendar/b.ics</D:href><D:href>" + kCal +
        "missing.ics</D:href></C:calendar-multiget>";
    XmlQuery answer(fixture_->call("REPORT", kCal, body).body);
    CPPUNIT_ASSERT(answer.prop(kCal + "single.ics", kCalDavNsForTests, "calendar-data"));
    CPPUNIT_ASSERT_EQUAL(403, *answer.responseStatus("/calendars/bob/calendar/b.ics"));
    CPPUNIT_ASSERT_EQUAL(404, *answer.responseStatus(kCal + "missing.ics"));
  }

  // RFC 4791 §9.6: calendar-data asks for a media type we do not serve. The request is
  // refused as a whole, before any object is read, also when nothing would match.
  void testUnsupportedCalendarDataIsRefusedEvenWithoutObjects() {
    const std::string prop = "<D:prop><D:getetag/><C:calendar-data content-type=\"application/calendar+json\"/></D:prop>";
    const std::string ns = "xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"";
    auto query = fixture_->call("REPORT", kCal,
                                "<C:calendar-query " + ns + ">" + prop +
                                    "<C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">"
                                    "<C:time-range start=\"19900101T000000Z\" end=\"19900102T000000Z\"/>"
                                    "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>",
                                {{"Depth", "1"}});
    auto multiget = fixture_->call("REPORT", kCal,
                                   "<C:calendar-multiget " + ns + ">" + prop + "<D:href>" + kCal +
                                       "missing.ics</D:href></C:calendar-multiget>");
    for (const auto* response : {&query, &multiget}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(response->body, 403, response->status);
      XmlQuery error(response->body);
      CPPUNIT_ASSERT(error.root().is("DAV:", "error"));
      CPPUNIT_ASSERT(error.root().child(kCalDavNsForTests, "supported-calendar-data"));
    }
  }

  void testSyncCollectionInitialIncrementalAndDeleted() {
    XmlQuery initial(fixture_->call("REPORT", kCal, syncReport("")).body);
    CPPUNIT_ASSERT_EQUAL(std::size_t(4), initial.hrefs().size());
    std::string token = initial.root().child("DAV:", "sync-token")->textContent();
    put("new.ics", event("new", "20240105T100000Z", "20240105T110000Z"));
    fixture_->call("DELETE", kCal + "single.ics");
    auto response = fixture_->call("REPORT", kCal, syncReport(token), {{"Depth", "1"}});  // Thunderbird sends Depth 1
    XmlQuery changes(response.body);
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), changes.hrefs().size());
    CPPUNIT_ASSERT_EQUAL(200, *changes.propStatus(kCal + "new.ics", "DAV:", "getetag"));
    CPPUNIT_ASSERT_EQUAL(404, *changes.responseStatus(kCal + "single.ics"));
    std::string next = changes.root().child("DAV:", "sync-token")->textContent();
    CPPUNIT_ASSERT(next != token);
    CPPUNIT_ASSERT_EQUAL(std::size_t(0), XmlQuery(fixture_->call("REPORT", kCal, syncReport(next)).body).hrefs().size());
  }

  void testForeignSyncTokenIsInvalid() {
    for (const std::string token : {"http://example.com/sync/1", "http://caldavd.invalid/sync/other/1/1"}) {
      auto response = fixture_->call("REPORT", kCal, syncReport(token));
      CPPUNIT_ASSERT_EQUAL(403, response.status);
      CPPUNIT_ASSERT(XmlQuery(response.body).root().child("DAV:", "valid-sync-token"));
    }
  }

  void testSyncLimitTruncatesWith507() {
    XmlQuery first(fixture_->call("REPORT", kCal, syncReport("", "<D:limit><D:nresults>2</D:nresults></D:limit>")).body);
    CPPUNIT_ASSERT_EQUAL(507, *first.responseStatus(kCal));
    std::string token = first.root().child("DAV:", "sync-token")->textContent();
    XmlQuery rest(fixture_->call("REPORT", kCal, syncReport(token)).body);
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), rest.hrefs().size());
  }

  // The change log and the member list are read 500 at a time: answers spanning pages
  // (and a limit that ends inside a page) must still be exact.
  void testSyncAndPropfindPageThroughLargeCollections() {
    const int kMembers = 1103;
    for (int i = 0; i < kMembers; ++i) {
      std::string uid = "many-" + std::to_string(i);
      put(uid + ".ics", event(uid, "20240105T100000Z", "20240105T110000Z"));
    }
    const std::size_t all = kMembers + 4;  // plus the fixture's four
    XmlQuery initial(fixture_->call("REPORT", kCal, syncReport("")).body);
    CPPUNIT_ASSERT_EQUAL(all, initial.hrefs().size());
    XmlQuery first(fixture_->call("REPORT", kCal, syncReport("", "<D:limit><D:nresults>700</D:nresults></D:limit>")).body);
    CPPUNIT_ASSERT_EQUAL(std::size_t(701), first.hrefs().size());  // 700 members and the 507 on the collection
    CPPUNIT_ASSERT_EQUAL(507, *first.responseStatus(kCal));
    std::string token = first.root().child("DAV:", "sync-token")->textContent();
    XmlQuery rest(fixture_->call("REPORT", kCal, syncReport(token)).body);
    CPPUNIT_ASSERT_EQUAL(all - 700, rest.hrefs().size());
    auto listing = fixture_->call("PROPFIND", kCal, "", {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(all + 1, XmlQuery(listing.body).hrefs().size());
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(listing.body).propStatus(kCal + "many-1102.ics", "DAV:", "getetag"));
  }

  // Objects are read in batches (ObjectAnswer::kBatch, nodes and bodies in one lookup): every
  // object is answered once with its own data, missing hrefs in between are 404, and a
  // repeated href is answered again.
  void testMultigetAndQueryOverSeveralBatchesAnswerEachObjectWithItsData() {
    const int kObjects = 300;
    std::string hrefs;
    for (int i = 0; i < kObjects; ++i) {
      std::string uid = "batch-" + std::to_string(i);
      put(uid + ".ics", event(uid, "20250105T100000Z", "20250105T110000Z"));
      hrefs += "<D:href>" + kCal + uid + ".ics</D:href><D:href>" + kCal + "gone-" + std::to_string(i) + ".ics</D:href>";
    }
    hrefs += "<D:href>" + kCal + "batch-7.ics</D:href>";
    auto response = fixture_->call("REPORT", kCal,
                                   "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                                   "<D:prop><D:getetag/><C:calendar-data/></D:prop>" + hrefs + "</C:calendar-multiget>");
    XmlQuery answer(response.body);
    CPPUNIT_ASSERT_EQUAL(std::size_t(2 * kObjects + 1), answer.hrefs().size());
    for (int i = 0; i < kObjects; ++i) {
      const std::string href = kCal + "batch-" + std::to_string(i) + ".ics";
      const auto* data = answer.prop(href, kCalDavNsForTests, "calendar-data");
      CPPUNIT_ASSERT_MESSAGE(href, data != nullptr);
      CPPUNIT_ASSERT_MESSAGE(href, hasUid(data->textContent(), "batch-" + std::to_string(i)));
      CPPUNIT_ASSERT_EQUAL(404, *answer.responseStatus(kCal + "gone-" + std::to_string(i) + ".ics"));
    }
    auto all = answer.hrefs();
    CPPUNIT_ASSERT_EQUAL(std::ptrdiff_t(2), std::count(all.begin(), all.end(), kCal + "batch-7.ics"));

    const std::string body =
        "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>"
        "<C:calendar-data/></D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">"
        "<C:time-range start=\"20250105T000000Z\" end=\"20250106T000000Z\"/></C:comp-filter></C:comp-filter>"
        "</C:filter></C:calendar-query>";
    XmlQuery found(fixture_->call("REPORT", kCal, body, {{"Depth", "1"}}).body);
    CPPUNIT_ASSERT_EQUAL(std::size_t(kObjects), found.hrefs().size());
    for (int i = 0; i < kObjects; ++i) {
      const std::string href = kCal + "batch-" + std::to_string(i) + ".ics";
      const auto* data = found.prop(href, kCalDavNsForTests, "calendar-data");
      CPPUNIT_ASSERT_MESSAGE(href, data && hasUid(data->textContent(), "batch-" + std::to_string(i)));
    }
  }

  // ObjectAnswer skips the dead-property read when only plain live properties are asked for;
  // asked-for dead properties must still be answered.
  void testReportsAnswerDeadPropertiesOfObjects() {
    auto patch = fixture_->call("PROPPATCH", kCal + "single.ics",
                                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x:color xmlns:x=\"urn:x\">red</x:color>"
                                "</D:prop></D:set></D:propertyupdate>");
    CPPUNIT_ASSERT_EQUAL(207, patch.status);
    for (const std::string& extra : {std::string(""), std::string("<C:calendar-data/>")}) {
      const std::string body =
          "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\" xmlns:x=\"urn:x\"><D:prop>"
          "<D:getetag/><x:color/>" + extra + "</D:prop><D:href>" + kCal + "single.ics</D:href></C:calendar-multiget>";
      XmlQuery answer(fixture_->call("REPORT", kCal, body).body);
      CPPUNIT_ASSERT_EQUAL(200, *answer.propStatus(kCal + "single.ics", "urn:x", "color"));
      CPPUNIT_ASSERT_EQUAL(200, *answer.propStatus(kCal + "single.ics", "DAV:", "getetag"));
    }
    const std::string plain =
        "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>"
        "<C:calendar-data/></D:prop><D:href>" + kCal + "single.ics</D:href></C:calendar-multiget>";
    auto response = fixture_->call("REPORT", kCal, plain);
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(response.body).propStatus(kCal + "single.ics", "DAV:", "getetag"));
    CPPUNIT_ASSERT(response.body.find("red") == std::string::npos);
    // PROPFIND Depth 1 and an initial sync list members: a dead property asked for by name
    // is read for them too, and only the object that has it answers it.
    const std::string prop = "<D:prop><D:getetag/><x:color/></D:prop>";
    for (const auto& [method, listing] :
         {std::pair<std::string, std::string>{"PROPFIND", "<D:propfind xmlns:D=\"DAV:\" xmlns:x=\"urn:x\">" + prop +
                                                             "</D:propfind>"},
          {"REPORT", "<D:sync-collection xmlns:D=\"DAV:\" xmlns:x=\"urn:x\"><D:sync-token/><D:sync-level>1"
                     "</D:sync-level>" + prop + "</D:sync-collection>"}}) {
      XmlQuery answer(fixture_->call(method, kCal, listing, {{"Depth", method == "PROPFIND" ? "1" : "0"}}).body);
      CPPUNIT_ASSERT_EQUAL(200, *answer.propStatus(kCal + "single.ics", "urn:x", "color"));
      CPPUNIT_ASSERT_EQUAL(404, *answer.propStatus(kCal + "weekly.ics", "urn:x", "color"));
      CPPUNIT_ASSERT_EQUAL(200, *answer.propStatus(kCal + "weekly.ics", "DAV:", "getetag"));
    }
  }

  // Members that are collections: their properties kept as dead ones (the component set of
  // MKCALENDAR) are read whatever is asked, and a live property a collection lacks is a 404
  // alone, never an empty 200 propstat beside it.
  void testPropfindOfAHomeListsCalendarsWithTheirComponentSets() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/tasks/", mkcalendarForTasks()).status);
    auto response = fixture_->call("PROPFIND", "/calendars/alice/",
                                   "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>"
                                   "<D:getcontenttype/><C:supported-calendar-component-set/></D:prop></D:propfind>",
                                   {{"Depth", "1"}});
    XmlQuery answer(response.body);
    CPPUNIT_ASSERT_EQUAL(200, *answer.propStatus("/calendars/alice/tasks/", kCalDavNsForTests,
                                                 "supported-calendar-component-set"));
    CPPUNIT_ASSERT_EQUAL(404, *answer.propStatus("/calendars/alice/tasks/", "DAV:", "getcontenttype"));
    const auto tasks = response.body.find("/calendars/alice/tasks/</");
    CPPUNIT_ASSERT(tasks != std::string::npos);
    const std::string entry = response.body.substr(tasks, response.body.find("</D:response>", tasks) - tasks);
    CPPUNIT_ASSERT(entry.find("name=\"VTODO\"") != std::string::npos);
    CPPUNIT_ASSERT(entry.find("VEVENT") == std::string::npos);
    CPPUNIT_ASSERT(response.body.find("<D:prop></D:prop>") == std::string::npos);
  }

  void testFreeBusyQueryMergesBusyTime() {
    put("overlap.ics", event("overlap", "20240402T123000Z", "20240402T140000Z"));
    put("free.ics", event("free", "20240402T150000Z", "20240402T160000Z", "TRANSP:TRANSPARENT\n"));
    put("maybe.ics", event("maybe", "20240402T170000Z", "20240402T180000Z", "STATUS:TENTATIVE\n"));
    put("off.ics", event("off", "20240402T190000Z", "20240402T200000Z", "STATUS:CANCELLED\n"));
    const std::string body =
        "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"20240402T000000Z\" "
        "end=\"20240403T000000Z\"/></C:free-busy-query>";
    auto response = fixture_->call("REPORT", kCal, body, {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT(response.body.find("FREEBUSY;FBTYPE=BUSY:20240402T120000Z/20240402T140000Z") != std::string::npos);
    CPPUNIT_ASSERT(response.body.find("20240402T150000Z") == std::string::npos);
    CPPUNIT_ASSERT(response.body.find("FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240402T170000Z/20240402T180000Z") != std::string::npos);
    CPPUNIT_ASSERT(response.body.find("20240402T190000Z") == std::string::npos);
    // Recurring series count with each instance (the weekly 09:00 Berlin one, after DST).
    const std::string weekly =
        "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"20240401T000000Z\" "
        "end=\"20240402T000000Z\"/></C:free-busy-query>";
    auto recurring = fixture_->call("REPORT", kCal, weekly, {{"Depth", "1"}});
    CPPUNIT_ASSERT_MESSAGE(recurring.body, recurring.body.find("FREEBUSY;FBTYPE=BUSY:20240401T070000Z/20240401T080000Z") != std::string::npos);
  }

  void testSeriesBeyondTheIndexHorizonAreStillAnswered() {
    // The fixture's clock is 2023-11; the index reaches about two years ahead.
    put("far.ics", event("far", "20300107T100000Z", "20300107T110000Z", "RRULE:FREQ=WEEKLY;COUNT=5\n"));
    const std::string freeBusy =
        "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"20300114T000000Z\" "
        "end=\"20300115T000000Z\"/></C:free-busy-query>";
    auto busy = fixture_->call("REPORT", kCal, freeBusy, {{"Depth", "1"}});
    CPPUNIT_ASSERT_MESSAGE(busy.body, busy.body.find("FBTYPE=BUSY:20300114T100000Z/20300114T110000Z") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(joined({kCal + "far.ics"}), joined(query(timeRangeQuery("20300114T000000Z", "20300115T000000Z"))));
  }

  void testDiscoveryPropertiesOnPrincipalAndCalendar() {
    const std::string ask =
        "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:current-user-principal/>"
        "<C:calendar-home-set/><D:current-user-privilege-set/><D:sync-token/><C:supported-calendar-component-set/>"
        "</D:prop></D:propfind>";
    XmlQuery principal(fixture_->call("PROPFIND", "/principals/users/alice/", ask, {{"Depth", "0"}}).body);
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/"),
                         principal.prop("/principals/users/alice/", kCalDavNsForTests, "calendar-home-set")->textContent());
    XmlQuery home(fixture_->call("PROPFIND", "/calendars/alice/", ask, {{"Depth", "1"}}).body);
    const auto* privileges = home.prop(kCal, "DAV:", "current-user-privilege-set");
    CPPUNIT_ASSERT(privileges);
    bool canWrite = false;
    for (const auto* privilege : privileges->elements()) canWrite = canWrite || privilege->child("DAV:", "write");
    CPPUNIT_ASSERT(canWrite);
    CPPUNIT_ASSERT(home.prop(kCal, "DAV:", "sync-token"));
    CPPUNIT_ASSERT(home.prop(kCal, kCalDavNsForTests, "supported-calendar-component-set"));
    CPPUNIT_ASSERT_EQUAL(std::string("/principals/users/alice/"),
                         home.prop("/calendars/alice/", "DAV:", "current-user-principal")->textContent());
  }

  void testCalendarTimezonePlacesFloatingTimesAndMustBeValid() {
    const std::string bad =
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
        "<C:calendar-timezone>not a timezone</C:calendar-timezone></D:prop></D:set></D:propertyupdate>";
    XmlQuery refused(fixture_->call("PROPPATCH", kCal, bad).body);
    CPPUNIT_ASSERT_EQUAL(403, *refused.propStatus(kCal, kCalDavNsForTests, "calendar-timezone"));
    // New York (UTC-4 in April): the floating 09:00 event on 04-03 is 13:00Z.
    std::string zone = berlinWeekly("tz");
    zone = zone.substr(0, zone.find("BEGIN:VTIMEZONE")) + crlf(newYorkTimezone() + "END:VCALENDAR\n");
    const std::string good =
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
        "<C:calendar-timezone><![CDATA[" + zone + "]]></C:calendar-timezone></D:prop></D:set></D:propertyupdate>";
    XmlQuery accepted(fixture_->call("PROPPATCH", kCal, good).body);
    CPPUNIT_ASSERT_EQUAL(200, *accepted.propStatus(kCal, kCalDavNsForTests, "calendar-timezone"));
    CPPUNIT_ASSERT_EQUAL(joined({kCal + "floating.ics"}), joined(query(timeRangeQuery("20240403T130000Z", "20240403T133000Z"))));
    CPPUNIT_ASSERT_EQUAL(std::size_t(0), query(timeRangeQuery("20240403T090000Z", "20240403T093000Z")).size());
  }

  void testWellKnownRedirectsWithoutAuthentication() {
    auto response = fixture_->call("PROPFIND", "/.well-known/caldav", "", {{"Depth", "0"}}, "");
    CPPUNIT_ASSERT_EQUAL(301, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("/"), *response.header("Location"));
  }

 private:
  // True if `text` has the line UID:<uid> (line breaks as the XML parser leaves them).
  static bool hasUid(const std::string& text, const std::string& uid) {
    const auto at = text.find("UID:" + uid);
    if (at == std::string::npos) return false;
    const auto next = at + 4 + uid.size();
    return next < text.size() && (text[next] == '\r' || text[next] == '\n');
  }
  void put(const std::string& name, const std::string& body) {
    auto response = fixture_->call("PUT", kCal + name, body, {{"Content-Type", "text/calendar"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(name + ": " + response.body, 201, response.status);
  }
  static std::string joined(const std::vector<std::string>& hrefs) {
    std::string out;
    for (const auto& href : hrefs) out += href + " ";
    return out;
  }
  std::vector<std::string> query(const std::string& body) {
    auto response = fixture_->call("REPORT", kCal, body, {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
    auto hrefs = XmlQuery(response.body).hrefs();
    std::sort(hrefs.begin(), hrefs.end());
    return hrefs;
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(CalDavReportTest);
