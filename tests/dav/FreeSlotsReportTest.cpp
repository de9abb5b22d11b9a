// The free-slots REPORT (urn:caldavd:booking; docs/scheduling.md, "Free slots"): the FREE
// periods of a booking calendar for a duration, and its refusals. On both backends.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>

using namespace caldav::dav::testing;

namespace {

const char* kBookingNs = "urn:caldavd:booking";
const std::string kCal = "/calendars/alice/calendar/";

std::string policyUpdate(const std::vector<std::pair<std::string, std::string>>& values) {
  std::string body = "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:B=\"urn:caldavd:booking\"><D:set><D:prop>";
  for (const auto& [name, value] : values) body += "<B:" + name + ">" + value + "</B:" + name + ">";
  return body + "</D:prop></D:set></D:propertyupdate>";
}

std::string freeSlots(const std::string& start, const std::string& end, const std::string& duration) {
  std::string body = "<B:free-slots xmlns:B=\"urn:caldavd:booking\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">";
  if (!start.empty()) body += "<C:time-range start=\"" + start + "\" end=\"" + end + "\"/>";
  if (!duration.empty()) body += "<B:duration>" + duration + "</B:duration>";
  return body + "</B:free-slots>";
}

// The FREE periods of an answer, one per line.
std::string freePeriods(const std::string& answer) {
  std::string out;
  const std::string prefix = "FREEBUSY;FBTYPE=FREE:";
  for (auto at = answer.find(prefix); at != std::string::npos; at = answer.find(prefix, at)) {
    at += prefix.size();
    out += answer.substr(at, answer.find("\r\n", at) - at) + "\n";
  }
  return out;
}

}  // namespace

class FreeSlotsReportTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FreeSlotsReportTest);
  CPPUNIT_TEST(testEmptyBookingCalendarIsFreeAfterTheNotice);
  CPPUNIT_TEST(testBookingsBuffersAndOtherCalendarsCutThePeriods);
  CPPUNIT_TEST(testAvailabilityDurationAndDailyLimit);
  CPPUNIT_TEST(testAnswerIsOneVfreebusyWithoutDetails);
  CPPUNIT_TEST(testMissingOrInvalidDurationOrRangeIs400);
  CPPUNIT_TEST(testCalendarWithoutBookingRulesIsRefused);
  CPPUNIT_TEST(testOnlyWhoMayReadFreeBusyMayAsk);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }  // now: 2023-11-14T22:13:20Z
  void tearDown() override { fixture_.reset(); }

  void testEmptyBookingCalendarIsFreeAfterTheNotice() {
    enable({{"min-notice", "PT1H46M40S"}});  // from 2023-11-15T00:00:00Z
    auto response = ask(freeSlots("20231114T000000Z", "20231116T000000Z", "PT30M"));
    CPPUNIT_ASSERT_EQUAL(std::string("20231115T000000Z/20231116T000000Z\n"), freePeriods(response.body));
  }

  void testBookingsBuffersAndOtherCalendarsCutThePeriods() {
    enable({{"buffer-before", "PT15M"}, {"buffer-after", "PT10M"}});
    put(kCal + "a.ics", event("a", "20231120T100000Z", "20231120T110000Z"));
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/private/").status);
    put("/calendars/alice/private/p.ics", event("p", "20231120T140000Z", "20231120T150000Z"));
    put("/calendars/alice/private/t.ics", event("t", "20231120T160000Z", "20231120T170000Z", "TRANSP:TRANSPARENT\n"));
    put(kCal + "c.ics", event("c", "20231120T170000Z", "20231120T173000Z", "STATUS:CANCELLED\n"));
    auto response = ask(freeSlots("20231120T080000Z", "20231120T200000Z", "PT30M"));
    // A booking keeps buffer-after + buffer-before from another booking of the calendar, and
    // its own buffers from the owner's other busy time.
    CPPUNIT_ASSERT_EQUAL(std::string("20231120T080000Z/20231120T093500Z\n"
                                     "20231120T112500Z/20231120T135000Z\n"
                                     "20231120T151500Z/20231120T200000Z\n"),
                         freePeriods(response.body));
  }

  void testAvailabilityDurationAndDailyLimit() {
    enable({{"max-duration", "PT1H"}, {"max-bookings-per-day", "1"}});
    const std::string hours = crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:hours\n"
        "DTSTAMP:20231101T000000Z\nDTSTART:20231101T000000Z\nBEGIN:AVAILABLE\nUID:hours-1\n"
        "DTSTAMP:20231101T000000Z\nDTSTART:20231106T090000Z\nDTEND:20231106T170000Z\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\n");
    put(kCal + "hours.ics", hours);
    put(kCal + "a.ics", event("a", "20231121T100000Z", "20231121T110000Z"));  // Tuesday is full
    auto response = ask(freeSlots("20231120T000000Z", "20231123T000000Z", "PT1H"));
    CPPUNIT_ASSERT_EQUAL(std::string("20231120T090000Z/20231120T170000Z\n20231122T090000Z/20231122T170000Z\n"),
                         freePeriods(response.body));
    auto tooLong = ask(freeSlots("20231120T000000Z", "20231123T000000Z", "PT2H"));
    CPPUNIT_ASSERT_EQUAL(std::string(), freePeriods(tooLong.body));
  }

  void testAnswerIsOneVfreebusyWithoutDetails() {
    enable();
    put(kCal + "a.ics", event("a", "20231120T100000Z", "20231120T110000Z", "LOCATION:Secret\n"));
    auto response = ask(freeSlots("20231120T080000Z", "20231120T200000Z", "PT1H"));
    CPPUNIT_ASSERT(response.header("Content-Type")->find("text/calendar") != std::string::npos);
    CPPUNIT_ASSERT(response.body.find("BEGIN:VFREEBUSY\r\n") != std::string::npos);
    CPPUNIT_ASSERT(response.body.find("DTSTART:20231120T080000Z\r\nDTEND:20231120T200000Z\r\n") != std::string::npos);
    CPPUNIT_ASSERT(response.body.find("Secret") == std::string::npos);
    CPPUNIT_ASSERT(response.body.find("UID:a") == std::string::npos);
    CPPUNIT_ASSERT(response.body.find("FBTYPE=BUSY") == std::string::npos);
  }

  void testMissingOrInvalidDurationOrRangeIs400() {
    enable();
    for (const auto& body : {freeSlots("20231120T080000Z", "20231120T200000Z", ""),
                             freeSlots("20231120T080000Z", "20231120T200000Z", "thirty minutes"),
                             freeSlots("20231120T080000Z", "20231120T200000Z", "-PT30M"),
                             freeSlots("20231120T080000Z", "20231120T200000Z", "PT0S"),
                             freeSlots("", "", "PT30M"),
                             freeSlots("20231120T080000Z", "", "PT30M"),
                             freeSlots("20231120T200000Z", "20231120T080000Z", "PT30M"),
                             freeSlots("20231120T080000", "20231120T200000", "PT30M"),
                             freeSlots("20231101T000000Z", "20240301T000000Z", "PT30M")}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(body, 400, fixture_->call("REPORT", kCal, body).status);
    }
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("REPORT", kCal, freeSlots("20231101T000000Z", "20240201T000000Z", " PT30M ")).status);
  }

  void testCalendarWithoutBookingRulesIsRefused() {
    for (const std::string& target : {kCal, std::string("/calendars/alice/")}) {
      auto response = fixture_->call("REPORT", target, freeSlots("20231120T080000Z", "20231120T200000Z", "PT30M"));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 403, response.status);
      CPPUNIT_ASSERT_MESSAGE(response.body, XmlQuery(response.body).root().child(kBookingNs, "booking-calendar"));
    }
  }

  void testOnlyWhoMayReadFreeBusyMayAsk() {
    enable();
    const std::string body = freeSlots("20231120T080000Z", "20231120T200000Z", "PT30M");
    auto bob = fixture_->call("REPORT", kCal, body, {}, DispatcherFixture::basic("bob", "bob-pw"));
    CPPUNIT_ASSERT_EQUAL(403, bob.status);
    CPPUNIT_ASSERT(XmlQuery(bob.body).root().child("DAV:", "need-privileges"));
    // A bookable principal's slots are for everyone.
    auto txn = fixture_->store().beginWrite({"alice"});
    txn->setUserScheduling("alice", "individual", "automatic");
    txn->commit();
    auto again = fixture_->call("REPORT", kCal, body, {}, DispatcherFixture::basic("bob", "bob-pw"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(again.body, 200, again.status);
    CPPUNIT_ASSERT_EQUAL(std::string("20231120T080000Z/20231120T200000Z\n"), freePeriods(again.body));
  }

 private:
  void enable(std::vector<std::pair<std::string, std::string>> values = {}) {
    values.insert(values.begin(), {"booking-rules-enabled", "true"});
    auto response = fixture_->call("PROPPATCH", kCal, policyUpdate(values));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(response.body).propStatus(kCal, kBookingNs, "booking-rules-enabled"));
  }

  void put(const std::string& path, const std::string& body) {
    auto response = fixture_->call("PUT", path, body, {{"Content-Type", "text/calendar"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + response.body, 201, response.status);
  }

  caldav::dav::Response ask(const std::string& body) {
    auto response = fixture_->call("REPORT", kCal, body);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
    return response;
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(FreeSlotsReportTest);
