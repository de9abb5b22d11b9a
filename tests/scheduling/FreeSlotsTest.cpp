// scheduling::freeSlots (docs/scheduling.md, "Free slots"): the FREE periods say exactly which
// bookings the rules accept.
#include "scheduling/freebusy/FreeSlots.h"

#include "support/PropertyCheck.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <sstream>

using namespace caldav::scheduling;

namespace {

constexpr std::int64_t kNow = 1800000000;  // 2027-01-15T08:00:00Z
constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

BookingCheck facts() {
  BookingCheck check;
  check.now = kNow;
  check.policy.isEnabled = true;
  check.newStatus = AppointmentStatus::Confirmed;
  check.dayOf = [](std::int64_t t) { return t >= 0 ? t / kDay : (t - kDay + 1) / kDay; };
  return check;
}

bool accepted(const BookingCheck& facts, std::int64_t start, std::int64_t duration) {
  BookingCheck probe = facts;
  probe.added = {{start, start + duration}};
  probe.changed = probe.added;
  return !checkBooking(probe);
}

bool insideOne(const std::vector<Interval>& free, std::int64_t start, std::int64_t end) {
  return std::any_of(free.begin(), free.end(), [&](const Interval& p) { return p.start <= start && end <= p.end; });
}

std::string text(const std::vector<Interval>& periods) {
  std::ostringstream out;
  for (const auto& p : periods) out << "[" << p.start - kNow << ", " << p.end - kNow << "] ";
  return out.str();
}

}  // namespace

class FreeSlotsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FreeSlotsTest);
  CPPUNIT_TEST(testEmptyCalendarIsFreeFromNowToTheEndOfTheRange);
  CPPUNIT_TEST(testBusyTimeAndBuffersCutThePeriods);
  CPPUNIT_TEST(testDurationOutsideThePolicyHasNoSlots);
  CPPUNIT_TEST(testFullDayHasNoSlots);
  CPPUNIT_TEST(testPeriodsAreExactlyTheAcceptedBookings);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEmptyCalendarIsFreeFromNowToTheEndOfTheRange() {
    auto free = freeSlots(facts(), 30 * kMinute, kNow - kDay, kNow + kDay);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, free.size());
    CPPUNIT_ASSERT_EQUAL(kNow, free[0].start);  // not in the past
    CPPUNIT_ASSERT_EQUAL(kNow + kDay, free[0].end);
  }

  void testBusyTimeAndBuffersCutThePeriods() {
    BookingCheck f = facts();
    f.policy.bufferBefore = 10 * kMinute;
    f.policy.bufferAfter = 5 * kMinute;
    f.others = {{kNow + 2 * kHour, kNow + 3 * kHour}};
    auto free = freeSlots(f, 30 * kMinute, kNow, kNow + 6 * kHour);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(text(free), std::size_t{2}, free.size());
    // The last booking before ends buffer-after before the busy time, the first after starts
    // buffer-before after it.
    CPPUNIT_ASSERT_EQUAL(kNow + 2 * kHour - 5 * kMinute, free[0].end);
    CPPUNIT_ASSERT_EQUAL(kNow + 3 * kHour + 10 * kMinute, free[1].start);
  }

  void testDurationOutsideThePolicyHasNoSlots() {
    BookingCheck f = facts();
    f.policy.maxDuration = kHour;
    CPPUNIT_ASSERT(freeSlots(f, 2 * kHour, kNow, kNow + kDay).empty());
    CPPUNIT_ASSERT(!freeSlots(f, kHour, kNow, kNow + kDay).empty());
    CPPUNIT_ASSERT(freeSlots(f, 0, kNow, kNow + kDay).empty());
  }

  void testFullDayHasNoSlots() {
    BookingCheck f = facts();
    f.policy.maxBookingsPerDay = 1;
    const std::int64_t tomorrow = (kNow / kDay + 1) * kDay;
    f.calendarBookings = {{tomorrow + 20 * kHour, tomorrow + 21 * kHour}};
    f.others = f.calendarBookings;
    auto free = freeSlots(f, kHour, kNow, tomorrow + 2 * kDay);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(text(free), std::size_t{2}, free.size());
    CPPUNIT_ASSERT_EQUAL(tomorrow - 1 + kHour, free[0].end);  // the last start is 23:59:59 today
    CPPUNIT_ASSERT_EQUAL(tomorrow + kDay, free[1].start);
  }

  // Random facts; on a 5-minute grid and one second either side of it, a booking is accepted
  // by checkBooking if and only if it lies inside one period.
  void testPeriodsAreExactlyTheAcceptedBookings() {
    caldav::test::checkProperty("freeSlots agrees with checkBooking", 1205, [](const auto& pick, std::string& failure) {
      BookingCheck f = facts();
      const std::int64_t grid = 5 * kMinute;
      const std::int64_t base = kNow - 2 * kHour;
      auto time = [&](int slots) { return base + slots * grid; };
      if (pick(0, 1)) f.policy.minNotice = pick(0, 24) * grid;
      if (pick(0, 1)) f.policy.maxAdvance = pick(0, 400) * grid;
      if (pick(0, 2) == 0) f.policy.minDuration = pick(1, 12) * grid;
      if (pick(0, 2) == 0) f.policy.maxDuration = pick(1, 24) * grid;
      f.policy.bufferBefore = pick(0, 3) * grid;
      f.policy.bufferAfter = pick(0, 3) * grid;
      if (pick(0, 1)) f.policy.maxBookingsPerDay = pick(1, 3);
      for (int i = pick(0, 8); i > 0; --i) {
        const int at = pick(0, 560);
        Interval busy{time(at), time(at + pick(0, 24))};
        f.others.push_back(busy);
        if (pick(0, 1)) f.calendarBookings.push_back(busy);
      }
      for (int i = pick(0, 3); i > 0; --i) {
        const int at = pick(0, 560);
        f.unavailable.push_back({time(at), time(at + pick(1, 100))});
      }
      const auto byStart = [](const Interval& a, const Interval& b) { return a.start < b.start; };
      std::sort(f.others.begin(), f.others.end(), byStart);
      std::sort(f.unavailable.begin(), f.unavailable.end(), byStart);
      std::sort(f.calendarBookings.begin(), f.calendarBookings.end(), byStart);
      const std::int64_t duration = pick(1, 18) * grid;
      const std::int64_t rangeStart = time(pick(0, 100));
      const std::int64_t rangeEnd = rangeStart + pick(0, 480) * grid;
      const auto free = freeSlots(f, duration, rangeStart, rangeEnd);
      for (std::int64_t s = rangeStart; s + duration <= rangeEnd; s += grid) {
        for (std::int64_t start : {s - 1, s, s + 1}) {
          if (start < rangeStart || start + duration > rangeEnd) continue;
          if (accepted(f, start, duration) != insideOne(free, start, start + duration)) {
            failure = "start " + std::to_string(start - kNow) + " duration " + std::to_string(duration) +
                      ": accepted " + std::to_string(accepted(f, start, duration)) + ", periods " + text(free);
            return false;
          }
        }
      }
      return true;
    });
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FreeSlotsTest);
