// MKCALENDAR (RFC 4791 §5.3.1) and extended MKCOL (RFC 5689) refusals, and the
// calendar-timezone rule (§5.2.2) on creation and on PROPPATCH: nothing is created or stored.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

namespace {

const std::string kWork = "/calendars/alice/work/";

std::string mkcalendarSetting(const std::string& props) {
  return "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>" + props +
         "</D:prop></D:set></C:mkcalendar>";
}

std::string proppatchSetting(const std::string& props) {
  return "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>" + props +
         "</D:prop></D:set></D:propertyupdate>";
}

std::string calendarTimezone(const std::string& calendar) {
  return "<C:calendar-timezone><![CDATA[" + calendar + "]]></C:calendar-timezone>";
}

std::string newYorkCalendar(const std::string& extra = "") {
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + newYorkTimezone() + extra + "END:VCALENDAR\n");
}

// A VCALENDAR with the New York zone and an event beside it.
std::string zoneAndEvent() {
  return newYorkCalendar("BEGIN:VEVENT\nUID:x\nDTSTAMP:20240101T000000Z\nDTSTART:20240101T000000Z\nEND:VEVENT\n");
}

// The propstat holding property ns:name directly below `root` (mkcol-response) or in its
// responses (multistatus), or nullptr.
const caldav::dav::xml::XmlElement* propstatOf(const caldav::dav::xml::XmlElement& root, const std::string& ns,
                                                const std::string& name) {
  for (const auto* child : root.elements()) {
    if (child->is("DAV:", "response")) {
      if (const auto* found = propstatOf(*child, ns, name)) return found;
    } else if (child->is("DAV:", "propstat")) {
      const auto* prop = child->child("DAV:", "prop");
      if (prop && prop->child(ns, name)) return child;
    }
  }
  return nullptr;
}

std::string statusOf(const caldav::dav::xml::XmlElement* propstat) {
  return propstat && propstat->child("DAV:", "status") ? propstat->child("DAV:", "status")->textContent() : "";
}

// True if `propstat` carries <D:error> with ns:condition.
bool hasError(const caldav::dav::xml::XmlElement* propstat, const std::string& ns, const std::string& condition) {
  const auto* error = propstat ? propstat->child("DAV:", "error") : nullptr;
  return error && error->child(ns, condition);
}

}  // namespace

class CalendarCreationTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CalendarCreationTest);
  CPPUNIT_TEST(testMkcalendarOnAnExistingResourceIsResourceMustBeNull);
  CPPUNIT_TEST(testProtectedPropertyFailsTheWholeMkcalendar);
  CPPUNIT_TEST(testCalendarTimezoneOnMkcalendarMustBeOneVtimezoneAlone);
  CPPUNIT_TEST(testExtendedMkcolRefusalIsAMkcolResponse);
  CPPUNIT_TEST(testCalendarTimezoneOnProppatchMustBeOneVtimezoneAlone);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testMkcalendarOnAnExistingResourceIsResourceMustBeNull() {
    // RFC 4791 §5.3.1.1 precondition; §1.3: a failed precondition is 403.
    assertResourceMustBeNull(fixture_->call("MKCALENDAR", "/calendars/alice/calendar/"), 403);
    fixture_->call("PUT", "/calendars/alice/notes.txt", "plain", {{"Content-Type", "text/plain"}});
    assertResourceMustBeNull(fixture_->call("MKCALENDAR", "/calendars/alice/notes.txt"), 403);
    // MKCOL keeps RFC 4918 §9.3.1's 405 for a mapped URL.
    CPPUNIT_ASSERT_EQUAL(405, fixture_->call("MKCOL", "/calendars/alice/calendar/").status);
  }

  void testProtectedPropertyFailsTheWholeMkcalendar() {
    // RFC 4791 §5.3.1.1: 207, the failed property 403, the others 424 Failed Dependency.
    auto response = fixture_->call("MKCALENDAR", kWork, mkcalendarSetting("<D:displayname>Work</D:displayname><D:getetag>\"x\"</D:getetag>"));
    CPPUNIT_ASSERT_EQUAL(207, response.status);
    XmlQuery answer(response.body);
    CPPUNIT_ASSERT(answer.hrefs() == std::vector<std::string>{kWork});
    const auto* etag = propstatOf(answer.root(), "DAV:", "getetag");
    CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 403 Forbidden"), statusOf(etag));
    CPPUNIT_ASSERT(hasError(etag, "DAV:", "cannot-modify-protected-property"));
    CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 424 Failed Dependency"), statusOf(propstatOf(answer.root(), "DAV:", "displayname")));
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("PROPFIND", kWork, "", {{"Depth", "0"}}).status);
  }

  void testCalendarTimezoneOnMkcalendarMustBeOneVtimezoneAlone() {
    for (const std::string& bad : {zoneAndEvent(), newYorkTimezone(), std::string("not a time zone")}) {
      auto response = fixture_->call("MKCALENDAR", kWork,
                                     mkcalendarSetting("<D:displayname>Work</D:displayname>" + calendarTimezone(bad)));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
      XmlQuery answer(response.body);
      const auto* timezone = propstatOf(answer.root(), kCalDavNsForTests, "calendar-timezone");
      CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, std::string("HTTP/1.1 403 Forbidden"), statusOf(timezone));
      CPPUNIT_ASSERT_MESSAGE(response.body, hasError(timezone, kCalDavNsForTests, "valid-calendar-data"));
      CPPUNIT_ASSERT_EQUAL(404, fixture_->call("PROPFIND", kWork, "", {{"Depth", "0"}}).status);
    }
    auto created = fixture_->call("MKCALENDAR", kWork, mkcalendarSetting(calendarTimezone(newYorkCalendar())));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 201, created.status);
    XmlQuery props(fixture_->call("PROPFIND", kWork, "", {{"Depth", "0"}}).body);
    const auto* stored = props.prop(kWork, kCalDavNsForTests, "calendar-timezone");
    CPPUNIT_ASSERT(stored && stored->textContent().find("America/New_York") != std::string::npos);
  }

  void testExtendedMkcolRefusalIsAMkcolResponse() {
    // RFC 5689 §3: the failed property 403, the others 424, in a DAV:mkcol-response.
    const std::string body =
        "<D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop><D:resourcetype>"
        "<D:collection/><C:calendar/></D:resourcetype>" + calendarTimezone(zoneAndEvent()) + "</D:prop></D:set></D:mkcol>";
    auto response = fixture_->call("MKCOL", kWork, body, {{"Content-Type", "application/xml"}});
    CPPUNIT_ASSERT_EQUAL(403, response.status);
    XmlQuery answer(response.body);
    CPPUNIT_ASSERT_MESSAGE(response.body, answer.root().is("DAV:", "mkcol-response"));
    CPPUNIT_ASSERT(hasError(propstatOf(answer.root(), kCalDavNsForTests, "calendar-timezone"), kCalDavNsForTests,
                            "valid-calendar-data"));
    CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 424 Failed Dependency"), statusOf(propstatOf(answer.root(), "DAV:", "resourcetype")));
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("PROPFIND", kWork, "", {{"Depth", "0"}}).status);
  }

  void testCalendarTimezoneOnProppatchMustBeOneVtimezoneAlone() {
    const std::string cal = "/calendars/alice/calendar/";
    const std::string twoZones =
        newYorkCalendar(newYorkTimezone().replace(newYorkTimezone().find("America/New_York"), 16, "Other/Zone"));
    for (const std::string& bad : {zoneAndEvent(), twoZones, newYorkTimezone()}) {
      auto response = fixture_->call("PROPPATCH", cal, proppatchSetting("<D:displayname>Renamed</D:displayname>" + calendarTimezone(bad)));
      CPPUNIT_ASSERT_EQUAL(207, response.status);
      XmlQuery answer(response.body);
      const auto* timezone = propstatOf(answer.root(), kCalDavNsForTests, "calendar-timezone");
      CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, std::string("HTTP/1.1 403 Forbidden"), statusOf(timezone));
      CPPUNIT_ASSERT_MESSAGE(response.body, hasError(timezone, kCalDavNsForTests, "valid-calendar-data"));
      CPPUNIT_ASSERT_EQUAL(424, *answer.propStatus(cal, "DAV:", "displayname"));
    }
    XmlQuery props(fixture_->call("PROPFIND", cal, "", {{"Depth", "0"}}).body);
    CPPUNIT_ASSERT_EQUAL(std::string("Calendar"), props.prop(cal, "DAV:", "displayname")->textContent());
    CPPUNIT_ASSERT(!props.prop(cal, kCalDavNsForTests, "calendar-timezone"));
  }

 private:
  static void assertResourceMustBeNull(const caldav::dav::Response& response, int status) {
    CPPUNIT_ASSERT_EQUAL(status, response.status);
    CPPUNIT_ASSERT_MESSAGE(response.body, XmlQuery(response.body).root().child("DAV:", "resource-must-be-null"));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(CalendarCreationTest);
