// What parseForStorage repairs (after sabre/vobject's repair mode), what it keeps as the client
// sent it, and what still cannot be repaired without guessing (issue 10, docs/ical.md).
#include "IcalTestSupport.h"

#include "ical/CalendarObject.h"
#include "ical/ComponentKind.h"
#include "ical/Instances.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using caldav::ical::CalendarObject;
using caldav::ical::ComponentKind;
using caldav::ical::InvalidCalendar;
using Code = caldav::ical::InvalidCalendar::Code;
namespace t = caldav::ical::test;

namespace {

constexpr std::int64_t kNow = 1717243200;  // 2024-06-01T12:00:00Z

CalendarObject stored(const std::string& text) {
  CalendarObject object = CalendarObject::parseForStorage(text, kNow);
  object.validateAsResource(t::testRules());
  return object;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t countOf(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

class RepairTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RepairTest);
  CPPUNIT_TEST(testValidBodyIsNotRepaired);
  CPPUNIT_TEST(testBareEventIsWrappedWithVersionProdidAndDtstamp);
  CPPUNIT_TEST(testBareTodoWithTimezoneIsWrapped);
  CPPUNIT_TEST(testMissingVersionAndProdidAreAdded);
  CPPUNIT_TEST(testMissingHeaderIsAddedWithoutRewritingTheRest);
  CPPUNIT_TEST(testMissingDtstampIsAddedAtNow);
  CPPUNIT_TEST(testRepeatedRecurrenceIdKeepsTheLast);
  CPPUNIT_TEST(testByteOrderMarkIsDropped);
  CPPUNIT_TEST(testRepairedTextParsesToTheSameObject);
  CPPUNIT_TEST(testEmptyTextValuesAreKeptWithoutRepair);
  CPPUNIT_TEST(testEmptyTextValueSurvivesARepair);
  CPPUNIT_TEST(testEmptyDateValueIsStillInvalid);
  CPPUNIT_TEST(testTodoWithRruleAndNoDtstartIsAccepted);
  CPPUNIT_TEST(testEventWithRruleAndNoDtstartIsStillInvalid);
  CPPUNIT_TEST(testWrongVersionIsNotRepaired);
  CPPUNIT_TEST(testDtendBeforeDtstartIsNotRepaired);
  CPPUNIT_TEST(testTwoUidsAreNotRepaired);
  CPPUNIT_TEST(testTwoCalendarsAreNotWrapped);
  CPPUNIT_TEST(testParseForReadingDoesNotRepair);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testValidBodyIsNotRepaired() {
    const CalendarObject object = stored(t::fixtureText("valid-event.ics"));
    CPPUNIT_ASSERT(!object.isRepaired());
    CPPUNIT_ASSERT(object.repairedText().empty());
  }

  void testBareEventIsWrappedWithVersionProdidAndDtstamp() {
    const CalendarObject object = stored(t::fixtureText("repair-bare-vevent.ics"));
    CPPUNIT_ASSERT(object.isRepaired());
    CPPUNIT_ASSERT_EQUAL(std::size_t(4), object.repairs().size());
    CPPUNIT_ASSERT_EQUAL(std::string("wrapped VEVENT in a VCALENDAR"), object.repairs()[0]);
    const std::string& text = object.repairedText();
    CPPUNIT_ASSERT(text.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    CPPUNIT_ASSERT(contains(text, "\r\nVERSION:2.0\r\n"));
    CPPUNIT_ASSERT(contains(text, "\r\nPRODID:-//caldavd//EN\r\n"));
    CPPUNIT_ASSERT(contains(text, "\r\nDTSTAMP:20240601T120000Z\r\n"));
    CPPUNIT_ASSERT_EQUAL(std::string("bare-1"), object.uid());
    CPPUNIT_ASSERT(object.kind() == ComponentKind::Event);
  }

  void testBareTodoWithTimezoneIsWrapped() {
    std::string zone = t::fixtureText("valid-event.ics");
    zone = zone.substr(zone.find("BEGIN:VTIMEZONE"));
    zone = zone.substr(0, zone.find("BEGIN:VEVENT"));
    const std::string text = zone +
                             "BEGIN:VTODO\nUID:bare-todo\nDTSTAMP:20240101T000000Z\n"
                             "DUE;TZID=Europe/Berlin:20240105T090000\nEND:VTODO\n";
    const CalendarObject object = stored(text);
    CPPUNIT_ASSERT_EQUAL(std::string("wrapped VTIMEZONE VTODO in a VCALENDAR"), object.repairs()[0]);
    CPPUNIT_ASSERT(object.kind() == ComponentKind::Todo);
  }

  void testMissingVersionAndProdidAreAdded() {
    std::string text = t::fixtureText("valid-event.ics");
    text.erase(text.find("VERSION:2.0\r\n"), 13);
    text.erase(text.find("PRODID:-//caldavd//tests//EN\r\n"), 30);
    const CalendarObject object = stored(text);
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), object.repairs().size());
    CPPUNIT_ASSERT(contains(object.repairedText(), "\r\nVERSION:2.0\r\n"));
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), countOf(object.repairedText(), "PRODID:"));
  }

  void testMissingHeaderIsAddedWithoutRewritingTheRest() {
    // vdirsyncer compares what it stored with what it reads back: every byte but the two
    // added lines must be the client's (libical would write RRULE parts in its own order).
    const std::string body =
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:r\nDTSTAMP:20140327T060506Z\nDTSTART;TZID=UTC:20140128T083000Z\n"
        "DTEND;TZID=UTC:20140128T100000Z\nRRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20141208T213000Z\nDESCRIPTION:\n"
        "X-CLIENT-THING:kept\nEND:VEVENT\nEND:VCALENDAR\n";
    const CalendarObject object = stored(body);
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), object.repairs().size());
    CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//caldavd//EN\n") + body.substr(16),
                         object.repairedText());
  }

  void testMissingDtstampIsAddedAtNow() {
    std::string text = t::fixtureText("repair-repeated-recurrence-id.ics");
    for (std::size_t at; (at = text.find("DTSTAMP:")) != std::string::npos;) {
      text.erase(at, text.find('\n', at) - at + 1);
    }
    text.erase(text.rfind("BEGIN:VEVENT"), text.find("END:VEVENT", text.rfind("BEGIN:VEVENT")) + 11 -
                                                   text.rfind("BEGIN:VEVENT"));
    const CalendarObject object = stored(text);
    CPPUNIT_ASSERT_EQUAL(std::string("added DTSTAMP to 2 VEVENT"), object.repairs().at(0));
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), countOf(object.repairedText(), "DTSTAMP:20240601T120000Z"));
  }

  void testRepeatedRecurrenceIdKeepsTheLast() {
    const CalendarObject object = stored(t::fixtureText("repair-repeated-recurrence-id.ics"));
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), object.repairs().size());
    CPPUNIT_ASSERT(contains(object.repairs()[0], "RECURRENCE-ID 20240107T090000Z"));
    CPPUNIT_ASSERT(!contains(object.repairedText(), "First edit"));
    CPPUNIT_ASSERT(contains(object.repairedText(), "Second edit"));
    const auto expansion = caldav::ical::expandInstances(object, t::utc(2025, 1, 1), 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t(5), expansion.instances.size());
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 7, 13), expansion.instances[2].start);
  }

  void testByteOrderMarkIsDropped() {
    const CalendarObject object = stored("\xEF\xBB\xBF" + t::fixtureText("valid-event.ics"));
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), object.repairs().size());
    CPPUNIT_ASSERT(object.repairedText().rfind("BEGIN:VCALENDAR", 0) == 0);
  }

  void testRepairedTextParsesToTheSameObject() {
    const CalendarObject object = stored(t::fixtureText("repair-bare-vevent.ics"));
    const CalendarObject again = CalendarObject::parseForStorage(object.repairedText(), kNow + 60);
    CPPUNIT_ASSERT(!again.isRepaired());
    CPPUNIT_ASSERT_EQUAL(object.repairedText(), again.text());
  }

  void testEmptyTextValuesAreKeptWithoutRepair() {
    const CalendarObject object = stored(t::fixtureText("empty-description.ics"));
    CPPUNIT_ASSERT(!object.isRepaired());  // valid as sent: the client's bytes are stored
    CPPUNIT_ASSERT(contains(object.text(), "\r\nDESCRIPTION:\r\n"));
    CPPUNIT_ASSERT(!contains(object.text(), "X-LIC-ERROR"));
    CPPUNIT_ASSERT_NO_THROW(CalendarObject::parse(t::fixtureText("empty-description.ics")));
  }

  void testEmptyTextValueSurvivesARepair() {
    std::string text = t::fixtureText("empty-description.ics");
    text.erase(text.find("DTSTAMP:20240101T000000Z\r\n"), 26);
    const CalendarObject object = stored(text);
    CPPUNIT_ASSERT(object.isRepaired());
    CPPUNIT_ASSERT(contains(object.repairedText(), "\r\nDESCRIPTION:\r\n"));
  }

  void testEmptyDateValueIsStillInvalid() {
    std::string text = t::fixtureText("empty-description.ics");
    text.replace(text.find("DESCRIPTION:"), 12, "DUE:");
    CPPUNIT_ASSERT_THROW(CalendarObject::parseForStorage(text, kNow), InvalidCalendar);
  }

  void testTodoWithRruleAndNoDtstartIsAccepted() {
    const CalendarObject object = stored(t::fixtureText("todo-rrule-without-dtstart.ics"));
    CPPUNIT_ASSERT(!object.isRepaired());
    const auto expansion = caldav::ical::expandInstances(object, t::utc(2025, 1, 1), 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), expansion.instances.size());  // the to-do, undated
    CPPUNIT_ASSERT(expansion.instances[0].recurrenceId.empty());
  }

  void testEventWithRruleAndNoDtstartIsStillInvalid() {
    assertRefused(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VJOURNAL\nUID:j\nDTSTAMP:20240101T000000Z\n"
        "RRULE:FREQ=DAILY\nEND:VJOURNAL\nEND:VCALENDAR\n",
        Code::ValidCalendarData);
  }

  void testWrongVersionIsNotRepaired() {
    std::string text = t::fixtureText("valid-event.ics");
    text.replace(text.find("VERSION:2.0"), 11, "VERSION:1.0");
    assertRefused(text, Code::ValidCalendarData);
  }

  void testDtendBeforeDtstartIsNotRepaired() {
    assertRefused(t::fixtureText("invalid-dtend-before-dtstart.ics"), Code::ValidCalendarData);
  }

  void testTwoUidsAreNotRepaired() {
    assertRefused(t::fixtureText("invalid-two-uids.ics"), Code::ValidCalendarObjectResource);
  }

  void testTwoCalendarsAreNotWrapped() {
    const std::string one = t::fixtureText("valid-event.ics");
    assertRefused(one + one, Code::ValidCalendarData);
  }

  void testParseForReadingDoesNotRepair() {
    CPPUNIT_ASSERT_THROW(CalendarObject::parse(t::fixtureText("repair-bare-vevent.ics")), InvalidCalendar);
    const CalendarObject object = t::fixture("repair-repeated-recurrence-id.ics");
    CPPUNIT_ASSERT(!object.isRepaired());
    CPPUNIT_ASSERT_THROW(object.validateAsResource(t::testRules()), InvalidCalendar);
  }

 private:
  static void assertRefused(const std::string& text, Code code) {
    try {
      stored(text);
      CPPUNIT_FAIL("accepted: " + text);
    } catch (const InvalidCalendar& error) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(error.what(), static_cast<int>(code), static_cast<int>(error.code()));
    }
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RepairTest);
