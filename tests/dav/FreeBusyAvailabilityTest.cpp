// The free-busy-query REPORT (RFC 4791 §7.10) with calendar availability (RFC 7953 §4),
// schedule-calendar-transp (RFC 6638 §9.1) and the statuses that free time, on both backends:
// each instant is answered once, with the strongest FBTYPE (BUSY, BUSY-UNAVAILABLE,
// BUSY-TENTATIVE), and nothing of the events but their time leaves the server.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace caldav::dav::testing;

namespace {

const std::string kCal = "/calendars/alice/calendar/";
const std::string kHome = "/calendars/alice/";

// Monday to Friday 09:00-17:00 UTC are available, the rest of the week is not.
const std::string kWorkingHoursUtc = crlf(
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:hours\n"
    "DTSTAMP:20260101T000000Z\nSUMMARY:Working hours of Dr Secret\nBEGIN:AVAILABLE\nUID:hours-1\n"
    "DTSTAMP:20260101T000000Z\nDTSTART:20260105T090000Z\nDTEND:20260105T170000Z\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nLOCATION:Secret practice\nEND:AVAILABLE\nEND:VAVAILABILITY\n"
    "END:VCALENDAR\n");

std::string fixtureFile(const std::string& name) {
  std::ifstream in(std::string(CALDAV_ICAL_FIXTURES) + "/" + name, std::ios::binary);
  CPPUNIT_ASSERT_MESSAGE(name, in.good());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();  // stored with CRLF line endings
}

std::string freeBusyQuery(const std::string& start, const std::string& end) {
  return "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"" + start + "\" end=\"" +
         end + "\"/></C:free-busy-query>";
}

// The FREEBUSY lines of an answer, one per line ("BUSY:20260106T080000Z/20260106T100000Z"), in
// the order answered (BUSY, then BUSY-UNAVAILABLE, then BUSY-TENTATIVE).
std::string periodsOf(const std::string& answer) {
  std::string out;
  const std::string prefix = "FREEBUSY;FBTYPE=";
  for (auto at = answer.find(prefix); at != std::string::npos; at = answer.find(prefix, at)) {
    at += prefix.size();
    out += answer.substr(at, answer.find("\r\n", at) - at) + "\n";
  }
  return out;
}

}  // namespace

class FreeBusyAvailabilityTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FreeBusyAvailabilityTest);
  CPPUNIT_TEST(testWithoutAvailabilityOnlyEventsAreBusy);
  CPPUNIT_TEST(testTimeOutsideWorkingHoursIsBusyUnavailable);
  CPPUNIT_TEST(testBusyWinsOverUnavailableWhichWinsOverTentative);
  CPPUNIT_TEST(testBusyTypeAndPriorityOfTheComponentsDecide);
  CPPUNIT_TEST(testZonedAvailabilityFollowsTheDstChange);
  CPPUNIT_TEST(testFloatingAvailabilityIsInTheCalendarTimezone);
  CPPUNIT_TEST(testHomeLeavesOutTransparentCalendars);
  CPPUNIT_TEST(testCancelledNoShowAndTransparentAreFree);
  CPPUNIT_TEST(testAnswerRevealsNoEventDetails);
  CPPUNIT_TEST(testAvailabilityTooLongAgoIsRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    fixture_->now_ = 1767225600;  // 2026-01-01T00:00:00Z: the fixtures' weeks are indexed
  }
  void tearDown() override { fixture_.reset(); }

  void testWithoutAvailabilityOnlyEventsAreBusy() {
    put(kCal, "a", event("a", "20260106T080000Z", "20260106T100000Z"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY:20260106T080000Z/20260106T100000Z\n"),
                         periods(kCal, "20260106T000000Z", "20260107T000000Z"));
  }

  void testTimeOutsideWorkingHoursIsBusyUnavailable() {
    put(kCal, "hours", kWorkingHoursUtc);
    // Tuesday: before 09:00 and from 17:00. Saturday and Sunday: all day.
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY-UNAVAILABLE:20260106T000000Z/20260106T090000Z\n"
                                     "BUSY-UNAVAILABLE:20260106T170000Z/20260107T000000Z\n"),
                         periods(kCal, "20260106T000000Z", "20260107T000000Z"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY-UNAVAILABLE:20260109T170000Z/20260112T090000Z\n"),
                         periods(kCal, "20260109T120000Z", "20260112T120000Z"));
    // The home searches the calendar too (Depth 1 and infinity).
    CPPUNIT_ASSERT_EQUAL(periods(kCal, "20260106T000000Z", "20260107T000000Z"),
                         periods(kHome, "20260106T000000Z", "20260107T000000Z", "1"));
    CPPUNIT_ASSERT_EQUAL(periods(kCal, "20260106T000000Z", "20260107T000000Z"),
                         periods(kHome, "20260106T000000Z", "20260107T000000Z", "infinity"));
    // Without the VAVAILABILITY the calendar is always available again.
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", kCal + "hours.ics").status);
    CPPUNIT_ASSERT_EQUAL(std::string(), periods(kCal, "20260106T000000Z", "20260107T000000Z"));
  }

  void testBusyWinsOverUnavailableWhichWinsOverTentative() {
    put(kCal, "hours", kWorkingHoursUtc);
    put(kCal, "early", event("early", "20260106T080000Z", "20260106T100000Z"));            // starts before 09:00
    put(kCal, "late", event("late", "20260106T163000Z", "20260106T173000Z"));              // ends after 17:00
    put(kCal, "lunch", event("lunch", "20260106T120000Z", "20260106T130000Z", "STATUS:TENTATIVE\n"));
    put(kCal, "evening", event("evening", "20260106T180000Z", "20260106T190000Z", "STATUS:TENTATIVE\n"));
    put(kCal, "overlap", event("overlap", "20260106T123000Z", "20260106T124500Z"));  // busy inside tentative
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY:20260106T080000Z/20260106T100000Z\n"
                                     "BUSY:20260106T123000Z/20260106T124500Z\n"
                                     "BUSY:20260106T163000Z/20260106T173000Z\n"
                                     "BUSY-UNAVAILABLE:20260106T000000Z/20260106T080000Z\n"
                                     "BUSY-UNAVAILABLE:20260106T173000Z/20260107T000000Z\n"
                                     "BUSY-TENTATIVE:20260106T120000Z/20260106T123000Z\n"
                                     "BUSY-TENTATIVE:20260106T124500Z/20260106T130000Z\n"),
                         periods(kCal, "20260106T000000Z", "20260107T000000Z"));
  }

  void testBusyTypeAndPriorityOfTheComponentsDecide() {
    // BUSYTYPE:BUSY with PRIORITY 5 from 5 to 10 January (10:00-12:00 available), then the
    // undefined-priority BUSYTYPE:BUSY-TENTATIVE one (09:00-17:00 available) decides.
    put(kCal, "bounded", fixtureFile("availability-bounded-busy.ics"));
    put(kCal, "tentative", fixtureFile("availability-tentative.ics"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY:20260109T000000Z/20260109T100000Z\n"
                                     "BUSY:20260109T120000Z/20260110T000000Z\n"
                                     "BUSY-TENTATIVE:20260110T000000Z/20260110T090000Z\n"
                                     "BUSY-TENTATIVE:20260110T170000Z/20260111T000000Z\n"),
                         periods(kCal, "20260109T000000Z", "20260111T000000Z"));
  }

  void testZonedAvailabilityFollowsTheDstChange() {
    // 09:00-17:00 Europe/Berlin on weekdays: 08:00-16:00Z in CET, 07:00-15:00Z in CEST (from
    // Sunday 2026-03-29).
    put(kCal, "berlin", fixtureFile("availability-berlin-workweek.ics"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY-UNAVAILABLE:20260327T000000Z/20260327T080000Z\n"
                                     "BUSY-UNAVAILABLE:20260327T160000Z/20260330T070000Z\n"
                                     "BUSY-UNAVAILABLE:20260330T150000Z/20260331T000000Z\n"),
                         periods(kCal, "20260327T000000Z", "20260331T000000Z"));
  }

  void testFloatingAvailabilityIsInTheCalendarTimezone() {
    // Weekdays 09:00-17:00 floating, inside a VAVAILABILITY from the (floating) 5 January
    // for 14 days: before it starts nothing is unavailable.
    put(kCal, "floating", fixtureFile("availability-floating.ics"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY-UNAVAILABLE:20260105T000000Z/20260105T090000Z\n"
                                     "BUSY-UNAVAILABLE:20260105T170000Z/20260106T000000Z\n"),
                         periods(kCal, "20260104T120000Z", "20260106T000000Z"));
    const std::string zone = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + newYorkTimezone() + "END:VCALENDAR\n";
    auto set = fixture_->call("PROPPATCH", kCal,
                              "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set>"
                              "<D:prop><C:calendar-timezone>" + crlf(zone) +
                                  "</C:calendar-timezone></D:prop></D:set></D:propertyupdate>");
    CPPUNIT_ASSERT_EQUAL(207, set.status);
    CPPUNIT_ASSERT_MESSAGE(set.body, set.body.find("200 OK") != std::string::npos);
    // New York is UTC-5 in January: the VAVAILABILITY starts at 05:00Z, the day at 14:00Z.
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY-UNAVAILABLE:20260105T050000Z/20260105T140000Z\n"
                                     "BUSY-UNAVAILABLE:20260105T220000Z/20260106T000000Z\n"),
                         periods(kCal, "20260104T120000Z", "20260106T000000Z"));
  }

  void testHomeLeavesOutTransparentCalendars() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", kHome + "private/").status);
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", kHome + "holidays/").status);
    auto transparent = fixture_->call(
        "PROPPATCH", kHome + "holidays/",
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
        "<C:schedule-calendar-transp><C:transparent/></C:schedule-calendar-transp></D:prop></D:set></D:propertyupdate>");
    CPPUNIT_ASSERT_EQUAL(207, transparent.status);
    put(kHome + "private/", "p", event("p", "20260106T100000Z", "20260106T110000Z"));
    put(kHome + "holidays/", "h", event("h", "20260106T120000Z", "20260106T130000Z"));
    put(kHome + "holidays/", "fb",
        crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VFREEBUSY\nUID:fb\nDTSTAMP:20260101T000000Z\n"
             "DTSTART:20260106T000000Z\nDTEND:20260107T000000Z\n"
             "FREEBUSY;FBTYPE=BUSY:20260106T140000Z/20260106T150000Z\nEND:VFREEBUSY\nEND:VCALENDAR\n"));
    put(kHome + "holidays/", "hours", kWorkingHoursUtc);
    // RFC 6638 §9.1: the owner's busy time leaves out the transparent calendar's events and
    // VFREEBUSY; its availability still counts (as it does for the booking rules).
    const std::string day = "BUSY:20260106T100000Z/20260106T110000Z\n"
                            "BUSY-UNAVAILABLE:20260106T000000Z/20260106T090000Z\n"
                            "BUSY-UNAVAILABLE:20260106T170000Z/20260107T000000Z\n";
    CPPUNIT_ASSERT_EQUAL(day, periods(kHome, "20260106T000000Z", "20260107T000000Z", "1"));
    CPPUNIT_ASSERT_EQUAL(day, periods(kHome, "20260106T000000Z", "20260107T000000Z", "infinity"));
    // RFC 4791 §7.10: a calendar asked directly answers for its own resources, transparent or
    // not; the availability of the owner's other calendars is not its own.
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY:20260106T120000Z/20260106T130000Z\n"
                                     "BUSY:20260106T140000Z/20260106T150000Z\n"
                                     "BUSY-UNAVAILABLE:20260106T000000Z/20260106T090000Z\n"
                                     "BUSY-UNAVAILABLE:20260106T170000Z/20260107T000000Z\n"),
                         periods(kHome + "holidays/", "20260106T000000Z", "20260107T000000Z"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY:20260106T100000Z/20260106T110000Z\n"),
                         periods(kHome + "private/", "20260106T000000Z", "20260107T000000Z"));
  }

  void testCancelledNoShowAndTransparentAreFree() {
    put(kCal, "off", event("off", "20260106T090000Z", "20260106T100000Z", "STATUS:CANCELLED\n"));
    put(kCal, "free", event("free", "20260106T100000Z", "20260106T110000Z", "TRANSP:TRANSPARENT\n"));
    put(kCal, "absent", event("absent", "20260106T110000Z", "20260106T120000Z", "X-CALDAVD-STATUS:NO-SHOW\n"));
    put(kCal, "held", event("held", "20260106T130000Z", "20260106T140000Z"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY:20260106T130000Z/20260106T140000Z\n"),
                         periods(kCal, "20260106T000000Z", "20260107T000000Z"));
    // The same for series that go on past the index horizon (expanded when asked).
    put(kCal, "s-off", event("s-off", "20260107T090000Z", "20260107T100000Z", "RRULE:FREQ=DAILY\nSTATUS:CANCELLED\n"));
    put(kCal, "s-free", event("s-free", "20260107T100000Z", "20260107T110000Z", "RRULE:FREQ=DAILY\nTRANSP:TRANSPARENT\n"));
    put(kCal, "s-absent",
        event("s-absent", "20260107T110000Z", "20260107T120000Z", "RRULE:FREQ=DAILY\nX-CALDAVD-STATUS:NO-SHOW\n"));
    put(kCal, "s-held", event("s-held", "20260107T130000Z", "20260107T140000Z", "RRULE:FREQ=DAILY\n"));
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY:20300115T130000Z/20300115T140000Z\n"),
                         periods(kCal, "20300115T000000Z", "20300116T000000Z"));
  }

  void testAnswerRevealsNoEventDetails() {
    put(kCal, "hours", kWorkingHoursUtc);
    put(kCal, "secret-uid-1",
        event("secret-uid-1", "20260106T100000Z", "20260106T110000Z",
              "LOCATION:Secret practice\nDESCRIPTION:Secret diagnosis\nATTENDEE:mailto:patient@example.com\n"
              "CATEGORIES:Secret\n"));
    put(kCal, "secret-uid-2", event("secret-uid-2", "20260106T120000Z", "20260106T130000Z", "STATUS:TENTATIVE\n"));
    for (const auto& [path, depth] : {std::pair{kCal, "0"}, std::pair{kHome, "1"}}) {
      auto answer = fixture_->call("REPORT", path, freeBusyQuery("20260106T000000Z", "20260107T000000Z"),
                                   {{"Depth", depth}});
      CPPUNIT_ASSERT_EQUAL(200, answer.status);
      CPPUNIT_ASSERT_EQUAL(std::string("text/calendar; charset=utf-8"), *answer.header("Content-Type"));
      for (const char* secret : {"secret", "Secret", "patient", "hours", "Working"}) {
        CPPUNIT_ASSERT_MESSAGE(answer.body, answer.body.find(secret) == std::string::npos);
      }
      // Only the VFREEBUSY's own properties: no UID, SUMMARY, ORGANIZER, ATTENDEE, ...
      const std::set<std::string> allowed = {"BEGIN", "END", "VERSION", "PRODID", "DTSTAMP", "DTSTART", "DTEND", "FREEBUSY"};
      std::istringstream lines(answer.body);
      for (std::string line; std::getline(lines, line);) {
        const std::string name = line.substr(0, line.find_first_of(":;"));
        CPPUNIT_ASSERT_MESSAGE(line, allowed.count(name) == 1);
      }
      CPPUNIT_ASSERT(answer.body.find("BEGIN:VFREEBUSY\r\n") != std::string::npos);
      CPPUNIT_ASSERT(answer.body.find("BEGIN:VEVENT") == std::string::npos);
      CPPUNIT_ASSERT(answer.body.find("VAVAILABILITY") == std::string::npos);
    }
  }

  void testAvailabilityTooLongAgoIsRefused() {
    // Daily hours from 2026: more than 20000 AVAILABLE instances before 2099 (the work bound of
    // ical::kMaxAvailableInstances): refused with a clear 403, the server stays up.
    put(kCal, "tentative", fixtureFile("availability-tentative.ics"));
    auto refused = fixture_->call("REPORT", kCal, freeBusyQuery("20990601T000000Z", "20990602T000000Z"), {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 403, refused.status);
    CPPUNIT_ASSERT_MESSAGE(refused.body, refused.body.find("too-many-instances") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("BUSY-TENTATIVE:20260110T000000Z/20260110T090000Z\n"),
                         periods(kCal, "20260110T000000Z", "20260110T120000Z"));
  }

 private:
  void put(const std::string& calendar, const std::string& name, const std::string& body) {
    auto response = fixture_->call("PUT", calendar + name + ".ics", body, {{"Content-Type", "text/calendar; charset=utf-8"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(name + ": " + response.body, 201, response.status);
  }
  std::string periods(const std::string& path, const std::string& start, const std::string& end,
                      const std::string& depth = "0") {
    auto answer = fixture_->call("REPORT", path, freeBusyQuery(start, end), {{"Depth", depth}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
    return periodsOf(answer.body);
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(FreeBusyAvailabilityTest);
