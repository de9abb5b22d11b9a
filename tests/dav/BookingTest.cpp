// Booking calendars through the protocol, on both backends (docs/booking-rules.md): PROPPATCH of
// the policy, each refusal and its shape, and the allowed edges.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

namespace {

const char* kBookingNs = "urn:caldavd:booking";
const std::string kCal = "/calendars/alice/calendar/";

std::string policyUpdate(const std::vector<std::pair<std::string, std::string>>& values) {
  std::string body = "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:B=\"urn:caldavd:booking\"><D:set><D:prop>";
  for (const auto& [name, value] : values) body += "<B:" + name + ">" + value + "</B:" + name + ">";
  return body + "</D:prop></D:set></D:propertyupdate>";
}

}  // namespace

class BookingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BookingTest);
  CPPUNIT_TEST(testOverlapIsRefusedWithBookingPrecondition);
  CPPUNIT_TEST(testPlainCalendarStillAcceptsOverlaps);
  CPPUNIT_TEST(testBackToBackAndRetriedPutAreAccepted);
  CPPUNIT_TEST(testTransparentAndCancelledDoNotBlock);
  CPPUNIT_TEST(testRecurringSeriesOverridesAndExdates);
  CPPUNIT_TEST(testOtherCalendarsOfTheOwnerCount);
  CPPUNIT_TEST(testMoveIntoBookingCalendarIsChecked);
  CPPUNIT_TEST(testStatusWorkflow);
  CPPUNIT_TEST(testPastAppointmentMayChangeStatusButNotTime);
  CPPUNIT_TEST(testPolicyRules);
  CPPUNIT_TEST(testBuffersKeepBookingsApart);
  CPPUNIT_TEST(testDefaultDurationCompletesTheBodyWithoutEtag);
  CPPUNIT_TEST(testInvalidPolicyValueIsRefusedAndNothingStored);
  CPPUNIT_TEST(testAuditLogRecordsCommittedChangesOnly);
  CPPUNIT_TEST(testUidReplacementIsNoUidConflict);
  CPPUNIT_TEST(testAvailabilityBoundsBookings);
  CPPUNIT_TEST(testMinAndMaxDateTimeFollowThePolicy);
  CPPUNIT_TEST(testConflictModeExcludeDropsConflictingOccurrences);
  CPPUNIT_TEST(testZonedFloatingAndAllDayTimesAreCompared);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    fixture_->now_ = 1700000000;  // 2023-11-14T22:13:20Z
  }
  void tearDown() override { fixture_.reset(); }

  void testOverlapIsRefusedWithBookingPrecondition() {
    enable();
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T103000Z", "LOCATION:Dr Secret\n").status);
    auto refused = put("b", "20231121T101500Z", "20231121T104500Z");
    CPPUNIT_ASSERT_EQUAL(403, refused.status);
    CPPUNIT_ASSERT(refused.header("Content-Type")->find("application/xml") == 0);
    XmlQuery error(refused.body);
    CPPUNIT_ASSERT(error.root().is("DAV:", "error"));
    CPPUNIT_ASSERT(error.root().child(kBookingNs, "slot-unavailable"));
    const std::string message = error.root().child("urn:caldavd", "message")->textContent();
    CPPUNIT_ASSERT_EQUAL(std::string("Not booked: Tue 21 Nov 10:15-10:45 overlaps another appointment. Pick another time."),
                         message);
    CPPUNIT_ASSERT(message.find("Secret") == std::string::npos);  // nothing of the other event
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", kCal + "b.ics").status);
  }

  void testPlainCalendarStillAcceptsOverlaps() {
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T103000Z").status);
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231121T101500Z", "20231121T104500Z").status);
  }

  void testBackToBackAndRetriedPutAreAccepted() {
    enable();
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T103000Z").status);
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231121T103000Z", "20231121T110000Z").status);
    CPPUNIT_ASSERT_EQUAL(201, put("c", "20231121T093000Z", "20231121T100000Z").status);
    CPPUNIT_ASSERT_EQUAL(204, put("b", "20231121T103000Z", "20231121T110000Z").status);  // retried
    CPPUNIT_ASSERT_EQUAL(204, put("b", "20231121T102900Z", "20231121T110000Z").status == 403 ? 204 : 0);
  }

  void testTransparentAndCancelledDoNotBlock() {
    enable();
    CPPUNIT_ASSERT_EQUAL(201, put("t", "20231121T100000Z", "20231121T110000Z", "TRANSP:TRANSPARENT\n").status);
    CPPUNIT_ASSERT_EQUAL(201, put("c", "20231121T100000Z", "20231121T110000Z", "STATUS:CANCELLED\n").status);
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T110000Z").status);
    // A cancelled booking frees its slot; restoring it (cancelled -> tentative) is checked again.
    CPPUNIT_ASSERT_EQUAL(403, put("c", "20231121T100000Z", "20231121T110000Z", "STATUS:TENTATIVE\n").status);
    CPPUNIT_ASSERT_EQUAL(204, put("a", "20231121T100000Z", "20231121T110000Z", "STATUS:CANCELLED\n").status);
    CPPUNIT_ASSERT_EQUAL(204, put("c", "20231121T100000Z", "20231121T110000Z", "STATUS:TENTATIVE\n").status);
    // No-show appointments do not block either.
    CPPUNIT_ASSERT_EQUAL(204, put("c", "20231121T100000Z", "20231121T110000Z", "STATUS:TENTATIVE\nX-CALDAVD-STATUS:NO-SHOW\n").status);
    CPPUNIT_ASSERT_EQUAL(201, put("d", "20231121T100000Z", "20231121T110000Z").status);
  }

  void testRecurringSeriesOverridesAndExdates() {
    enable();
    // Daily 09:00-10:00 for 5 days, the third moved to 11:00, the fourth excluded.
    const std::string series = crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:s\nDTSTAMP:20231101T000000Z\n"
        "DTSTART:20231120T090000Z\nDTEND:20231120T100000Z\nRRULE:FREQ=DAILY;COUNT=5\nEXDATE:20231123T090000Z\n"
        "END:VEVENT\nBEGIN:VEVENT\nUID:s\nDTSTAMP:20231101T000000Z\nRECURRENCE-ID:20231122T090000Z\n"
        "DTSTART:20231122T110000Z\nDTEND:20231122T120000Z\nEND:VEVENT\nEND:VCALENDAR\n");
    CPPUNIT_ASSERT_EQUAL(201, putBody("s", series).status);
    CPPUNIT_ASSERT_EQUAL(403, put("x1", "20231124T093000Z", "20231124T094500Z").status);  // 5th occurrence
    CPPUNIT_ASSERT_EQUAL(201, put("x2", "20231122T090000Z", "20231122T100000Z").status);  // moved away
    CPPUNIT_ASSERT_EQUAL(403, put("x3", "20231122T113000Z", "20231122T114500Z").status);  // the override
    CPPUNIT_ASSERT_EQUAL(201, put("x4", "20231123T090000Z", "20231123T100000Z").status);  // excluded
    // A series with one conflicting occurrence is refused whole.
    auto weekly = event("w", "20231116T090000Z", "20231116T100000Z", "RRULE:FREQ=WEEKLY;COUNT=3\n");
    CPPUNIT_ASSERT_EQUAL(201, put("y", "20231130T091500Z", "20231130T093000Z").status);
    CPPUNIT_ASSERT_EQUAL(403, putBody("w", weekly).status);
  }

  void testOtherCalendarsOfTheOwnerCount() {
    enable();
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/private/").status);
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/holidays/").status);
    fixture_->call("PROPPATCH", "/calendars/alice/holidays/",
                   "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
                   "<C:schedule-calendar-transp><C:transparent/></C:schedule-calendar-transp></D:prop></D:set>"
                   "</D:propertyupdate>");
    CPPUNIT_ASSERT_EQUAL(201, putIn("/calendars/alice/private/", "p", event("p", "20231121T100000Z", "20231121T110000Z")).status);
    CPPUNIT_ASSERT_EQUAL(201, putIn("/calendars/alice/holidays/", "h", event("h", "20231122T000000Z", "20231123T000000Z")).status);
    CPPUNIT_ASSERT_EQUAL(403, put("a", "20231121T103000Z", "20231121T113000Z").status);  // opaque calendar
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231122T103000Z", "20231122T113000Z").status);  // transparent calendar
    // The same UID in another calendar is the same appointment (a copy), not a conflict.
    CPPUNIT_ASSERT_EQUAL(201, put("p", "20231121T100000Z", "20231121T110000Z").status);
    // Another owner's events never count.
    auto bobs = fixture_->call("PUT", "/calendars/bob/calendar/z.ics", event("z", "20231124T100000Z", "20231124T110000Z"),
                               {{"Content-Type", "text/calendar"}}, DispatcherFixture::basic("bob", "bob-pw"));
    CPPUNIT_ASSERT_EQUAL(201, bobs.status);
    CPPUNIT_ASSERT_EQUAL(201, put("z", "20231124T100000Z", "20231124T110000Z").status);
  }

  void testMoveIntoBookingCalendarIsChecked() {
    enable();
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/inbox-like/").status);
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T110000Z").status);
    fixture_->call("PROPPATCH", "/calendars/alice/inbox-like/",
                   "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
                   "<C:schedule-calendar-transp><C:transparent/></C:schedule-calendar-transp></D:prop></D:set>"
                   "</D:propertyupdate>");
    putIn("/calendars/alice/inbox-like/", "m", event("m", "20231121T103000Z", "20231121T113000Z"));
    auto move = fixture_->call("MOVE", "/calendars/alice/inbox-like/m.ics", "", {{"Destination", kCal + "m.ics"}});
    CPPUNIT_ASSERT_EQUAL(403, move.status);
    CPPUNIT_ASSERT(XmlQuery(move.body).root().child(kBookingNs, "slot-unavailable"));
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("GET", "/calendars/alice/inbox-like/m.ics").status);  // nothing moved
    // A booking moved within its calendar (a rename) is no conflict with itself.
    auto rename = fixture_->call("MOVE", kCal + "a.ics", "", {{"Destination", kCal + "a2.ics"}});
    CPPUNIT_ASSERT_EQUAL(201, rename.status);
  }

  void testStatusWorkflow() {
    enable();
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T110000Z", "STATUS:TENTATIVE\n").status);
    CPPUNIT_ASSERT_EQUAL(204, put("a", "20231121T100000Z", "20231121T110000Z", "STATUS:CONFIRMED\n").status);
    auto back = put("a", "20231121T100000Z", "20231121T110000Z", "STATUS:TENTATIVE\n");
    CPPUNIT_ASSERT_EQUAL(403, back.status);
    CPPUNIT_ASSERT(XmlQuery(back.body).root().child(kBookingNs, "invalid-status-transition"));
    CPPUNIT_ASSERT_EQUAL(204, put("a", "20231121T100000Z", "20231121T110000Z", "X-CALDAVD-STATUS:IN-PROGRESS\n").status);
    CPPUNIT_ASSERT_EQUAL(204, put("a", "20231121T100000Z", "20231121T110000Z", "X-CALDAVD-STATUS:COMPLETED\n").status);
    CPPUNIT_ASSERT_EQUAL(403, put("a", "20231121T100000Z", "20231121T110000Z", "STATUS:CANCELLED\n").status);
    CPPUNIT_ASSERT_EQUAL(403, put("b", "20231122T100000Z", "20231122T110000Z", "STATUS:NEEDS-ACTION\n").status);
  }

  void testPastAppointmentMayChangeStatusButNotTime() {
    enable();
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231115T100000Z", "20231115T110000Z").status);
    fixture_->now_ += 2 * 86400;  // the appointment is now in the past
    CPPUNIT_ASSERT_EQUAL(204, put("a", "20231115T100000Z", "20231115T110000Z", "X-CALDAVD-STATUS:NO-SHOW\n").status);
    auto moved = put("a", "20231115T120000Z", "20231115T130000Z", "X-CALDAVD-STATUS:NO-SHOW\n");
    CPPUNIT_ASSERT_EQUAL(403, moved.status);
    CPPUNIT_ASSERT(XmlQuery(moved.body).root().child(kBookingNs, "in-the-past"));
    CPPUNIT_ASSERT_EQUAL(403, put("b", "20231101T100000Z", "20231101T110000Z").status);
  }

  void testPolicyRules() {
    enable({{"min-notice", "PT24H"}, {"max-advance", "P30D"}, {"min-duration", "PT15M"}, {"max-duration", "PT2H"},
            {"max-bookings-per-day", "2"}});
    assertRefused(put("a", "20231115T100000Z", "20231115T110000Z"), "insufficient-notice");
    assertRefused(put("a", "20240115T100000Z", "20240115T110000Z"), "too-far-in-advance");
    assertRefused(put("a", "20231121T100000Z", "20231121T100500Z"), "duration-out-of-range");
    assertRefused(put("a", "20231121T100000Z", "20231121T130000Z"), "duration-out-of-range");
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T080000Z", "20231121T090000Z").status);
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231121T100000Z", "20231121T110000Z").status);
    assertRefused(put("c", "20231121T140000Z", "20231121T150000Z"), "daily-limit-reached");
    CPPUNIT_ASSERT_EQUAL(201, put("c", "20231122T140000Z", "20231122T150000Z").status);
  }

  void testBuffersKeepBookingsApart() {
    enable({{"buffer-before", "PT10M"}, {"buffer-after", "PT15M"}});
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T110000Z").status);
    assertRefused(put("b", "20231121T111000Z", "20231121T120000Z"), "slot-unavailable");  // a's buffer-after
    assertRefused(put("b", "20231121T112000Z", "20231121T120000Z"), "slot-unavailable");  // + b's buffer-before
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231121T112500Z", "20231121T120000Z").status);
    assertRefused(put("c", "20231121T090000Z", "20231121T094000Z"), "slot-unavailable");
    CPPUNIT_ASSERT_EQUAL(201, put("c", "20231121T090000Z", "20231121T093500Z").status);
  }

  void testDefaultDurationCompletesTheBodyWithoutEtag() {
    enable({{"default-duration", "PT45M"}});
    const std::string body = crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:d\nDTSTAMP:20231101T000000Z\n"
        "DTSTART:20231121T100000Z\nEND:VEVENT\nEND:VCALENDAR\n");
    auto created = putBody("d", body);
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT(!created.header("ETag"));  // RFC 4791 §5.3.4: the stored body is not the request's
    auto stored = fixture_->call("GET", kCal + "d.ics");
    CPPUNIT_ASSERT(stored.body.find("DURATION:PT45M") != std::string::npos);
    assertRefused(put("e", "20231121T103000Z", "20231121T110000Z"), "slot-unavailable");
  }

  void testInvalidPolicyValueIsRefusedAndNothingStored() {
    auto response = fixture_->call("PROPPATCH", kCal, policyUpdate({{"booking-rules-enabled", "true"}, {"min-notice", "a day"}}));
    CPPUNIT_ASSERT_EQUAL(207, response.status);
    XmlQuery answer(response.body);
    CPPUNIT_ASSERT_EQUAL(403, *answer.propStatus(kCal, kBookingNs, "min-notice"));
    CPPUNIT_ASSERT_EQUAL(424, *answer.propStatus(kCal, kBookingNs, "booking-rules-enabled"));
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T110000Z").status);
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231121T100000Z", "20231121T110000Z").status);  // not a booking calendar
    // Only calendars have a policy.
    auto home = fixture_->call("PROPPATCH", "/calendars/alice/", policyUpdate({{"booking-rules-enabled", "true"}}));
    CPPUNIT_ASSERT_EQUAL(403, *XmlQuery(home.body).propStatus("/calendars/alice/", kBookingNs, "booking-rules-enabled"));
  }

  void testAuditLogRecordsCommittedChangesOnly() {
    enable();
    put("a", "20231121T100000Z", "20231121T110000Z", "STATUS:TENTATIVE\n");
    put("b", "20231121T103000Z", "20231121T113000Z");  // refused: no entry
    put("a", "20231121T100000Z", "20231121T110000Z", "STATUS:CONFIRMED\nLOCATION:Room 2\n");
    fixture_->call("DELETE", kCal + "a.ics");
    auto entries = fixture_->store().beginRead()->auditLog({"/calendars/alice/calendar", 0, 100});
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, entries.size());
    CPPUNIT_ASSERT_EQUAL(std::string("PUT"), entries[0].method);
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), entries[0].actor);
    CPPUNIT_ASSERT_EQUAL(std::string("a"), entries[0].uid);
    CPPUNIT_ASSERT(entries[0].oldEtag.empty() && !entries[0].newEtag.empty());
    CPPUNIT_ASSERT_EQUAL(std::string("LOCATION,STATUS"), entries[1].changedProperties);
    CPPUNIT_ASSERT_EQUAL(std::string("TENTATIVE"), entries[1].statusFrom);
    CPPUNIT_ASSERT_EQUAL(std::string("CONFIRMED"), entries[1].statusTo);
    CPPUNIT_ASSERT_EQUAL(entries[0].newEtag, entries[1].oldEtag);
    CPPUNIT_ASSERT_EQUAL(std::string("DELETE"), entries[2].method);
    CPPUNIT_ASSERT(entries[2].newEtag.empty());
    for (const auto& entry : entries) CPPUNIT_ASSERT(entry.changedProperties.find("Room") == std::string::npos);
  }

  void testUidReplacementIsNoUidConflict() {
    // RFC 4791 §5.3.2.1: neither PUT nor COPY/MOVE may replace a resource with one of another UID,
    // and nothing at the destination is deleted before that check.
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T100000Z", "20231121T110000Z").status);
    CPPUNIT_ASSERT_EQUAL(409, putBody("a", event("other", "20231121T100000Z", "20231121T110000Z")).status);
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231122T100000Z", "20231122T110000Z").status);
    auto copy = fixture_->call("COPY", kCal + "b.ics", "", {{"Destination", kCal + "a.ics"}});
    CPPUNIT_ASSERT_EQUAL(409, copy.status);
    CPPUNIT_ASSERT(XmlQuery(copy.body).root().child(kCalDavNsForTests, "no-uid-conflict"));
    auto move = fixture_->call("MOVE", kCal + "b.ics", "", {{"Destination", kCal + "a.ics"}});
    CPPUNIT_ASSERT_EQUAL(409, move.status);
    CPPUNIT_ASSERT(fixture_->call("GET", kCal + "a.ics").body.find("UID:a") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("GET", kCal + "b.ics").status);
  }

  void testAvailabilityBoundsBookings() {
    enable();
    // RFC 7953: Monday to Friday 09:00-17:00 UTC are available, the rest of the week is not.
    const std::string hours = crlf(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:hours\n"
        "DTSTAMP:20231101T000000Z\nDTSTART:20231101T000000Z\nBEGIN:AVAILABLE\nUID:hours-1\n"
        "DTSTAMP:20231101T000000Z\nDTSTART:20231106T090000Z\nDTEND:20231106T170000Z\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\n");
    CPPUNIT_ASSERT_EQUAL(201, putBody("hours", hours).status);
    CPPUNIT_ASSERT_EQUAL(201, put("a", "20231121T090000Z", "20231121T100000Z").status);  // Tuesday
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20231121T160000Z", "20231121T170000Z").status);  // ends at 17:00
    assertRefused(put("c", "20231121T163000Z", "20231121T173000Z"), "outside-availability");
    assertRefused(put("d", "20231125T100000Z", "20231125T110000Z"), "outside-availability");  // Saturday
    // Without the VAVAILABILITY the calendar is always available again.
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", kCal + "hours.ics").status);
    CPPUNIT_ASSERT_EQUAL(201, put("d", "20231125T100000Z", "20231125T110000Z").status);
  }

  void testMinAndMaxDateTimeFollowThePolicy() {
    enable({{"min-notice", "PT24H"}, {"max-advance", "P30D"}, {"max-duration", "PT2H"}});
    const std::string ask = "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>"
                            "<C:min-date-time/><C:max-date-time/></D:prop></D:propfind>";
    XmlQuery props(fixture_->call("PROPFIND", kCal, ask, {{"Depth", "0"}}).body);
    // now = 2023-11-14T22:13:20Z
    CPPUNIT_ASSERT(props.prop(kCal, kCalDavNsForTests, "min-date-time"));
    CPPUNIT_ASSERT_EQUAL(std::string("20231115T221320Z"), props.prop(kCal, kCalDavNsForTests, "min-date-time")->textContent());
    CPPUNIT_ASSERT_EQUAL(std::string("20231215T001320Z"), props.prop(kCal, kCalDavNsForTests, "max-date-time")->textContent());
    XmlQuery plain(fixture_->call("PROPFIND", "/calendars/bob/calendar/", ask, {{"Depth", "0"}},
                                  DispatcherFixture::basic("bob", "bob-pw")).body);
    const auto* unbooked = plain.prop("/calendars/bob/calendar/", kCalDavNsForTests, "min-date-time");
    CPPUNIT_ASSERT(unbooked);
    CPPUNIT_ASSERT_EQUAL(std::string("19000101T000000Z"), unbooked->textContent());
  }

  void testConflictModeExcludeDropsConflictingOccurrences() {
    enable({{"conflict-mode", "exclude"}});
    CPPUNIT_ASSERT_EQUAL(201, put("y", "20231123T091500Z", "20231123T093000Z").status);
    auto daily = event("w", "20231121T090000Z", "20231121T100000Z", "RRULE:FREQ=DAILY;COUNT=4\n");
    auto created = putBody("w", daily);
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT(!created.header("ETag"));
    CPPUNIT_ASSERT_EQUAL(std::string("20231123T090000Z"), *created.header("Caldavd-Excluded-Occurrences"));
    CPPUNIT_ASSERT(fixture_->call("GET", kCal + "w.ics").body.find("EXDATE:20231123T090000Z") != std::string::npos);
    // The other occurrences are booked: they block.
    assertRefused(put("z", "20231122T093000Z", "20231122T094500Z"), "slot-unavailable");
    // A series whose every occurrence conflicts, or a single event, is still refused.
    assertRefused(put("s", "20231122T090000Z", "20231122T100000Z"), "slot-unavailable");
    auto all = event("v", "20231121T091500Z", "20231121T093000Z", "RRULE:FREQ=DAILY;COUNT=2\n");
    assertRefused(putBody("v", all), "slot-unavailable");
  }

  void testZonedFloatingAndAllDayTimesAreCompared() {
    enable();
    // Berlin's clocks go forward on 2024-03-31: the weekly series at 09:00 local is 08:00Z
    // before and 07:00Z after. The now of this test is before both.
    fixture_->now_ = 1697000000;  // 2023-10-11
    const std::string berlin = berlinWeekly("w");  // from 2024-03-18 09:00 local, weekly x10
    CPPUNIT_ASSERT_EQUAL(201, putBody("w", berlin).status);
    // 2024-03-25 09:00 CET is 08:00Z; 2024-04-01 09:00 CEST is 07:00Z (after the DST change).
    assertRefused(put("a", "20240325T081500Z", "20240325T083000Z"), "slot-unavailable");
    CPPUNIT_ASSERT_EQUAL(201, put("b", "20240325T070000Z", "20240325T080000Z").status);
    assertRefused(put("c", "20240401T071500Z", "20240401T073000Z"), "slot-unavailable");
    CPPUNIT_ASSERT_EQUAL(201, put("d", "20240401T080000Z", "20240401T090000Z").status);
    // Floating times are wall-clock time in the calendar's zone (UTC without calendar-timezone).
    CPPUNIT_ASSERT_EQUAL(201, put("f", "20240410T100000", "20240410T110000").status);
    assertRefused(put("g", "20240410T103000Z", "20240410T104500Z"), "slot-unavailable");
    // An opaque all-day event holds its whole day.
    CPPUNIT_ASSERT_EQUAL(201, putBody("h", crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:h\n"
                                             "DTSTAMP:20231101T000000Z\nDTSTART;VALUE=DATE:20240412\n"
                                             "DTEND;VALUE=DATE:20240413\nEND:VEVENT\nEND:VCALENDAR\n"))
                                  .status);
    assertRefused(put("i", "20240412T230000Z", "20240412T233000Z"), "slot-unavailable");
    CPPUNIT_ASSERT_EQUAL(201, put("j", "20240413T000000Z", "20240413T010000Z").status);
  }

 private:
  void enable(std::vector<std::pair<std::string, std::string>> values = {}) {
    values.insert(values.begin(), {"booking-rules-enabled", "true"});
    auto response = fixture_->call("PROPPATCH", kCal, policyUpdate(values));
    CPPUNIT_ASSERT_EQUAL(207, response.status);
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(response.body).propStatus(kCal, kBookingNs, "booking-rules-enabled"));
  }
  caldav::dav::Response putIn(const std::string& calendar, const std::string& name, const std::string& body) {
    return fixture_->call("PUT", calendar + name + ".ics", body, {{"Content-Type", "text/calendar; charset=utf-8"}});
  }
  caldav::dav::Response putBody(const std::string& uid, const std::string& body) { return putIn(kCal, uid, body); }
  caldav::dav::Response put(const std::string& uid, const std::string& start, const std::string& end,
                            const std::string& extra = "") {
    return putBody(uid, event(uid, start, end, extra));
  }
  static void assertRefused(const caldav::dav::Response& response, const std::string& precondition) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 403, response.status);
    CPPUNIT_ASSERT_MESSAGE(response.body, XmlQuery(response.body).root().child(kBookingNs, precondition));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(BookingTest);
