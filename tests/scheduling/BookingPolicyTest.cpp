// Booking policy values as clients set them by PROPPATCH (docs/booking-rules.md).
#include "scheduling/rules/BookingPolicy.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::scheduling;

class BookingPolicyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BookingPolicyTest);
  CPPUNIT_TEST(testDurationsAreRfc5545);
  CPPUNIT_TEST(testEveryPolicyValueIsChecked);
  CPPUNIT_TEST(testPolicyFromStoredValues);
  CPPUNIT_TEST(testOnlyTrueEnablesTheRules);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDurationsAreRfc5545() {
    CPPUNIT_ASSERT_EQUAL(std::int64_t{86400}, *parseDuration("PT24H"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{90 * 86400}, *parseDuration("P90D"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1800}, *parseDuration(" PT30M "));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7 * 86400}, *parseDuration("P1W"));
    CPPUNIT_ASSERT(!parseDuration("30 minutes"));
    CPPUNIT_ASSERT(!parseDuration(""));
    CPPUNIT_ASSERT(!parseDuration("PT"));
  }

  void testEveryPolicyValueIsChecked() {
    CPPUNIT_ASSERT(!invalidBookingValue("booking-rules-enabled", "true"));
    CPPUNIT_ASSERT(invalidBookingValue("booking-rules-enabled", "yes"));
    CPPUNIT_ASSERT(!invalidBookingValue("min-notice", "PT24H"));
    CPPUNIT_ASSERT(invalidBookingValue("min-notice", "-PT1H"));
    CPPUNIT_ASSERT(invalidBookingValue("max-advance", "soon"));
    CPPUNIT_ASSERT(invalidBookingValue("min-duration", "PT0S"));
    CPPUNIT_ASSERT(!invalidBookingValue("buffer-before", "PT0S"));
    CPPUNIT_ASSERT(!invalidBookingValue("max-bookings-per-day", "8"));
    CPPUNIT_ASSERT(invalidBookingValue("max-bookings-per-day", "0"));
    CPPUNIT_ASSERT(invalidBookingValue("max-bookings-per-day", "2.5"));
    CPPUNIT_ASSERT(!invalidBookingValue("status-transitions", "tentative>confirmed"));
    CPPUNIT_ASSERT(invalidBookingValue("status-transitions", "tentative>soon"));
    CPPUNIT_ASSERT(invalidBookingValue("colour", "red"));
  }

  void testPolicyFromStoredValues() {
    auto policy = parseBookingPolicy({{"booking-rules-enabled", "true"},
                                      {"min-notice", "PT24H"},
                                      {"max-advance", "P90D"},
                                      {"min-duration", "PT15M"},
                                      {"max-duration", "PT2H"},
                                      {"buffer-before", "PT5M"},
                                      {"buffer-after", "PT10M"},
                                      {"max-bookings-per-day", "4"},
                                      {"default-duration", "PT30M"}});
    CPPUNIT_ASSERT(policy.isEnabled);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{86400}, *policy.minNotice);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{90 * 86400}, *policy.maxAdvance);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{900}, *policy.minDuration);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7200}, *policy.maxDuration);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{300}, policy.bufferBefore);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{600}, policy.bufferAfter);
    CPPUNIT_ASSERT_EQUAL(4, *policy.maxBookingsPerDay);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1800}, *policy.defaultDuration);
  }

  void testOnlyTrueEnablesTheRules() {
    CPPUNIT_ASSERT(!parseBookingPolicy({}).isEnabled);
    CPPUNIT_ASSERT(!parseBookingPolicy({{"booking-rules-enabled", "false"}}).isEnabled);
    CPPUNIT_ASSERT(!parseBookingPolicy({{"booking-rules-enabled", "TRUE!"}}).isEnabled);
    CPPUNIT_ASSERT(parseBookingPolicy({{"min-notice", "PT1H"}}).minNotice.has_value());  // kept, not enforced
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BookingPolicyTest);
