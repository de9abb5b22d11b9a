// expandAvailability: the VAVAILABILITY components of an object as values (RFC 7953 §3):
// bounds, PRIORITY, BUSYTYPE and the AVAILABLE time in a range, zoned across DST, floating,
// DURATION, EXDATE, overrides, clipping and the work bound.
#include "IcalTestSupport.h"

#include "ical/Availability.h"

#include <cppunit/extensions/HelperMacros.h>

#include <limits>

using caldav::ical::Availability;
using caldav::ical::AvailablePeriod;
using caldav::ical::BusyType;
using caldav::ical::FloatingZone;
using caldav::ical::InvalidCalendar;
namespace t = caldav::ical::test;

namespace {

constexpr std::int64_t kHour = 3600;

std::vector<Availability> expand(const std::string& name, std::int64_t from, std::int64_t to,
                                 const FloatingZone& zone = FloatingZone::utc()) {
  return caldav::ical::expandAvailability(t::fixture(name), from, to, zone);
}

std::string describe(const std::vector<AvailablePeriod>& periods) {
  std::string text;
  for (const AvailablePeriod& p : periods) {
    text += "[" + std::to_string(p.start) + "," + std::to_string(p.end) + ") ";
  }
  return text;
}

void assertPeriods(const std::vector<AvailablePeriod>& expected, const std::vector<AvailablePeriod>& actual) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE("expected " + describe(expected) + "got " + describe(actual), expected.size(),
                               actual.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CPPUNIT_ASSERT_MESSAGE("expected " + describe(expected) + "got " + describe(actual), expected[i] == actual[i]);
  }
}

// Monday to Friday 09:00-17:00 of the week starting on `monday` (UTC instant of 00:00 UTC),
// with the zone `offsetHours` ahead of UTC.
std::vector<AvailablePeriod> workweek(std::int64_t monday, int offsetHours) {
  std::vector<AvailablePeriod> days;
  for (int d = 0; d < 5; ++d) {
    const std::int64_t nine = monday + d * 86400 + (9 - offsetHours) * kHour;
    days.push_back({nine, nine + 8 * kHour});
  }
  return days;
}

}  // namespace

class AvailabilityTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AvailabilityTest);
  CPPUNIT_TEST(testBerlinWorkingHoursKeepLocalTimeAcrossDst);
  CPPUNIT_TEST(testExdateRemovesADay);
  CPPUNIT_TEST(testDefaultsAreUnboundedPriorityZeroBusyUnavailable);
  CPPUNIT_TEST(testFloatingTimesArePlacedInTheCalendarZone);
  CPPUNIT_TEST(testDurationBoundsAndDurationOfAvailable);
  CPPUNIT_TEST(testAvailableTimeIsClippedToComponentBoundsAndOverridden);
  CPPUNIT_TEST(testAvailableTimeIsClippedToTheRange);
  CPPUNIT_TEST(testComponentOutsideTheRangeIsLeftOut);
  CPPUNIT_TEST(testBusyTypeAndPriorityAreRead);
  CPPUNIT_TEST(testObjectWithoutVavailabilityHasNone);
  CPPUNIT_TEST(testMoreInstancesThanTheBoundIsTooManyInstances);
  CPPUNIT_TEST(testDuplicateUidsEachCount);
  CPPUNIT_TEST(testAllDayAvailableLastsItsLocalDay);
  CPPUNIT_TEST(testUnlimitedRangeIsClippedToRepresentableYears);
  CPPUNIT_TEST_SUITE_END();

 public:
  // Europe/Berlin switches to summer time on Sunday 29 March 2026: 09:00 is 08:00Z before, 07:00Z after.
  void testBerlinWorkingHoursKeepLocalTimeAcrossDst() {
    const auto found = expand("availability-berlin-workweek.ics", t::utc(2026, 3, 23), t::utc(2026, 4, 4));

    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, found.size());
    std::vector<AvailablePeriod> expected = workweek(t::utc(2026, 3, 23), 1);
    for (const AvailablePeriod& p : workweek(t::utc(2026, 3, 30), 2)) expected.push_back(p);
    assertPeriods(expected, found[0].available);
  }

  void testExdateRemovesADay() {
    const auto found = expand("availability-berlin-workweek.ics", t::utc(2026, 4, 6), t::utc(2026, 4, 8));

    assertPeriods({{t::utc(2026, 4, 7, 7), t::utc(2026, 4, 7, 15)}}, found.at(0).available);
  }

  void testDefaultsAreUnboundedPriorityZeroBusyUnavailable() {
    const auto found = expand("availability-berlin-workweek.ics", t::utc(2026, 3, 23), t::utc(2026, 3, 24));

    const Availability& a = found.at(0);
    CPPUNIT_ASSERT(!a.start && !a.end);
    CPPUNIT_ASSERT_EQUAL(0, a.priority);
    CPPUNIT_ASSERT_EQUAL(10, a.rank());
    CPPUNIT_ASSERT(a.busyType == BusyType::Unavailable);
  }

  // RFC 7953 follows RFC 5545 §3.3.5: floating 09:00 is 09:00 wherever the calendar is.
  void testFloatingTimesArePlacedInTheCalendarZone() {
    const auto inUtc = expand("availability-floating.ics", t::utc(2026, 1, 5), t::utc(2026, 1, 6));
    const auto inNewYork = expand("availability-floating.ics", t::utc(2026, 1, 5), t::utc(2026, 1, 6),
                                  FloatingZone::fromIana("America/New_York"));

    assertPeriods({{t::utc(2026, 1, 5, 9), t::utc(2026, 1, 5, 17)}}, inUtc.at(0).available);
    assertPeriods({{t::utc(2026, 1, 5, 14), t::utc(2026, 1, 5, 22)}}, inNewYork.at(0).available);
    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 1, 5, 5), *inNewYork.at(0).start);
  }

  // The component lasts DTSTART;VALUE=DATE:20260105 + P14D; each AVAILABLE DTSTART + PT8H.
  void testDurationBoundsAndDurationOfAvailable() {
    const auto found = expand("availability-floating.ics", t::utc(2026, 1, 1), t::utc(2026, 2, 1));

    const Availability& a = found.at(0);
    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 1, 5), *a.start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 1, 19), *a.end);
    std::vector<AvailablePeriod> expected = workweek(t::utc(2026, 1, 5), 0);
    for (const AvailablePeriod& p : workweek(t::utc(2026, 1, 12), 0)) expected.push_back(p);
    assertPeriods(expected, a.available);
  }

  // A daily AVAILABLE from 1 January counts only inside the component's 5-10 January; the
  // RECURRENCE-ID override moves Wednesday's morning to the afternoon.
  void testAvailableTimeIsClippedToComponentBoundsAndOverridden() {
    const auto found = expand("availability-bounded-busy.ics", t::utc(2026, 1, 1), t::utc(2026, 2, 1));

    const Availability& a = found.at(0);
    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 1, 5), *a.start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 1, 10), *a.end);
    assertPeriods({{t::utc(2026, 1, 5, 10), t::utc(2026, 1, 5, 12)},
                   {t::utc(2026, 1, 6, 10), t::utc(2026, 1, 6, 12)},
                   {t::utc(2026, 1, 7, 14), t::utc(2026, 1, 7, 16)},
                   {t::utc(2026, 1, 8, 10), t::utc(2026, 1, 8, 12)},
                   {t::utc(2026, 1, 9, 10), t::utc(2026, 1, 9, 12)}},
                  a.available);
  }

  void testAvailableTimeIsClippedToTheRange() {
    const auto found = expand("availability-berlin-workweek.ics", t::utc(2026, 1, 5, 12), t::utc(2026, 1, 6, 9));

    assertPeriods({{t::utc(2026, 1, 5, 12), t::utc(2026, 1, 5, 16)}, {t::utc(2026, 1, 6, 8), t::utc(2026, 1, 6, 9)}},
                  found.at(0).available);
  }

  void testComponentOutsideTheRangeIsLeftOut() {
    CPPUNIT_ASSERT(expand("availability-bounded-busy.ics", t::utc(2026, 1, 10), t::utc(2026, 1, 11)).empty());
    CPPUNIT_ASSERT(expand("availability-bounded-busy.ics", t::utc(2026, 1, 1), t::utc(2026, 1, 5)).empty());
    const auto touching = expand("availability-bounded-busy.ics", t::utc(2026, 1, 1), t::utc(2026, 1, 5, 0, 0, 1));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, touching.size());
  }

  void testBusyTypeAndPriorityAreRead() {
    const auto busy = expand("availability-bounded-busy.ics", t::utc(2026, 1, 5), t::utc(2026, 1, 6));
    const auto tentative = expand("availability-tentative.ics", t::utc(2026, 1, 5), t::utc(2026, 1, 6));
    const auto holiday = expand("availability-berlin-holiday.ics", t::utc(2026, 8, 1), t::utc(2026, 9, 1));

    CPPUNIT_ASSERT(busy.at(0).busyType == BusyType::Busy);
    CPPUNIT_ASSERT_EQUAL(5, busy.at(0).priority);
    CPPUNIT_ASSERT(tentative.at(0).busyType == BusyType::Tentative);
    CPPUNIT_ASSERT_EQUAL(1, holiday.at(0).rank());
    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 8, 2, 22), *holiday.at(0).start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 8, 9, 22), *holiday.at(0).end);
  }

  void testObjectWithoutVavailabilityHasNone() {
    CPPUNIT_ASSERT(expand("valid-event.ics", t::utc(2000, 1, 1), t::utc(2100, 1, 1)).empty());
  }

  // Instances count from the AVAILABLE's DTSTART (5 January) to the end of the range.
  void testMoreInstancesThanTheBoundIsTooManyInstances() {
    const auto object = t::fixture("availability-tentative.ics");
    const auto zone = FloatingZone::utc();

    CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                         caldav::ical::expandAvailability(object, t::utc(2026, 1, 14), t::utc(2026, 1, 15), zone, 10)
                             .at(0)
                             .available.size());
    try {
      caldav::ical::expandAvailability(object, t::utc(2026, 1, 15), t::utc(2026, 1, 16), zone, 10);
      CPPUNIT_FAIL("expected TooManyInstances");
    } catch (const InvalidCalendar& e) {
      CPPUNIT_ASSERT(e.code() == InvalidCalendar::Code::TooManyInstances);
    }
  }

  // Two AVAILABLE with one UID (or none) are two sets of available time, not a conflict.
  void testDuplicateUidsEachCount() {
    const std::string text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VAVAILABILITY\r\nUID:a\r\n"
        "DTSTAMP:20260101T000000Z\r\n"
        "BEGIN:AVAILABLE\r\nUID:same\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\n"
        "DTEND:20260105T100000Z\r\nEND:AVAILABLE\r\n"
        "BEGIN:AVAILABLE\r\nUID:same\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T110000Z\r\n"
        "DTEND:20260105T120000Z\r\nEND:AVAILABLE\r\n"
        "BEGIN:AVAILABLE\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T130000Z\r\n"
        "DURATION:PT1H\r\nEND:AVAILABLE\r\n"
        "END:VAVAILABILITY\r\nEND:VCALENDAR\r\n";

    const auto found = caldav::ical::expandAvailability(caldav::ical::CalendarObject::parse(text), t::utc(2026, 1, 5),
                                                        t::utc(2026, 1, 6), FloatingZone::utc());

    assertPeriods({{t::utc(2026, 1, 5, 9), t::utc(2026, 1, 5, 10)},
                   {t::utc(2026, 1, 5, 11), t::utc(2026, 1, 5, 12)},
                   {t::utc(2026, 1, 5, 13), t::utc(2026, 1, 5, 14)}},
                  found.at(0).available);
  }

  // RFC 5545 §3.6.1 as for VEVENT: a DATE start without end lasts one day, in the calendar zone.
  void testAllDayAvailableLastsItsLocalDay() {
    const std::string text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VAVAILABILITY\r\nUID:a\r\n"
        "DTSTAMP:20260101T000000Z\r\nBEGIN:AVAILABLE\r\nUID:saturday\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20260110\r\nEND:AVAILABLE\r\nEND:VAVAILABILITY\r\nEND:VCALENDAR\r\n";

    const auto found = caldav::ical::expandAvailability(caldav::ical::CalendarObject::parse(text), t::utc(2026, 1, 1),
                                                        t::utc(2026, 2, 1), FloatingZone::fromIana("Europe/Berlin"));

    assertPeriods({{t::utc(2026, 1, 9, 23), t::utc(2026, 1, 10, 23)}}, found.at(0).available);
  }

  void testUnlimitedRangeIsClippedToRepresentableYears() {
    const auto found = expand("availability-bounded-busy.ics", std::numeric_limits<std::int64_t>::min(),
                              std::numeric_limits<std::int64_t>::max());

    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, found.at(0).available.size());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvailabilityTest);
