// parseTimezoneCalendar(): RFC 4791 §5.2.2 calendar-timezone and §9.8 CALDAV:timezone values.
#include "IcalTestSupport.h"

#include "ical/InvalidCalendar.h"
#include "ical/TimezoneCalendar.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::ical::InvalidCalendar;
using caldav::ical::parseTimezoneCalendar;
namespace t = caldav::ical::test;

namespace {

// `text` with `from` replaced by `to` (the first occurrence).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

// True if `text` is refused with CALDAV:valid-calendar-data's code.
bool isRefused(const std::string& text) {
  try {
    parseTimezoneCalendar(text);
    return false;
  } catch (const InvalidCalendar& error) {
    return error.code() == InvalidCalendar::Code::ValidCalendarData;
  }
}

std::string timezoneOnly(const std::string& calendar) {
  const auto begin = calendar.find("BEGIN:VTIMEZONE");
  const auto end = calendar.find("END:VTIMEZONE") + std::string("END:VTIMEZONE\r\n").size();
  return calendar.substr(begin, end - begin);
}

}  // namespace

class TimezoneCalendarTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TimezoneCalendarTest);
  CPPUNIT_TEST(testVcalendarWithOneVtimezoneGivesTheZone);
  CPPUNIT_TEST(testAnotherComponentBesideTheZoneIsRefused);
  CPPUNIT_TEST(testNoneOrTwoVtimezonesAreRefused);
  CPPUNIT_TEST(testBareVtimezoneOrGarbageIsRefused);
  CPPUNIT_TEST(testVtimezoneWithoutObservanceIsRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testVcalendarWithOneVtimezoneGivesTheZone() {
    const auto berlin = parseTimezoneCalendar(t::fixtureText("timezone-berlin.ics"));
    CPPUNIT_ASSERT_EQUAL(std::string("Europe/Berlin"), berlin.tzid());
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 7, 5, 7), berlin.toUtc(t::utc(2024, 7, 5, 9)));
  }

  void testAnotherComponentBesideTheZoneIsRefused() {
    CPPUNIT_ASSERT(isRefused(t::fixtureText("weekly-berlin.ics")));  // the zone and a VEVENT
  }

  void testNoneOrTwoVtimezonesAreRefused() {
    const std::string zone = t::fixtureText("timezone-berlin.ics");
    const std::string twice = replaced(zone, "END:VCALENDAR", replaced(timezoneOnly(zone), "Europe/Berlin", "Other") + "END:VCALENDAR");
    CPPUNIT_ASSERT(isRefused(twice));
    CPPUNIT_ASSERT(isRefused("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n"));
  }

  void testBareVtimezoneOrGarbageIsRefused() {
    CPPUNIT_ASSERT(isRefused(timezoneOnly(t::fixtureText("timezone-berlin.ics"))));
    CPPUNIT_ASSERT(isRefused("not a time zone"));
    CPPUNIT_ASSERT(isRefused(""));
  }

  void testVtimezoneWithoutObservanceIsRefused() {
    const std::string zone = t::fixtureText("timezone-berlin.ics");
    const auto begin = zone.find("BEGIN:DAYLIGHT");
    const auto end = zone.find("END:VTIMEZONE");
    CPPUNIT_ASSERT(isRefused(zone.substr(0, begin) + zone.substr(end)));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TimezoneCalendarTest);
