// Percent-encoded characters in a path segment are data (issue 10 item 9): a resource named
// after a UID with a newline ("a%0Ab.ics") is stored under its decoded name and every href
// and Location naming it carries it percent-encoded again (RFC 3986 §2.1, RFC 4918 §8.3).
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

using namespace caldav::dav::testing;

class PathEncodingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PathEncodingTest);
  CPPUNIT_TEST(testEncodedNewlineInANameIsStoredListedReadAndDeleted);
  CPPUNIT_TEST(testCopyAndMoveToAnEncodedNewlineAnswerAnEncodedLocation);
  CPPUNIT_TEST(testEncodedNulIsStillRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testEncodedNewlineInANameIsStoredListedReadAndDeleted() {
    const std::string body = event("new\\nline", "20240105T100000Z", "20240105T110000Z");
    CPPUNIT_ASSERT_EQUAL(201, put(kCalendar + "a%0Ab.ics", body).status);

    auto listing = fixture_->call("PROPFIND", kCalendar, kGetEtag, {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, listing.status);
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(listing.body).propStatus(kCalendar + "a%0Ab.ics", "DAV:", "getetag"));
    CPPUNIT_ASSERT(listing.body.find("a\nb") == std::string::npos);

    auto get = fixture_->call("GET", kCalendar + "a%0ab.ics");  // escapes are case-insensitive
    CPPUNIT_ASSERT_EQUAL(200, get.status);
    CPPUNIT_ASSERT(get.body == body);
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", kCalendar + "a%0Ab.ics").status);
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", kCalendar + "a%0Ab.ics").status);
  }

  void testCopyAndMoveToAnEncodedNewlineAnswerAnEncodedLocation() {
    const std::string other = "/calendars/alice/other%0Acal/";  // a calendar named with a newline
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", other).status);
    CPPUNIT_ASSERT_EQUAL(201, put(kCalendar + "src.ics", event("src", "20240105T100000Z", "20240105T110000Z")).status);
    auto copied = fixture_->call("COPY", kCalendar + "src.ics", "", {{"Destination", other + "c%0Ad.ics"}});
    CPPUNIT_ASSERT_EQUAL(201, copied.status);
    CPPUNIT_ASSERT_EQUAL(other + "c%0Ad.ics", *copied.header("Location"));

    auto moved = fixture_->call("MOVE", other + "c%0Ad.ics", "",
                                {{"Destination", "http://localhost" + other + "m%0D%0Ax%09.ics"}});
    CPPUNIT_ASSERT_EQUAL(201, moved.status);
    CPPUNIT_ASSERT_EQUAL(other + "m%0D%0Ax%09.ics", *moved.header("Location"));
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("GET", "/calendars/alice/other%0acal/m%0d%0ax%09.ics").status);
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", other + "c%0Ad.ics").status);

    auto home = fixture_->call("PROPFIND", "/calendars/alice/", kGetEtag, {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, home.status);
    const auto hrefs = XmlQuery(home.body).hrefs();
    CPPUNIT_ASSERT(std::find(hrefs.begin(), hrefs.end(), other) != hrefs.end());
  }

  void testEncodedNulIsStillRefused() {
    CPPUNIT_ASSERT_EQUAL(400, put(kCalendar + "a%00b.ics", event("nul", "20240105T100000Z", "20240105T110000Z")).status);
  }

 private:
  const std::string kCalendar = "/calendars/alice/calendar/";
  const std::string kGetEtag = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>";

  caldav::dav::Response put(const std::string& target, const std::string& body) {
    return fixture_->call("PUT", target, body, {{"Content-Type", "text/calendar; charset=utf-8"}});
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PathEncodingTest);
