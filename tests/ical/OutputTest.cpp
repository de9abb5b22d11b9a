// calendar-data output: expand (§9.6.5), limit-recurrence-set (§9.6.6), partial (§9.6.1).
#include "IcalTestSupport.h"

#include "ical/Output.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::ical::CalendarObject;
using caldav::ical::CompSelection;
using caldav::ical::FloatingZone;
namespace t = caldav::ical::test;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t i = text.find(needle); i != std::string::npos; i = text.find(needle, i + 1)) {
    ++n;
  }
  return n;
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

class OutputTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(OutputTest);
  CPPUNIT_TEST(testExpandEmitsInstancesInUtcWithoutRecurrenceOrTimezones);
  CPPUNIT_TEST(testExpandUsesOverrideForMovedInstance);
  CPPUNIT_TEST(testExpandKeepsFloatingTimesFloating);
  CPPUNIT_TEST(testLimitRecurrenceSetKeepsOnlyImpactingOverrides);
  CPPUNIT_TEST(testPartialRetrievalSelectsPropertiesAndNoValue);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testExpandEmitsInstancesInUtcWithoutRecurrenceOrTimezones() {
    const std::string text = caldav::ical::expandedText(
        t::fixture("weekly-berlin.ics"), t::utc(2024, 3, 25), t::utc(2024, 4, 2), FloatingZone::utc());
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), count(text, "BEGIN:VEVENT\r\n"));
    CPPUNIT_ASSERT(contains(text, "DTSTART:20240325T080000Z\r\n"));
    CPPUNIT_ASSERT(contains(text, "DTEND:20240325T090000Z\r\n"));
    CPPUNIT_ASSERT(contains(text, "RECURRENCE-ID:20240325T080000Z\r\n"));
    CPPUNIT_ASSERT(contains(text, "DTSTART:20240401T070000Z\r\n"));
    CPPUNIT_ASSERT(!contains(text, "RRULE") && !contains(text, "VTIMEZONE") && !contains(text, "TZID"));
    CalendarObject::parse(text);  // still valid iCalendar
  }

  void testExpandUsesOverrideForMovedInstance() {
    const std::string text = caldav::ical::expandedText(
        t::fixture("overrides.ics"), t::utc(2024, 1, 20), t::utc(2024, 1, 27), FloatingZone::utc());
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), count(text, "BEGIN:VEVENT\r\n"));
    CPPUNIT_ASSERT(contains(text, "SUMMARY:Moved\r\n"));
    CPPUNIT_ASSERT(contains(text, "DTSTART:20240124T130000Z\r\n"));
    CPPUNIT_ASSERT(contains(text, "RECURRENCE-ID:20240122T080000Z\r\n"));
  }

  void testExpandKeepsFloatingTimesFloating() {
    const std::string text = caldav::ical::expandedText(
        t::fixture("weekly-floating.ics"), t::utc(2024, 4, 1), t::utc(2024, 4, 2),
        FloatingZone::fromIana("Europe/Berlin"));
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), count(text, "BEGIN:VEVENT\r\n"));
    CPPUNIT_ASSERT(contains(text, "DTSTART:20240401T090000\r\n"));
    CPPUNIT_ASSERT(contains(text, "RECURRENCE-ID:20240401T090000\r\n"));
  }

  void testLimitRecurrenceSetKeepsOnlyImpactingOverrides() {
    const CalendarObject object = t::fixture("overrides.ics");
    const std::string february = caldav::ical::limitRecurrenceSetText(
        object, t::utc(2024, 2, 1), t::utc(2024, 3, 1), FloatingZone::utc());
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), count(february, "BEGIN:VEVENT\r\n"));
    CPPUNIT_ASSERT(contains(february, "RRULE:"));
    CPPUNIT_ASSERT(contains(february, "BEGIN:VTIMEZONE"));
    // The moved instance impacts both its original slot (22 Jan) and its new one (24 Jan).
    const std::string original = caldav::ical::limitRecurrenceSetText(
        object, t::utc(2024, 1, 22), t::utc(2024, 1, 23), FloatingZone::utc());
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), count(original, "BEGIN:VEVENT\r\n"));
    CPPUNIT_ASSERT(contains(original, "SUMMARY:Moved"));
  }

  void testPartialRetrievalSelectsPropertiesAndNoValue() {
    CompSelection event;
    event.name = "VEVENT";
    event.props = {{"UID", false}, {"DTSTART", true}};
    CompSelection calendar;
    calendar.name = "VCALENDAR";
    calendar.props = {{"VERSION", false}};
    calendar.comps = {event};
    const std::string text = caldav::ical::partialText(t::fixture("valid-event.ics"), calendar);
    CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:valid-1\r\n"
                                     "DTSTART;TZID=Europe/Berlin:\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
                         text);
    calendar.isAllComps = true;
    CPPUNIT_ASSERT(contains(caldav::ical::partialText(t::fixture("valid-event.ics"), calendar),
                            "BEGIN:VTIMEZONE"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutputTest);
