// The VFREEBUSY text of a free-busy-query answer: its UTC DATE-TIMEs are formatted by
// arithmetic, checked here against gmtime_r over leap days, centuries and pre-1970 times.
#include "scheduling/freebusy/BusyPeriods.h"

#include <cppunit/extensions/HelperMacros.h>

#include <ctime>
#include <string>

using caldav::scheduling::Period;
using caldav::scheduling::freeBusyCalendar;

namespace {

std::string viaGmtime(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

std::string lineAfter(const std::string& text, const std::string& prefix) {
  auto at = text.find(prefix);
  CPPUNIT_ASSERT(at != std::string::npos);
  at += prefix.size();
  return text.substr(at, text.find("\r\n", at) - at);
}

}  // namespace

class FreeBusyTextTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FreeBusyTextTest);
  CPPUNIT_TEST(testDateTimesMatchGmtime);
  CPPUNIT_TEST(testPeriodsAreListedBusyThenTentative);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDateTimesMatchGmtime() {
    const std::int64_t samples[] = {0,          -1,         -86400,     -86401,     951782400,  951868799,
                                    951868800,  4107542400, 4102444799, 1735689600, 1709164800, 1709251199,
                                    -2208988800, 253402300799};
    for (std::int64_t t : samples) {
      CPPUNIT_ASSERT_EQUAL(viaGmtime(t), lineAfter(freeBusyCalendar(0, 1, {}, {}, t), "DTSTAMP:"));
    }
    // Every hour and a bit over 400 years (one Gregorian cycle), from 1900.
    for (std::int64_t t = -2208988800; t < 10413792000; t += 3600 * 24 * 7 + 3601) {
      CPPUNIT_ASSERT_EQUAL(viaGmtime(t), lineAfter(freeBusyCalendar(0, 1, {}, {}, t), "DTSTAMP:"));
    }
  }

  void testPeriodsAreListedBusyThenTentative() {
    const std::string text = freeBusyCalendar(1735689600, 1738368000, {{1735722000, 1735725600}},
                                              {{1735808400, 1735810200}}, 1735689600);
    CPPUNIT_ASSERT(text.find("DTSTART:20250101T000000Z\r\nDTEND:20250201T000000Z\r\n") != std::string::npos);
    CPPUNIT_ASSERT(text.find("FREEBUSY;FBTYPE=BUSY:20250101T090000Z/20250101T100000Z\r\n"
                             "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20250102T090000Z/20250102T093000Z\r\n") !=
                   std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FreeBusyTextTest);
