// unavailablePeriods and isAvailable: RFC 7953 §4 working hours as a booking rule sees them.
// Fixtures: Monday-Friday 09:00-17:00 Europe/Berlin (no PRIORITY), a PRIORITY:1 holiday week
// 3-9 August 2026 with one on-call morning, a BUSYTYPE:BUSY PRIORITY:5 component for 5-9 January
// and an unbounded BUSY-TENTATIVE one.
#include "SchedulingTestSupport.h"

#include "scheduling/freebusy/Availability.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::ical::CalendarObject;
using caldav::ical::FloatingZone;
using caldav::scheduling::BusyType;
using caldav::scheduling::isAvailable;
using caldav::scheduling::UnavailablePeriod;
namespace t = caldav::scheduling::test;

namespace {

const char* typeName(BusyType type) {
  switch (type) {
    case BusyType::Unavailable: return "BUSY-UNAVAILABLE";
    case BusyType::Busy: return "BUSY";
    case BusyType::Tentative: return "BUSY-TENTATIVE";
  }
  return "?";
}

std::string describe(const std::vector<UnavailablePeriod>& periods) {
  std::string text;
  for (const UnavailablePeriod& p : periods) {
    text += "[" + std::to_string(p.start) + "," + std::to_string(p.end) + ")" + typeName(p.type) + " ";
  }
  return text;
}

void assertPeriods(const std::vector<UnavailablePeriod>& expected, const std::vector<UnavailablePeriod>& actual) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE("expected " + describe(expected) + "got " + describe(actual), describe(expected),
                               describe(actual));
}

// The unavailable time of `names` (fixtures) in [from, to), floating times in UTC.
std::vector<UnavailablePeriod> unavailable(const std::vector<std::string>& names, std::int64_t from, std::int64_t to) {
  std::vector<CalendarObject> objects;
  for (const std::string& name : names) objects.push_back(t::fixture(name));
  std::vector<const CalendarObject*> pointers;
  for (const CalendarObject& object : objects) pointers.push_back(&object);
  return caldav::scheduling::unavailablePeriods(pointers, from, to, FloatingZone::utc());
}

const std::string kWorkweek = "availability-berlin-workweek.ics";
const std::string kHoliday = "availability-berlin-holiday.ics";

// Berlin wall-clock time in winter (UTC+1) and summer (UTC+2) 2026.
std::int64_t berlinWinter(int month, int day, int hour, int minute = 0) {
  return t::utc(2026, month, day, hour - 1, minute);
}
std::int64_t berlinSummer(int month, int day, int hour, int minute = 0) {
  return t::utc(2026, month, day, hour - 2, minute);
}

}  // namespace

class AvailabilityTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AvailabilityTest);
  CPPUNIT_TEST(testNoVavailabilityMeansAlwaysAvailable);
  CPPUNIT_TEST(testBookingWithinWorkingHoursIsAvailable);
  CPPUNIT_TEST(testBookingsBackToBackWithTheEndsOfWorkingHoursAreAvailable);
  CPPUNIT_TEST(testBookingStraddlingTheEndOfWorkingHoursIsNotAvailable);
  CPPUNIT_TEST(testNightsAndWeekendsAreOneUnavailablePeriodEach);
  CPPUNIT_TEST(testHigherPriorityHolidayWeekOverridesWorkingHours);
  CPPUNIT_TEST(testPriorityNotOrderOfObjectsDecides);
  CPPUNIT_TEST(testBusyTypeOfTheDecidingComponentIsReported);
  CPPUNIT_TEST(testTimeOutsideEveryComponentIsAvailable);
  CPPUNIT_TEST(testEqualPriorityComponentsUnionTheirAvailableTime);
  CPPUNIT_TEST(testEqualPriorityComponentsGiveTheStrongestBusyType);
  CPPUNIT_TEST(testZeroLengthBookingIsAvailableExactlyWhereTimeIs);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNoVavailabilityMeansAlwaysAvailable() {
    const auto periods = unavailable({"valid-event.ics"}, t::utc(2026, 1, 1), t::utc(2027, 1, 1));

    CPPUNIT_ASSERT(periods.empty());
    CPPUNIT_ASSERT(unavailable({}, t::utc(2026, 1, 1), t::utc(2027, 1, 1)).empty());
    CPPUNIT_ASSERT(isAvailable(periods, t::utc(2026, 1, 3, 23), t::utc(2026, 1, 4, 3)));
  }

  void testBookingWithinWorkingHoursIsAvailable() {
    const auto periods = unavailable({kWorkweek}, t::utc(2026, 1, 5), t::utc(2026, 1, 12));

    CPPUNIT_ASSERT(isAvailable(periods, berlinWinter(1, 6, 10), berlinWinter(1, 6, 11)));
    CPPUNIT_ASSERT(isAvailable(periods, berlinWinter(1, 6, 9), berlinWinter(1, 6, 17)));
  }

  // Half-open periods: ending at 09:00 or starting at 17:00 touches unavailable time without overlapping it.
  void testBookingsBackToBackWithTheEndsOfWorkingHoursAreAvailable() {
    const auto periods = unavailable({kWorkweek}, t::utc(2026, 1, 5), t::utc(2026, 1, 12));

    CPPUNIT_ASSERT(isAvailable(periods, berlinWinter(1, 6, 9), berlinWinter(1, 6, 10)));
    CPPUNIT_ASSERT(isAvailable(periods, berlinWinter(1, 6, 16), berlinWinter(1, 6, 17)));
    CPPUNIT_ASSERT(!isAvailable(periods, berlinWinter(1, 6, 8), berlinWinter(1, 6, 9)));
    CPPUNIT_ASSERT(!isAvailable(periods, berlinWinter(1, 6, 17), berlinWinter(1, 6, 18)));
  }

  void testBookingStraddlingTheEndOfWorkingHoursIsNotAvailable() {
    const auto periods = unavailable({kWorkweek}, t::utc(2026, 1, 5), t::utc(2026, 1, 12));

    CPPUNIT_ASSERT(!isAvailable(periods, berlinWinter(1, 6, 16, 30), berlinWinter(1, 6, 17, 30)));
    CPPUNIT_ASSERT(!isAvailable(periods, berlinWinter(1, 6, 8, 59), berlinWinter(1, 6, 9, 30)));
    CPPUNIT_ASSERT(!isAvailable(periods, berlinWinter(1, 6, 10), berlinWinter(1, 7, 10)));  // through the night
  }

  void testNightsAndWeekendsAreOneUnavailablePeriodEach() {
    const auto periods = unavailable({kWorkweek}, t::utc(2026, 1, 5), t::utc(2026, 1, 12));

    const BusyType u = BusyType::Unavailable;
    assertPeriods({{t::utc(2026, 1, 5), berlinWinter(1, 5, 9), u},
                   {berlinWinter(1, 5, 17), berlinWinter(1, 6, 9), u},
                   {berlinWinter(1, 6, 17), berlinWinter(1, 7, 9), u},
                   {berlinWinter(1, 7, 17), berlinWinter(1, 8, 9), u},
                   {berlinWinter(1, 8, 17), berlinWinter(1, 9, 9), u},
                   {berlinWinter(1, 9, 17), t::utc(2026, 1, 12), u}},
                  periods);
  }

  // RFC 7953 §4: within 3-9 August the PRIORITY:1 component decides; its only AVAILABLE is
  // Wednesday 10:00-12:00. Working hours apply again from Monday 10 August.
  void testHigherPriorityHolidayWeekOverridesWorkingHours() {
    const auto periods = unavailable({kWorkweek, kHoliday}, t::utc(2026, 7, 31), t::utc(2026, 8, 11));

    const BusyType u = BusyType::Unavailable;
    assertPeriods({{t::utc(2026, 7, 31), berlinSummer(7, 31, 9), u},
                   {berlinSummer(7, 31, 17), berlinSummer(8, 5, 10), u},
                   {berlinSummer(8, 5, 12), berlinSummer(8, 10, 9), u},
                   {berlinSummer(8, 10, 17), t::utc(2026, 8, 11), u}},
                  periods);
    CPPUNIT_ASSERT(!isAvailable(periods, berlinSummer(8, 4, 10), berlinSummer(8, 4, 11)));
    CPPUNIT_ASSERT(isAvailable(periods, berlinSummer(8, 5, 10), berlinSummer(8, 5, 12)));
    CPPUNIT_ASSERT(!isAvailable(periods, berlinSummer(8, 5, 11), berlinSummer(8, 5, 13)));
    CPPUNIT_ASSERT(isAvailable(periods, berlinSummer(8, 10, 9), berlinSummer(8, 10, 10)));
  }

  void testPriorityNotOrderOfObjectsDecides() {
    const auto a = unavailable({kWorkweek, kHoliday}, t::utc(2026, 7, 27), t::utc(2026, 8, 17));
    const auto b = unavailable({kHoliday, kWorkweek}, t::utc(2026, 7, 27), t::utc(2026, 8, 17));

    assertPeriods(a, b);
  }

  // Within 5-9 January the BUSY component (PRIORITY:5) decides, afterwards the BUSY-TENTATIVE
  // one (no PRIORITY): periods of different types touch but are not merged.
  void testBusyTypeOfTheDecidingComponentIsReported() {
    const auto periods = unavailable({"availability-tentative.ics", "availability-bounded-busy.ics"},
                                     t::utc(2026, 1, 9), t::utc(2026, 1, 11));

    assertPeriods({{t::utc(2026, 1, 9), t::utc(2026, 1, 9, 10), BusyType::Busy},
                   {t::utc(2026, 1, 9, 12), t::utc(2026, 1, 10), BusyType::Busy},
                   {t::utc(2026, 1, 10), t::utc(2026, 1, 10, 9), BusyType::Tentative},
                   {t::utc(2026, 1, 10, 17), t::utc(2026, 1, 11), BusyType::Tentative}},
                  periods);
  }

  void testTimeOutsideEveryComponentIsAvailable() {
    const auto periods = unavailable({"availability-bounded-busy.ics"}, t::utc(2026, 1, 8), t::utc(2026, 1, 12));

    CPPUNIT_ASSERT_EQUAL(t::utc(2026, 1, 10), periods.back().end);
    CPPUNIT_ASSERT(isAvailable(periods, t::utc(2026, 1, 10), t::utc(2026, 1, 12)));
    CPPUNIT_ASSERT(unavailable({"availability-bounded-busy.ics"}, t::utc(2026, 2, 1), t::utc(2026, 3, 1)).empty());
  }

  // RFC 7953 leaves overlapping components of equal PRIORITY open; ours: available if either says so.
  void testEqualPriorityComponentsUnionTheirAvailableTime() {
    caldav::ical::Availability mornings;
    mornings.available = {{100, 200}};
    caldav::ical::Availability afternoons;
    afternoons.available = {{150, 300}};

    const auto periods = caldav::scheduling::unavailablePeriods({mornings, afternoons}, 0, 400);

    assertPeriods({{0, 100, BusyType::Unavailable}, {300, 400, BusyType::Unavailable}}, periods);
  }

  void testEqualPriorityComponentsGiveTheStrongestBusyType() {
    caldav::ical::Availability tentative;
    tentative.busyType = BusyType::Tentative;
    tentative.priority = 3;
    caldav::ical::Availability busy;
    busy.busyType = BusyType::Busy;
    busy.priority = 3;
    busy.start = 50;
    busy.end = 100;

    const auto periods = caldav::scheduling::unavailablePeriods({tentative, busy}, 0, 200);

    assertPeriods({{0, 50, BusyType::Tentative}, {50, 100, BusyType::Busy}, {100, 200, BusyType::Tentative}}, periods);
  }

  void testZeroLengthBookingIsAvailableExactlyWhereTimeIs() {
    const std::vector<UnavailablePeriod> periods{{100, 200, BusyType::Unavailable}};

    CPPUNIT_ASSERT(isAvailable(periods, 99, 99));
    CPPUNIT_ASSERT(!isAvailable(periods, 100, 100));
    CPPUNIT_ASSERT(!isAvailable(periods, 199, 199));
    CPPUNIT_ASSERT(isAvailable(periods, 200, 200));
    CPPUNIT_ASSERT(isAvailable(periods, 50, 100));
    CPPUNIT_ASSERT(!isAvailable(periods, 50, 101));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvailabilityTest);
