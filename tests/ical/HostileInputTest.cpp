// Calendar data that must be refused before it can cost unbounded work, crash the server or
// put bytes into an answer that XML cannot carry (issue 10: RFC 5545 §3.1.4, §3.3.11, §3.3.4-5,
// §3.4-§3.6; the work bounds of docs/ical.md).
#include "IcalTestSupport.h"

#include "ical/CalendarObject.h"
#include "ical/FloatingZone.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <string>

using caldav::ical::CalendarObject;
using caldav::ical::FloatingZone;
using caldav::ical::InvalidCalendar;
using Code = caldav::ical::InvalidCalendar::Code;
namespace t = caldav::ical::test;

namespace {

constexpr std::int64_t kNow = 1704067200;  // 2024-01-01T00:00:00Z
// Each bounded case takes well under a second (under ASan too); a hang is killed after this.
constexpr std::chrono::seconds kBound{10};

std::string eventWith(const std::string& lines) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:h\r\n"
         "DTSTAMP:20240101T000000Z\r\nDTSTART:20240105T090000Z\r\n" +
         lines + "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

// The code of the InvalidCalendar that storing `text` throws (parse and validate, as PUT does);
// std::nullopt if it is accepted.
std::optional<Code> refusalOf(const std::string& text) {
  try {
    CalendarObject::parseForStorage(text, kNow).validateAsResource(t::testRules());
    return std::nullopt;
  } catch (const InvalidCalendar& error) {
    return error.code();
  }
}

// As refusalOf, in a child process that must end within kBound: 0 accepted, 1 refused as
// valid-calendar-data, 2 refused otherwise; -1 still running after the bound.
int boundedOutcome(const std::string& text) {
  return t::exitCodeWithin(kBound, [&] {
    const std::optional<Code> code = refusalOf(text);
    return !code ? 0 : *code == Code::ValidCalendarData ? 1 : 2;
  });
}

}  // namespace

class HostileInputTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HostileInputTest);
  CPPUNIT_TEST(testInvalidUtf8IsInvalidCalendarData);
  CPPUNIT_TEST(testOverlongAndSurrogateUtf8AreInvalid);
  CPPUNIT_TEST(testNoncharacterXmlCannotCarryIsInvalid);
  CPPUNIT_TEST(testControlCharacterInValueIsInvalid);
  CPPUNIT_TEST(testTabAndMultibyteTextAreAccepted);
  CPPUNIT_TEST(testLoneCarriageReturnIsInvalid);
  CPPUNIT_TEST(testImpossibleDatesAndTimesAreInvalid);
  CPPUNIT_TEST(testLeapDayAndLeapSecondAreAccepted);
  CPPUNIT_TEST(testImpossibleUntilAndTriggerAreInvalid);
  CPPUNIT_TEST(testEventInsideEventIsInvalid);
  CPPUNIT_TEST(testAlarmInsideAlarmIsInvalid);
  CPPUNIT_TEST(testObservanceOutsideTimezoneIsInvalid);
  CPPUNIT_TEST(testDeepNestingIsRefusedBeforeLibicalWalksIt);
  CPPUNIT_TEST(testSecondlyTimezoneRuleIsRefusedWithinBound);
  CPPUNIT_TEST(testDailyTimezoneRuleIsRefused);
  CPPUNIT_TEST(testYearlyRuleWithManyDaysIsRefused);
  CPPUNIT_TEST(testOutlookZoneFrom1601IsAccepted);
  CPPUNIT_TEST(testOldStyleSecondSundayRuleFrom1601IsAccepted);
  CPPUNIT_TEST(testRuleWithLooseBoundIsCountedAndAccepted);
  CPPUNIT_TEST(testTooManyRulesToCountAreRefused);
  CPPUNIT_TEST(testCopiedObjectGetsTheSameBounds);
  CPPUNIT_TEST(testCalendarTimezonePropertyIsBounded);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testInvalidUtf8IsInvalidCalendarData() {
    assertParseRefused(eventWith("SUMMARY:caf\xE9\r\n"));  // Latin-1 é
    assertParseRefused(eventWith("SUMMARY:cut \xE2\x82\r\n"));
  }

  void testOverlongAndSurrogateUtf8AreInvalid() {
    assertParseRefused(eventWith("SUMMARY:\xC0\xAF\r\n"));
    assertParseRefused(eventWith("SUMMARY:\xED\xA0\x80\r\n"));
    assertParseRefused(eventWith("SUMMARY:\xF4\x90\x80\x80\r\n"));
  }

  void testNoncharacterXmlCannotCarryIsInvalid() {
    assertParseRefused(eventWith("SUMMARY:\xEF\xBF\xBF\r\n"));
  }

  void testControlCharacterInValueIsInvalid() {
    assertParseRefused(eventWith("LOCATION:a\x01" "b\r\n"));
    assertParseRefused(eventWith("LOCATION:a\x1B[31mred\r\n"));
    assertParseRefused(eventWith("LOCATION:del\x7F\r\n"));
    assertParseRefused(eventWith("LOCATION:nul") + std::string(1, '\0'));
  }

  void testTabAndMultibyteTextAreAccepted() {
    const std::string text = eventWith("SUMMARY:a\tb caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x85\r\n");
    CPPUNIT_ASSERT(!refusalOf(text));
  }

  void testLoneCarriageReturnIsInvalid() {
    assertParseRefused(eventWith("SUMMARY:a\rb\r\n"));
  }

  void testImpossibleDatesAndTimesAreInvalid() {
    CPPUNIT_ASSERT(refusalOf(t::fixtureText("invalid-month-13.ics")) == Code::ValidCalendarData);
    for (const char* end : {"20240132T100000Z", "20240230T100000Z", "20230229T100000Z",
                            "20240105T990000Z", "20240105T106000Z", "20240105T100061Z"}) {
      CPPUNIT_ASSERT_MESSAGE(end, refusalOf(eventWith(std::string("DTEND:") + end + "\r\n")) ==
                                      Code::ValidCalendarData);
    }
    CPPUNIT_ASSERT(refusalOf(eventWith("EXDATE;VALUE=DATE:20240431\r\n")) == Code::ValidCalendarData);
  }

  void testLeapDayAndLeapSecondAreAccepted() {
    CPPUNIT_ASSERT(!refusalOf(eventWith("DTEND:20240229T235960Z\r\n")));
  }

  void testImpossibleUntilAndTriggerAreInvalid() {
    CPPUNIT_ASSERT(refusalOf(eventWith("RRULE:FREQ=DAILY;UNTIL=20241301T000000Z\r\n")) ==
                   Code::ValidCalendarData);
    CPPUNIT_ASSERT(refusalOf(eventWith("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\n"
                                       "TRIGGER;VALUE=DATE-TIME:20240230T000000Z\r\nEND:VALARM\r\n")) ==
                   Code::ValidCalendarData);
  }

  void testEventInsideEventIsInvalid() {
    CPPUNIT_ASSERT(refusalOf(t::fixtureText("invalid-nested-vevent.ics")) == Code::ValidCalendarData);
    // The copy path (parse, then validateAsResource) refuses it as well.
    CPPUNIT_ASSERT_THROW(t::fixture("invalid-nested-vevent.ics").validateAsResource(t::testRules()),
                         InvalidCalendar);
  }

  void testAlarmInsideAlarmIsInvalid() {
    const std::string alarm = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT5M\r\n";
    CPPUNIT_ASSERT(refusalOf(eventWith(alarm + alarm + "END:VALARM\r\nEND:VALARM\r\n")) ==
                   Code::ValidCalendarData);
    CPPUNIT_ASSERT(!refusalOf(eventWith(alarm + "END:VALARM\r\n")));
  }

  void testObservanceOutsideTimezoneIsInvalid() {
    CPPUNIT_ASSERT(refusalOf(eventWith("BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
                                       "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n")) ==
                   Code::ValidCalendarData);
  }

  void testDeepNestingIsRefusedBeforeLibicalWalksIt() {
    std::string deep;
    for (int i = 0; i < 60000; ++i) deep += "BEGIN:X-A\r\n";
    for (int i = 0; i < 60000; ++i) deep += "END:X-A\r\n";
    CPPUNIT_ASSERT_EQUAL(1, boundedOutcome(eventWith(deep)));
    // Stray END lines first do not make room for deeper nesting.
    std::string stray;
    for (int i = 0; i < 10; ++i) stray += "END:X-A\r\n";
    try {
      CalendarObject::parse(eventWith(stray + "BEGIN:X-A\r\nBEGIN:X-A\r\nBEGIN:X-A\r\nBEGIN:X-A\r\nBEGIN:X-A\r\n"));
      CPPUNIT_FAIL("accepted");
    } catch (const InvalidCalendar& error) {
      CPPUNIT_ASSERT_MESSAGE(error.what(), std::string(error.what()).find("nest") != std::string::npos);
    }
    // X- components are not iCalendar's to place, but their depth is bounded all the same.
    CPPUNIT_ASSERT(!refusalOf(eventWith("BEGIN:X-A\r\nX-B:c\r\nEND:X-A\r\n")));
  }

  void testSecondlyTimezoneRuleIsRefusedWithinBound() {
    // Without the bound libical expands this zone for ever, holding its time zone lock.
    CPPUNIT_ASSERT_EQUAL(1, boundedOutcome(t::fixtureText("bomb-vtimezone-secondly.ics")));
  }

  void testDailyTimezoneRuleIsRefused() {
    std::string text = t::fixtureText("bomb-vtimezone-secondly.ics");
    text.replace(text.find("FREQ=SECONDLY"), 13, "FREQ=DAILY");
    CPPUNIT_ASSERT_EQUAL(1, boundedOutcome(text));
  }

  void testYearlyRuleWithManyDaysIsRefused() {
    std::string text = t::fixtureText("bomb-vtimezone-secondly.ics");
    text.replace(text.find("FREQ=SECONDLY"), 13, "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU");
    CPPUNIT_ASSERT_EQUAL(1, boundedOutcome(text));
    text = t::fixtureText("bomb-vtimezone-secondly.ics");
    text.replace(text.find("FREQ=SECONDLY"), 13, "FREQ=YEARLY;BYHOUR=1,2");
    CPPUNIT_ASSERT_EQUAL(1, boundedOutcome(text));
  }

  void testOutlookZoneFrom1601IsAccepted() {
    CPPUNIT_ASSERT_EQUAL(0, boundedOutcome(t::fixtureText("outlook-vtimezone-1601.ics")));
  }

  void testOldStyleSecondSundayRuleFrom1601IsAccepted() {
    std::string text = t::fixtureText("outlook-vtimezone-1601.ics");
    for (std::size_t at; (at = text.find("BYDAY=-1SU")) != std::string::npos;) {
      text.replace(at, 10, "BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14");
    }
    CPPUNIT_ASSERT_EQUAL(0, boundedOutcome(text));
  }

  void testRuleWithLooseBoundIsCountedAndAccepted() {
    CPPUNIT_ASSERT_EQUAL(0, boundedOutcome(zonesWithRule(1, kLooseRule)));
  }

  void testTooManyRulesToCountAreRefused() {
    CPPUNIT_ASSERT_EQUAL(1, boundedOutcome(zonesWithRule(5, kLooseRule)));
  }

  void testCopiedObjectGetsTheSameBounds() {
    const std::string text = t::fixtureText("bomb-vtimezone-secondly.ics");
    CPPUNIT_ASSERT_EQUAL(1, t::exitCodeWithin(kBound, [&] {
      try {
        CalendarObject::parse(text).validateAsResource(t::testRules());
        return 0;
      } catch (const InvalidCalendar& error) {
        return error.code() == Code::ValidCalendarData ? 1 : 2;
      }
    }));
  }

  void testCalendarTimezonePropertyIsBounded() {
    std::string text = t::fixtureText("bomb-vtimezone-secondly.ics");
    text = text.substr(0, text.find("BEGIN:VEVENT")) + "END:VCALENDAR\r\n";
    CPPUNIT_ASSERT_EQUAL(1, t::exitCodeWithin(kBound, [&] {
      try {
        const FloatingZone zone = FloatingZone::fromVTimezone(text);
        return zone.toUtc(1704067200) == 0 ? 0 : 3;
      } catch (const InvalidCalendar& error) {
        return error.code() == Code::ValidCalendarData ? 1 : 2;
      }
    }));
  }

 private:
  // About 980 instances from 1601, but its parts alone bound it only to 12 a year.
  static constexpr const char* kLooseRule =
      "FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYDAY=1MO,2MO,3MO,4MO,5MO";

  // An event using `zones` VTIMEZONEs, each with one observance that recurs by `rule` from 1601.
  static std::string zonesWithRule(int zones, const std::string& rule) {
    std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n";
    for (int i = 0; i < zones; ++i) {
      text += "BEGIN:VTIMEZONE\r\nTZID:Z" + std::to_string(i) +
              "\r\nBEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nRRULE:" + rule +
              "\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    }
    return text +
           "BEGIN:VEVENT\r\nUID:z\r\nDTSTAMP:20240101T000000Z\r\n"
           "DTSTART;TZID=Z0:20240105T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  }

  static void assertParseRefused(const std::string& text) {
    try {
      CalendarObject::parse(text);
      CPPUNIT_FAIL("accepted: " + text);
    } catch (const InvalidCalendar& error) {
      CPPUNIT_ASSERT(error.code() == Code::ValidCalendarData);
    }
    CPPUNIT_ASSERT(refusalOf(text) == Code::ValidCalendarData);
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(HostileInputTest);
