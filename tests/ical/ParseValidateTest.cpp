// Parsing and the RFC 4791 §4.1 / §5.3.2 preconditions, one fixture per rule.
#include "IcalTestSupport.h"

#include "ical/CalendarObject.h"
#include "ical/ComponentKind.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>

using caldav::ical::CalendarObject;
using caldav::ical::ComponentKind;
using caldav::ical::InvalidCalendar;
using Code = caldav::ical::InvalidCalendar::Code;
namespace t = caldav::ical::test;

class ParseValidateTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ParseValidateTest);
  CPPUNIT_TEST(testValidEventPassesWithUidAndKind);
  CPPUNIT_TEST(testGarbageIsNotValidCalendarData);
  CPPUNIT_TEST(testTwoCalendarsAreNotValidCalendarData);
  CPPUNIT_TEST(testBadValueIsNotValidCalendarData);
  CPPUNIT_TEST(testMethodIsNotAValidResource);
  CPPUNIT_TEST(testTwoUidsAreNotAValidResource);
  CPPUNIT_TEST(testMixedComponentTypesAreNotAValidResource);
  CPPUNIT_TEST(testEventWithoutDtstartIsInvalid);
  CPPUNIT_TEST(testDtendWithDurationIsInvalid);
  CPPUNIT_TEST(testDtendBeforeDtstartIsInvalid);
  CPPUNIT_TEST(testUnknownTzidIsInvalid);
  CPPUNIT_TEST(testIanaTzidWithoutVtimezoneIsAccepted);
  CPPUNIT_TEST(testTodoInEventOnlyCalendarIsUnsupported);
  CPPUNIT_TEST(testDateBeforeMinDateTimeIsRejected);
  CPPUNIT_TEST(testDateAfterMaxDateTimeIsRejected);
  CPPUNIT_TEST(testSecondlyRuleWithoutEndIsTooManyInstances);
  CPPUNIT_TEST(testNeverMatchingSubDailyRuleIsRejectedFast);
  CPPUNIT_TEST(testSparseSecondlyRuleIsRejectedFast);
  CPPUNIT_TEST(testSerializationKeepsCrlf);
  CPPUNIT_TEST(testComponentKindNamesRoundTrip);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testValidEventPassesWithUidAndKind() {
    const CalendarObject object = t::fixture("valid-event.ics");
    object.validateAsResource(t::testRules());
    CPPUNIT_ASSERT_EQUAL(std::string("valid-1"), object.uid());
    CPPUNIT_ASSERT(object.kind() == ComponentKind::Event);
  }

  void testGarbageIsNotValidCalendarData() {
    assertParseFails(t::fixtureText("invalid-garbage.ics"));
  }

  void testTwoCalendarsAreNotValidCalendarData() {
    const std::string one = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    assertParseFails(one + one);
  }

  void testBadValueIsNotValidCalendarData() {
    assertParseFails(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        "DTSTART:not-a-date\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  }

  void testMethodIsNotAValidResource() {
    assertRejected("invalid-method.ics", Code::ValidCalendarObjectResource);
  }
  void testTwoUidsAreNotAValidResource() {
    assertRejected("invalid-two-uids.ics", Code::ValidCalendarObjectResource);
  }
  void testMixedComponentTypesAreNotAValidResource() {
    assertRejected("invalid-mixed-types.ics", Code::ValidCalendarObjectResource);
  }
  void testEventWithoutDtstartIsInvalid() {
    assertRejected("invalid-missing-dtstart.ics", Code::ValidCalendarData);
  }
  void testDtendWithDurationIsInvalid() {
    assertRejected("invalid-dtend-and-duration.ics", Code::ValidCalendarData);
  }
  void testDtendBeforeDtstartIsInvalid() {
    assertRejected("invalid-dtend-before-dtstart.ics", Code::ValidCalendarData);
  }
  void testUnknownTzidIsInvalid() {
    assertRejected("invalid-unknown-tzid.ics", Code::ValidCalendarData);
  }

  void testIanaTzidWithoutVtimezoneIsAccepted() {
    t::fixture("valid-iana-tzid.ics").validateAsResource(t::testRules());
  }

  void testTodoInEventOnlyCalendarIsUnsupported() {
    auto rules = t::testRules();
    rules.supportedComponents = {ComponentKind::Event};
    assertRejected("todo.ics", Code::SupportedCalendarComponent, rules);
  }

  void testDateBeforeMinDateTimeIsRejected() { assertRejected("too-early.ics", Code::MinDateTime); }
  void testDateAfterMaxDateTimeIsRejected() { assertRejected("too-late.ics", Code::MaxDateTime); }

  void testSecondlyRuleWithoutEndIsTooManyInstances() {
    assertRejectedWithin("bomb-secondly.ics", std::chrono::seconds(2));
  }
  void testNeverMatchingSubDailyRuleIsRejectedFast() {
    assertRejectedWithin("bomb-never-matching.ics", std::chrono::seconds(2));
  }
  void testSparseSecondlyRuleIsRejectedFast() {
    assertRejectedWithin("bomb-minutely-filter.ics", std::chrono::seconds(2));
  }

  void testSerializationKeepsCrlf() {
    const std::string text = t::fixture("valid-event.ics").text();
    CPPUNIT_ASSERT(text.find("BEGIN:VCALENDAR\r\n") == 0);
    CPPUNIT_ASSERT(text.find("END:VEVENT\r\n") != std::string::npos);
    for (std::size_t i = text.find('\n'); i != std::string::npos; i = text.find('\n', i + 1)) {
      CPPUNIT_ASSERT(i > 0 && text[i - 1] == '\r');
    }
  }

  void testComponentKindNamesRoundTrip() {
    for (ComponentKind k : {ComponentKind::Event, ComponentKind::Todo, ComponentKind::Journal,
                            ComponentKind::FreeBusy, ComponentKind::Availability}) {
      CPPUNIT_ASSERT(caldav::ical::componentKindFromName(caldav::ical::componentName(k)) == k);
    }
    CPPUNIT_ASSERT(caldav::ical::componentKindFromName("vevent") == ComponentKind::Event);
    CPPUNIT_ASSERT(!caldav::ical::componentKindFromName("VALARM"));
  }

 private:
  static void assertParseFails(const std::string& body) {
    try {
      CalendarObject::parse(body);
      CPPUNIT_FAIL("parse accepted invalid data");
    } catch (const InvalidCalendar& e) {
      CPPUNIT_ASSERT(e.code() == Code::ValidCalendarData);
      CPPUNIT_ASSERT(std::string(e.what()).size() > 0);
    }
  }

  static void assertRejected(const std::string& name, Code expected,
                             const caldav::ical::ValidationRules& rules = t::testRules()) {
    const CalendarObject object = t::fixture(name);
    try {
      object.validateAsResource(rules);
      CPPUNIT_FAIL(name + " was accepted");
    } catch (const InvalidCalendar& e) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(name + ": " + e.what(), static_cast<int>(expected),
                                   static_cast<int>(e.code()));
    }
  }

  static void assertRejectedWithin(const std::string& name, std::chrono::seconds limit) {
    const auto started = std::chrono::steady_clock::now();
    assertRejected(name, Code::TooManyInstances);
    CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < limit);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ParseValidateTest);
