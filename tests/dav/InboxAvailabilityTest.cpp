// CALDAV:calendar-availability on the schedule inbox (RFC 7953 §7.2.4), on both backends: what
// PROPPATCH accepts and where, and that the availability set once there counts wherever the
// VAVAILABILITY resources of the owner's calendars count: the booking rules
// (outside-availability), free-busy-query, the outbox POST and free-slots.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using namespace caldav::dav::testing;

namespace {

const char* kBookingNs = "urn:caldavd:booking";
const std::string kInbox = "/calendars/alice/inbox/";
const std::string kCal = "/calendars/alice/calendar/";
const std::string kHome = "/calendars/alice/";

// Monday to Friday 09:00-17:00 UTC are available, the rest of the week is not.
const std::string kWorkingHours = crlf(
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:inbox-hours\n"
    "DTSTAMP:20231101T000000Z\nDTSTART:20231101T000000Z\nBEGIN:AVAILABLE\nUID:inbox-hours-1\n"
    "DTSTAMP:20231101T000000Z\nDTSTART:20231106T090000Z\nDTEND:20231106T170000Z\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\n");

// A VAVAILABILITY resource of a calendar that outranks the inbox's (PRIORITY 1 against the
// undefined 0) on Wednesday 2023-11-22: only 13:00-17:00 is available that day.
const std::string kWednesdayAfternoon = crlf(
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:wednesday\n"
    "DTSTAMP:20231101T000000Z\nPRIORITY:1\nDTSTART:20231122T000000Z\nDTEND:20231123T000000Z\n"
    "BEGIN:AVAILABLE\nUID:wednesday-1\nDTSTAMP:20231101T000000Z\nDTSTART:20231122T130000Z\n"
    "DTEND:20231122T170000Z\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\n");

std::string setAvailability(const std::string& value) {
  return "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
         "<C:calendar-availability><![CDATA[" + value + "]]></C:calendar-availability>"
         "</D:prop></D:set></D:propertyupdate>";
}

const std::string kRemoveAvailability =
    "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:remove><D:prop>"
    "<C:calendar-availability/></D:prop></D:remove></D:propertyupdate>";

const std::string kAskAvailability =
    "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>"
    "<C:calendar-availability/></D:prop></D:propfind>";

std::string policyUpdate(const std::vector<std::pair<std::string, std::string>>& values) {
  std::string body = "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:B=\"urn:caldavd:booking\"><D:set><D:prop>";
  for (const auto& [name, value] : values) body += "<B:" + name + ">" + value + "</B:" + name + ">";
  return body + "</D:prop></D:set></D:propertyupdate>";
}

std::string freeBusyQuery(const std::string& start, const std::string& end) {
  return "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"" + start + "\" end=\"" +
         end + "\"/></C:free-busy-query>";
}

std::string freeSlots(const std::string& start, const std::string& end, const std::string& duration) {
  return "<B:free-slots xmlns:B=\"urn:caldavd:booking\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
         "<C:time-range start=\"" + start + "\" end=\"" + end + "\"/><B:duration>" + duration +
         "</B:duration></B:free-slots>";
}

// The FREEBUSY values of an answer with FBTYPE `type`, one per line (CRLF or, inside XML, LF).
std::string periodsOf(const std::string& answer, const std::string& type) {
  std::string out;
  const std::string prefix = "FREEBUSY;FBTYPE=" + type + ":";
  for (auto at = answer.find(prefix); at != std::string::npos; at = answer.find(prefix, at)) {
    at += prefix.size();
    out += answer.substr(at, answer.find_first_of("\r\n", at) - at) + "\n";
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class InboxAvailabilityTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(InboxAvailabilityTest);
  CPPUNIT_TEST(testSetOnTheInboxIsReadBackAndRemoved);
  CPPUNIT_TEST(testValueThatIsNotAvailabilityIsValidCalendarData);
  CPPUNIT_TEST(testOnlyTheInboxHasCalendarAvailability);
  CPPUNIT_TEST(testBookingOutsideInboxAvailabilityIsRefused);
  CPPUNIT_TEST(testFreeBusyQueryShowsItAsBusyUnavailable);
  CPPUNIT_TEST(testOutboxPostCountsIt);
  CPPUNIT_TEST(testFreeSlotsHonourIt);
  CPPUNIT_TEST(testCalendarResourcesCountWithIt);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }  // now: 2023-11-14T22:13:20Z
  void tearDown() override { fixture_.reset(); }

  void testSetOnTheInboxIsReadBackAndRemoved() {
    XmlQuery set(fixture_->call("PROPPATCH", kInbox, setAvailability(kWorkingHours)).body);
    CPPUNIT_ASSERT_EQUAL(200, *set.propStatus(kInbox, kCalDavNsForTests, "calendar-availability"));
    XmlQuery read(fixture_->call("PROPFIND", kInbox, kAskAvailability, {{"Depth", "0"}}).body);
    const auto* value = read.prop(kInbox, kCalDavNsForTests, "calendar-availability");
    CPPUNIT_ASSERT(value);
    CPPUNIT_ASSERT(contains(value->textContent(), "UID:inbox-hours"));
    CPPUNIT_ASSERT(contains(value->textContent(), "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));

    XmlQuery removed(fixture_->call("PROPPATCH", kInbox, kRemoveAvailability).body);
    CPPUNIT_ASSERT_EQUAL(200, *removed.propStatus(kInbox, kCalDavNsForTests, "calendar-availability"));
    XmlQuery gone(fixture_->call("PROPFIND", kInbox, kAskAvailability, {{"Depth", "0"}}).body);
    CPPUNIT_ASSERT_EQUAL(404, *gone.propStatus(kInbox, kCalDavNsForTests, "calendar-availability"));
  }

  void testValueThatIsNotAvailabilityIsValidCalendarData() {
    const std::string event = caldav::dav::testing::event("e", "20231121T100000Z", "20231121T110000Z");
    const std::string withEvent =
        kWorkingHours.substr(0, kWorkingHours.find("END:VCALENDAR")) + event.substr(event.find("BEGIN:VEVENT"));
    const std::string withMethod = crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nMETHOD:PUBLISH\n") +
                                   kWorkingHours.substr(kWorkingHours.find("BEGIN:VAVAILABILITY"));
    const std::string unknownZone = crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:z\nDTSTAMP:20231101T000000Z\n"
        "BEGIN:AVAILABLE\nUID:z-1\nDTSTAMP:20231101T000000Z\nDTSTART;TZID=Mars/Olympus:20231106T090000\n"
        "DTEND;TZID=Mars/Olympus:20231106T170000\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\n");
    const std::string empty = crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nEND:VCALENDAR\n");
    for (const auto& value : {std::string("not iCalendar"), event, withEvent, withMethod, unknownZone, empty}) {
      auto response = fixture_->call("PROPPATCH", kInbox, setAvailability(value));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(value, 207, response.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(value, 403,
                                   *XmlQuery(response.body).propStatus(kInbox, kCalDavNsForTests, "calendar-availability"));
      CPPUNIT_ASSERT_MESSAGE(response.body, contains(response.body, "valid-calendar-data"));
    }
    // Nothing was stored.
    XmlQuery read(fixture_->call("PROPFIND", kInbox, kAskAvailability, {{"Depth", "0"}}).body);
    CPPUNIT_ASSERT_EQUAL(404, *read.propStatus(kInbox, kCalDavNsForTests, "calendar-availability"));
  }

  void testOnlyTheInboxHasCalendarAvailability() {
    for (const std::string& path : {kCal, kHome, std::string("/calendars/alice/outbox/")}) {
      auto response = fixture_->call("PROPPATCH", path, setAvailability(kWorkingHours));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 207, response.status);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(path + response.body, 403,
                                   *XmlQuery(response.body).propStatus(path, kCalDavNsForTests, "calendar-availability"));
      XmlQuery read(fixture_->call("PROPFIND", path, kAskAvailability, {{"Depth", "0"}}).body);
      CPPUNIT_ASSERT_EQUAL(404, *read.propStatus(path, kCalDavNsForTests, "calendar-availability"));
    }
    // Nor at creation: MKCALENDAR with it in its DAV:set creates nothing.
    const std::string mkcalendar =
        "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
        "<C:calendar-availability><![CDATA[" + kWorkingHours + "]]></C:calendar-availability>"
        "</D:prop></D:set></C:mkcalendar>";
    auto created = fixture_->call("MKCALENDAR", kHome + "hours/", mkcalendar);
    CPPUNIT_ASSERT_EQUAL(207, created.status);  // RFC 4791 §5.3.1.1
    CPPUNIT_ASSERT_EQUAL(403, *XmlQuery(created.body).propStatus(kHome + "hours/", kCalDavNsForTests,
                                                                 "calendar-availability"));
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("PROPFIND", kHome + "hours/", "", {{"Depth", "0"}}).status);
  }

  void testBookingOutsideInboxAvailabilityIsRefused() {
    enableBooking();
    setInboxAvailability();
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "a.ics", event("a", "20231121T090000Z", "20231121T100000Z")).status);  // Tuesday
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "b.ics", event("b", "20231121T160000Z", "20231121T170000Z")).status);
    assertOutsideAvailability(put(kCal + "c.ics", event("c", "20231121T163000Z", "20231121T173000Z")));
    assertOutsideAvailability(put(kCal + "d.ics", event("d", "20231125T100000Z", "20231125T110000Z")));  // Saturday
    // Without it the calendar is always available again.
    CPPUNIT_ASSERT_EQUAL(207, fixture_->call("PROPPATCH", kInbox, kRemoveAvailability).status);
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "d.ics", event("d", "20231125T100000Z", "20231125T110000Z")).status);
  }

  void testFreeBusyQueryShowsItAsBusyUnavailable() {
    setInboxAvailability();
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "a.ics", event("a", "20231121T100000Z", "20231121T110000Z")).status);
    const std::string tuesday = "20231121T000000Z/20231121T090000Z\n20231121T170000Z/20231122T000000Z\n";
    for (const auto& [path, depth] : {std::pair{kCal, "0"}, std::pair{kHome, "1"}, std::pair{kHome, "infinity"}}) {
      auto answer = fixture_->call("REPORT", path, freeBusyQuery("20231121T000000Z", "20231122T000000Z"),
                                   {{"Depth", depth}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
      CPPUNIT_ASSERT_EQUAL(tuesday, periodsOf(answer.body, "BUSY-UNAVAILABLE"));
      CPPUNIT_ASSERT_EQUAL(std::string("20231121T100000Z/20231121T110000Z\n"), periodsOf(answer.body, "BUSY"));
    }
  }

  void testOutboxPostCountsIt() {
    setInboxAvailability();
    const std::string request = crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nMETHOD:REQUEST\nBEGIN:VFREEBUSY\nUID:fb-1\n"
        "DTSTAMP:20231101T000000Z\nDTSTART:20231125T000000Z\nDTEND:20231128T000000Z\n"
        "ORGANIZER:mailto:alice@localhost\nATTENDEE:mailto:alice@localhost\nEND:VFREEBUSY\nEND:VCALENDAR\n");
    auto response = fixture_->call("POST", "/calendars/alice/outbox/", request,
                                   {{"Content-Type", "text/calendar; charset=utf-8"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    CPPUNIT_ASSERT(contains(response.body, "2.0;Success"));
    // The weekend and Monday until 09:00, and from 17:00.
    CPPUNIT_ASSERT_EQUAL(std::string("20231125T000000Z/20231127T090000Z\n20231127T170000Z/20231128T000000Z\n"),
                         periodsOf(response.body, "BUSY-UNAVAILABLE"));
  }

  void testFreeSlotsHonourIt() {
    enableBooking({{"max-duration", "PT1H"}});
    setInboxAvailability();
    auto response = fixture_->call("REPORT", kCal, freeSlots("20231124T000000Z", "20231128T000000Z", "PT1H"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("20231124T090000Z/20231124T170000Z\n20231127T090000Z/20231127T170000Z\n"),
                         periodsOf(response.body, "FREE"));
  }

  void testCalendarResourcesCountWithIt() {
    enableBooking();
    setInboxAvailability();
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "wednesday.ics", kWednesdayAfternoon).status);
    // Wednesday the calendar's VAVAILABILITY decides (PRIORITY 1), Saturday the inbox's.
    assertOutsideAvailability(put(kCal + "a.ics", event("a", "20231122T100000Z", "20231122T110000Z")));
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "b.ics", event("b", "20231122T140000Z", "20231122T150000Z")).status);
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "c.ics", event("c", "20231123T100000Z", "20231123T110000Z")).status);
    assertOutsideAvailability(put(kCal + "d.ics", event("d", "20231125T100000Z", "20231125T110000Z")));

    auto busy = fixture_->call("REPORT", kHome, freeBusyQuery("20231122T000000Z", "20231124T000000Z"), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(std::string("20231122T000000Z/20231122T130000Z\n20231122T170000Z/20231123T090000Z\n"
                                     "20231123T170000Z/20231124T000000Z\n"),
                         periodsOf(busy.body, "BUSY-UNAVAILABLE"));
    auto slots = fixture_->call("REPORT", kCal, freeSlots("20231122T000000Z", "20231124T000000Z", "PT1H"));
    CPPUNIT_ASSERT_EQUAL(std::string("20231122T130000Z/20231122T140000Z\n20231122T150000Z/20231122T170000Z\n"
                                     "20231123T090000Z/20231123T100000Z\n20231123T110000Z/20231123T170000Z\n"),
                         periodsOf(slots.body, "FREE"));
  }

 private:
  void setInboxAvailability() {
    XmlQuery set(fixture_->call("PROPPATCH", kInbox, setAvailability(kWorkingHours)).body);
    CPPUNIT_ASSERT_EQUAL(200, *set.propStatus(kInbox, kCalDavNsForTests, "calendar-availability"));
  }

  void enableBooking(std::vector<std::pair<std::string, std::string>> values = {}) {
    values.insert(values.begin(), {"booking-rules-enabled", "true"});
    auto response = fixture_->call("PROPPATCH", kCal, policyUpdate(values));
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(response.body).propStatus(kCal, kBookingNs, "booking-rules-enabled"));
  }

  caldav::dav::Response put(const std::string& path, const std::string& body) {
    return fixture_->call("PUT", path, body, {{"Content-Type", "text/calendar; charset=utf-8"}});
  }

  static void assertOutsideAvailability(const caldav::dav::Response& response) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 403, response.status);
    CPPUNIT_ASSERT_MESSAGE(response.body, XmlQuery(response.body).root().child(kBookingNs, "outside-availability"));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(InboxAvailabilityTest);
