// The booking rules as pure functions over values (docs/booking-rules.md).
#include "scheduling/rules/BookingRules.h"

#include <cppunit/extensions/HelperMacros.h>

#include <random>

using namespace caldav::scheduling;

namespace {

constexpr std::int64_t kNow = 1800000000;  // 2027-01-15T08:00:00Z
constexpr std::int64_t kHour = 3600;

BookingCheck bookingAt(std::int64_t start, std::int64_t end) {
  BookingCheck check;
  check.now = kNow;
  check.policy.isEnabled = true;
  check.newStatus = AppointmentStatus::Confirmed;
  check.added = {{start, end}};
  check.changed = check.added;
  check.dayOf = [](std::int64_t t) { return t / 86400; };
  return check;
}

Precondition refused(const BookingCheck& check) {
  auto refusal = checkBooking(check);
  CPPUNIT_ASSERT_MESSAGE("the booking should be refused", refusal.has_value());
  return refusal->precondition;
}

}  // namespace

class BookingRulesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BookingRulesTest);
  CPPUNIT_TEST(testBackToBackIsNoOverlap);
  CPPUNIT_TEST(testAnyCommonSecondIsAnOverlap);
  CPPUNIT_TEST(testALongEarlierIntervalIsFound);
  CPPUNIT_TEST(testBuffersWidenTheBooking);
  CPPUNIT_TEST(testOverlapMatchesPairwiseComparison);
  CPPUNIT_TEST(testOverlapIsSlotUnavailable);
  CPPUNIT_TEST(testUnavailableTimeIsOutsideAvailability);
  CPPUNIT_TEST(testPastAndNotice);
  CPPUNIT_TEST(testAdvance);
  CPPUNIT_TEST(testDuration);
  CPPUNIT_TEST(testDailyLimitCountsTheDay);
  CPPUNIT_TEST(testStatusTransitionAndUnknownStatus);
  CPPUNIT_TEST(testNothingAddedNeedsNoTimeRules);
  CPPUNIT_TEST(testMessageDescribesOnlyTheClientsSlot);
  CPPUNIT_TEST(testExcludeModeNamesOnlyRuleOccurrences);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testBackToBackIsNoOverlap() {
    CPPUNIT_ASSERT(!firstOverlap({{10, 20}}, {{0, 10}, {20, 30}}, 0, 0));
  }

  void testAnyCommonSecondIsAnOverlap() {
    CPPUNIT_ASSERT(firstOverlap({{10, 20}}, {{0, 11}}, 0, 0));
    CPPUNIT_ASSERT(firstOverlap({{10, 20}}, {{19, 30}}, 0, 0));
    CPPUNIT_ASSERT(firstOverlap({{10, 20}}, {{12, 13}}, 0, 0));
    CPPUNIT_ASSERT(firstOverlap({{12, 13}}, {{10, 20}}, 0, 0));
  }

  void testALongEarlierIntervalIsFound() {
    // Sorted by start, the interval that covers the instance starts first and ends last.
    auto overlap = firstOverlap({{100, 110}, {500, 510}}, {{0, 1000}, {1, 2}, {3, 4}}, 0, 0);
    CPPUNIT_ASSERT(overlap);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{100}, overlap->start);
  }

  void testBuffersWidenTheBooking() {
    CPPUNIT_ASSERT(firstOverlap({{10, 20}}, {{0, 10}}, 1, 0));
    CPPUNIT_ASSERT(!firstOverlap({{10, 20}}, {{0, 10}}, 0, 5));
    CPPUNIT_ASSERT(firstOverlap({{10, 20}}, {{20, 30}}, 0, 1));
  }

  void testOverlapMatchesPairwiseComparison() {
    std::mt19937 random(20261205);
    for (int round = 0; round < 500; ++round) {
      auto intervals = [&](int n) {
        std::vector<Interval> out;
        for (int i = 0; i < n; ++i) {
          std::int64_t start = random() % 200;
          out.push_back({start, start + static_cast<std::int64_t>(random() % 40)});
        }
        std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.start < b.start; });
        return out;
      };
      auto added = intervals(1 + static_cast<int>(random() % 4));
      auto busy = intervals(static_cast<int>(random() % 8));
      const std::int64_t before = random() % 5;
      const std::int64_t after = random() % 5;
      bool expected = false;
      for (const auto& a : added) {
        for (const auto& b : busy) expected = expected || (a.start - before < b.end && b.start < a.end + after);
      }
      CPPUNIT_ASSERT_EQUAL(expected, firstOverlap(added, busy, before, after).has_value());
    }
  }

  void testOverlapIsSlotUnavailable() {
    auto check = bookingAt(kNow + 10 * kHour, kNow + 11 * kHour);
    check.others = {{kNow + 10 * kHour + 1800, kNow + 12 * kHour}};
    CPPUNIT_ASSERT(refused(check) == Precondition::SlotUnavailable);
    check.others = {{kNow + 11 * kHour, kNow + 12 * kHour}};
    CPPUNIT_ASSERT(!checkBooking(check));
  }

  void testUnavailableTimeIsOutsideAvailability() {
    auto check = bookingAt(kNow + 10 * kHour, kNow + 11 * kHour);
    check.unavailable = {{kNow + 10 * kHour + 1800, kNow + 20 * kHour}};
    CPPUNIT_ASSERT(refused(check) == Precondition::OutsideAvailability);
  }

  void testPastAndNotice() {
    CPPUNIT_ASSERT(refused(bookingAt(kNow - 60, kNow + kHour)) == Precondition::InThePast);
    auto check = bookingAt(kNow + kHour, kNow + 2 * kHour);
    check.policy.minNotice = 2 * kHour;
    CPPUNIT_ASSERT(refused(check) == Precondition::InsufficientNotice);
    check.policy.minNotice = kHour;
    CPPUNIT_ASSERT(!checkBooking(check));
  }

  void testAdvance() {
    auto check = bookingAt(kNow + 91 * 86400, kNow + 91 * 86400 + kHour);
    check.policy.maxAdvance = 90 * 86400;
    CPPUNIT_ASSERT(refused(check) == Precondition::TooFarInAdvance);
  }

  void testDuration() {
    auto check = bookingAt(kNow + kHour, kNow + kHour + 600);
    check.policy.minDuration = 900;
    CPPUNIT_ASSERT(refused(check) == Precondition::DurationOutOfRange);
    check = bookingAt(kNow + kHour, kNow + 4 * kHour);
    check.policy.maxDuration = 2 * kHour;
    CPPUNIT_ASSERT(refused(check) == Precondition::DurationOutOfRange);
  }

  void testDailyLimitCountsTheDay() {
    const std::int64_t day = (kNow / 86400 + 1) * 86400;
    auto check = bookingAt(day + 15 * kHour, day + 16 * kHour);
    check.policy.maxBookingsPerDay = 2;
    check.calendarBookings = {{day + 9 * kHour, day + 10 * kHour}};
    CPPUNIT_ASSERT(!checkBooking(check));
    check.calendarBookings.push_back({day + 11 * kHour, day + 12 * kHour});
    CPPUNIT_ASSERT(refused(check) == Precondition::DailyLimitReached);
    check.calendarBookings = {{day - 2 * kHour, day - kHour}, {day + 25 * kHour, day + 26 * kHour}};
    CPPUNIT_ASSERT(!checkBooking(check));  // other days
  }

  void testStatusTransitionAndUnknownStatus() {
    auto check = bookingAt(kNow + kHour, kNow + 2 * kHour);
    check.isNew = false;
    check.oldStatus = AppointmentStatus::Completed;
    check.newStatus = AppointmentStatus::Confirmed;
    CPPUNIT_ASSERT(refused(check) == Precondition::InvalidStatusTransition);
    check.newStatus = std::nullopt;
    CPPUNIT_ASSERT(refused(check) == Precondition::InvalidStatusTransition);
  }

  void testNothingAddedNeedsNoTimeRules() {
    // A past appointment marked completed: its times did not change.
    auto check = bookingAt(0, 0);
    check.added.clear();
    check.changed.clear();
    check.isNew = false;
    check.oldStatus = AppointmentStatus::InProgress;
    check.newStatus = AppointmentStatus::Completed;
    check.others = {{kNow - 10 * kHour, kNow + 10 * kHour}};
    CPPUNIT_ASSERT(!checkBooking(check));
  }

  void testExcludeModeNamesOnlyRuleOccurrences() {
    BookingCheck check = bookingAt(kNow + 10 * kHour, kNow + 11 * kHour);
    check.added.push_back({kNow + 34 * kHour, kNow + 35 * kHour});
    check.addedRecurrenceIds = {"A", "B"};
    check.addedIsOverride = {false, false};
    check.others = {{kNow + 34 * kHour, kNow + 36 * kHour}};
    CPPUNIT_ASSERT(!occurrencesToExclude(check));  // refuse is the default
    check.policy.excludesConflictingOccurrences = true;
    auto excluded = occurrencesToExclude(check);
    CPPUNIT_ASSERT(excluded && *excluded == std::vector<std::string>{"B"});
    check.addedIsOverride = {false, true};
    CPPUNIT_ASSERT(!occurrencesToExclude(check));  // an override is the client's own choice
    check.addedIsOverride = {false, false};
    check.others.push_back({kNow + 10 * kHour, kNow + 11 * kHour});
    CPPUNIT_ASSERT(!occurrencesToExclude(check));  // nothing would be left
  }

  void testMessageDescribesOnlyTheClientsSlot() {
    auto check = bookingAt(kNow + 10 * kHour, kNow + 11 * kHour);
    check.others = {{kNow + 9 * kHour, kNow + 12 * kHour}};
    check.describe = [](const Interval& slot) { return "slot " + std::to_string(slot.start); };
    auto refusal = checkBooking(check);
    CPPUNIT_ASSERT(refusal);
    CPPUNIT_ASSERT(refusal->message.find("slot " + std::to_string(kNow + 10 * kHour)) != std::string::npos);
    CPPUNIT_ASSERT(refusal->message.find(std::to_string(kNow + 9 * kHour)) == std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BookingRulesTest);
