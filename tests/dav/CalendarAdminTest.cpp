// The admin's calendars (dav/CalendarAdmin.h, `caldavd calendar`), on both backends: what the
// CLI stores is what PROPPATCH stores, a created calendar enforces its policy, and a failure
// stores nothing.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include "dav/CalendarAdmin.h"
#include "storage/StoreError.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace caldav::dav::testing;
using caldav::dav::CalendarSummary;
using caldav::dav::PolicyValues;
using caldav::storage::StoreError;

namespace {

const char* kBookingNs = "urn:caldavd:booking";

}  // namespace

class CalendarAdminTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CalendarAdminTest);
  CPPUNIT_TEST(testStoredValuesAreThoseOfProppatch);
  CPPUNIT_TEST(testCreatedBookableCalendarEnforcesItsPolicy);
  CPPUNIT_TEST(testCreateFailsCleanly);
  CPPUNIT_TEST(testSetIsAllOrNothingAndEmptyRemoves);
  CPPUNIT_TEST(testListShowsEveryUsersCalendars);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testStoredValuesAreThoseOfProppatch() {
    auto proppatch = fixture_->call(
        "PROPPATCH", "/calendars/alice/calendar/",
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:X=\"urn:caldavd:booking\"><D:set><D:prop>"
        "<X:min-notice>PT24H</X:min-notice><X:status-transitions>tentative>confirmed</X:status-transitions>"
        "</D:prop></D:set></D:propertyupdate>");
    CPPUNIT_ASSERT_EQUAL(207, proppatch.status);
    createCalendar("book", "", {});
    caldav::dav::setBookingPolicy(fixture_->store(), "alice", "book",
                                  {{"min-notice", "PT24H"}, {"status-transitions", "tentative>confirmed"}});
    CPPUNIT_ASSERT_EQUAL(stored("/calendars/alice/calendar", "min-notice"), stored("/calendars/alice/book", "min-notice"));
    CPPUNIT_ASSERT_EQUAL(stored("/calendars/alice/calendar", "status-transitions"),
                         stored("/calendars/alice/book", "status-transitions"));
    CPPUNIT_ASSERT_EQUAL(std::string("<min-notice xmlns=\"urn:caldavd:booking\">PT24H</min-notice>"),
                         stored("/calendars/alice/book", "min-notice"));
  }

  void testCreatedBookableCalendarEnforcesItsPolicy() {
    createCalendar("book", "Consultations", {{"booking-rules-enabled", "true"}, {"buffer-after", "PT15M"}});
    auto propfind = fixture_->call("PROPFIND", "/calendars/alice/book/",
                                   "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>"
                                   "<D:resourcetype/><D:displayname/></D:prop></D:propfind>",
                                   {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL(207, propfind.status);
    CPPUNIT_ASSERT(propfind.body.find("<C:calendar/>") != std::string::npos);
    CPPUNIT_ASSERT(propfind.body.find(">Consultations<") != std::string::npos);
    const std::string book = "/calendars/alice/book/";
    CPPUNIT_ASSERT_EQUAL(201, put(book + "a.ics", event("a", "20231121T100000Z", "20231121T103000Z")).status);
    // Within the 15 minutes kept free after "a".
    auto refused = put(book + "b.ics", event("b", "20231121T104000Z", "20231121T110000Z"));
    CPPUNIT_ASSERT_EQUAL(403, refused.status);
    CPPUNIT_ASSERT(XmlQuery(refused.body).root().child(kBookingNs, "slot-unavailable"));
  }

  void testCreateFailsCleanly() {
    CPPUNIT_ASSERT_THROW(createCalendar("calendar", "", {}), StoreError);  // exists
    CPPUNIT_ASSERT_THROW(caldav::dav::createCalendar(fixture_->store(), "carol", "book", "", {}, 1000), StoreError);
    CPPUNIT_ASSERT_THROW(createCalendar("book", "", {{"min-notice", "soon"}}), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createCalendar("book", "", {{"colour", "red"}}), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createCalendar("a/b", "", {}), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createCalendar("..", "", {}), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createCalendar("book", "line\nbreak", {}), std::invalid_argument);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, caldav::dav::listCalendars(fixture_->store(), "alice").size());
    try {
      createCalendar("calendar", "", {});
      CPPUNIT_FAIL("created twice");
    } catch (const StoreError& error) {
      CPPUNIT_ASSERT(error.code() == StoreError::Code::AlreadyExists);
    }
  }

  void testSetIsAllOrNothingAndEmptyRemoves() {
    createCalendar("book", "", {{"booking-rules-enabled", "true"}, {"min-notice", "PT1H"}});
    CPPUNIT_ASSERT_THROW(setPolicy({{"max-advance", "P30D"}, {"max-bookings-per-day", "0"}}), std::invalid_argument);
    CPPUNIT_ASSERT(stored("/calendars/alice/book", "max-advance").empty());
    setPolicy({{"min-notice", ""}, {"max-advance", "P30D"}});
    CPPUNIT_ASSERT(stored("/calendars/alice/book", "min-notice").empty());
    CPPUNIT_ASSERT(!stored("/calendars/alice/book", "max-advance").empty());
    // Only calendars have a policy; an unknown property cannot be removed either.
    CPPUNIT_ASSERT_THROW(caldav::dav::setBookingPolicy(fixture_->store(), "alice", "nothing", {{"min-notice", "PT1H"}}),
                         StoreError);
    CPPUNIT_ASSERT_THROW(setPolicy({{"colour", ""}}), std::invalid_argument);
  }

  void testListShowsEveryUsersCalendars() {
    createCalendar("book", "Consultations", {{"booking-rules-enabled", "true"}, {"min-notice", "PT1H"}});
    auto all = caldav::dav::listCalendars(fixture_->store(), "");
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, all.size());
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/book"), all[0].path);
    CPPUNIT_ASSERT_EQUAL(std::string("Consultations"), all[0].displayName);
    CPPUNIT_ASSERT(all[0].isBookable);
    CPPUNIT_ASSERT(all[0].policy == PolicyValues({{"min-notice", "PT1H"}}));
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/calendar"), all[1].path);
    CPPUNIT_ASSERT(!all[1].isBookable);
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/bob/calendar"), all[2].path);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, caldav::dav::listCalendars(fixture_->store(), "bob").size());
    CPPUNIT_ASSERT_THROW(caldav::dav::listCalendars(fixture_->store(), "carol"), StoreError);
  }

 private:
  void createCalendar(const std::string& name, const std::string& displayName, const PolicyValues& values) {
    caldav::dav::createCalendar(fixture_->store(), "alice", name, displayName, values, 1000);
  }
  void setPolicy(const PolicyValues& values) {
    caldav::dav::setBookingPolicy(fixture_->store(), "alice", "book", values);
  }
  caldav::dav::Response put(const std::string& target, const std::string& body) {
    return fixture_->call("PUT", target, body, {{"Content-Type", "text/calendar; charset=utf-8"}});
  }
  // The stored valueXml of the booking property `name` of `path`, "" if none.
  std::string stored(const std::string& path, const std::string& name) {
    auto txn = fixture_->store().beginRead();
    for (const auto& property : txn->properties(txn->findNode(path)->id)) {
      if (property.ns == kBookingNs && property.name == name) return property.valueXml;
    }
    return "";
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(CalendarAdminTest);
