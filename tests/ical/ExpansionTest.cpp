// expandInstances: time zones across DST, floating and all-day values, overrides, EXDATE,
// RDATE, THISANDFUTURE, horizons and caps, and the §9.9 ranges of VTODO and VJOURNAL.
#include "IcalTestSupport.h"

#include "ical/Instances.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

using caldav::ical::FloatingZone;
using caldav::ical::Instance;
using caldav::ical::InstanceSet;
using caldav::ical::InvalidCalendar;
namespace t = caldav::ical::test;

namespace {

InstanceSet expand(const std::string& name, std::int64_t horizon = t::utc(2026, 1, 1)) {
  return caldav::ical::expandInstances(t::fixture(name), horizon, 20000);
}

const Instance& instanceStartingAt(const InstanceSet& set, std::int64_t start) {
  const auto it = std::find_if(set.instances.begin(), set.instances.end(),
                               [&](const Instance& i) { return i.start == start; });
  if (it == set.instances.end()) {
    CPPUNIT_FAIL("no instance at " + std::to_string(start));
  }
  return *it;
}

bool hasInstanceAt(const InstanceSet& set, std::int64_t start) {
  return std::any_of(set.instances.begin(), set.instances.end(),
                     [&](const Instance& i) { return i.start == start; });
}

}  // namespace

class ExpansionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ExpansionTest);
  CPPUNIT_TEST(testBerlinWeeklyKeepsLocalTimeAcrossDst);
  CPPUNIT_TEST(testNewYorkWeeklyByIanaNameKeepsLocalTimeAcrossDst);
  CPPUNIT_TEST(testFloatingWeeklyIsPlacedByTheCalendarZone);
  CPPUNIT_TEST(testAllDayYearlySkipsMissingLeapDays);
  CPPUNIT_TEST(testExdateRemovesAndOverridesReplaceInstances);
  CPPUNIT_TEST(testThisAndFutureShiftsLaterInstances);
  CPPUNIT_TEST(testRdateAddsDatesAndPeriods);
  CPPUNIT_TEST(testInfiniteRuleStopsAtHorizon);
  CPPUNIT_TEST(testMoreInstancesThanCapIsTooManyInstances);
  CPPUNIT_TEST(testTodoRangeFollowsRfc4791Table);
  CPPUNIT_TEST(testAllDayJournalCoversItsDay);
  CPPUNIT_TEST(testFloatingZoneFollowsRfc5545GapAndOverlapRules);
  CPPUNIT_TEST(testFloatingZoneFromVTimezoneText);
  CPPUNIT_TEST(testSameTzidWithDifferentDefinitionsStaysDistinct);
  CPPUNIT_TEST_SUITE_END();

 public:
  // Zones are shared between objects by definition text (ical/detail/SharedZones.h): a TZID
  // alone must never pick up another object's definition, also after that object is gone.
  void testSameTzidWithDifferentDefinitionsStaysDistinct() {
    auto objectIn = [](const std::string& offset) {
      return caldav::ical::CalendarObject::parse(
          "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Office\r\n"
          "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:" + offset + "\r\nTZOFFSETTO:" + offset +
          "\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTAMP:20240101T000000Z\r\n"
          "DTSTART;TZID=Office:20240105T120000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n"
          "END:VCALENDAR\r\n");
    };
    for (int round = 0; round < 3; ++round) {
      const auto east = objectIn("+0500");
      const auto west = objectIn("-0300");
      const auto eastSet = caldav::ical::expandInstances(east, t::utc(2026, 1, 1), 100);
      const auto westSet = caldav::ical::expandInstances(west, t::utc(2026, 1, 1), 100);
      CPPUNIT_ASSERT_EQUAL(std::size_t(2), eastSet.instances.size());
      CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 5, 7), eastSet.instances[0].start);
      CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 6, 15), westSet.instances[1].start);
    }
    const auto again = objectIn("+0500");  // a new object, maybe at a freed object's address
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 6, 7),
                         caldav::ical::expandInstances(again, t::utc(2026, 1, 1), 100).instances[1].start);
  }

  void testBerlinWeeklyKeepsLocalTimeAcrossDst() {
    const InstanceSet set = expand("weekly-berlin.ics");
    CPPUNIT_ASSERT_EQUAL(std::size_t(40), set.instances.size());
    CPPUNIT_ASSERT(set.isComplete);
    // 09:00 CET is 08:00Z until 31 March, 09:00 CEST is 07:00Z until 27 October.
    const Instance& march = instanceStartingAt(set, t::utc(2024, 3, 25, 8));
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 3, 25, 9), march.end);
    CPPUNIT_ASSERT_EQUAL(std::string("20240325T080000Z"), march.recurrenceId);
    CPPUNIT_ASSERT(hasInstanceAt(set, t::utc(2024, 4, 1, 7)));
    CPPUNIT_ASSERT(hasInstanceAt(set, t::utc(2024, 10, 21, 7)));
    CPPUNIT_ASSERT(hasInstanceAt(set, t::utc(2024, 10, 28, 8)));
    CPPUNIT_ASSERT(!march.isFloating && !march.isTransparent && !march.isCancelled);
  }

  void testNewYorkWeeklyByIanaNameKeepsLocalTimeAcrossDst() {
    const InstanceSet set = expand("weekly-newyork.ics");
    CPPUNIT_ASSERT(set.isComplete);
    // 09:00 EST = 14:00Z; EDT from 10 March to 3 November = 13:00Z.
    const Instance& before = instanceStartingAt(set, t::utc(2024, 3, 4, 14));
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 3, 4, 14, 30), before.end);
    CPPUNIT_ASSERT(hasInstanceAt(set, t::utc(2024, 3, 11, 13)));
    CPPUNIT_ASSERT(hasInstanceAt(set, t::utc(2024, 10, 28, 13)));
    CPPUNIT_ASSERT(hasInstanceAt(set, t::utc(2024, 11, 4, 14)));
    CPPUNIT_ASSERT(hasInstanceAt(set, t::utc(2024, 12, 30, 14)));
    CPPUNIT_ASSERT_EQUAL(std::size_t(45), set.instances.size());
  }

  void testFloatingWeeklyIsPlacedByTheCalendarZone() {
    const InstanceSet set = expand("weekly-floating.ics");
    const Instance& march = instanceStartingAt(set, t::utc(2024, 3, 25, 9));
    const Instance& april = instanceStartingAt(set, t::utc(2024, 4, 1, 9));
    CPPUNIT_ASSERT(march.isFloating && april.isFloating);
    CPPUNIT_ASSERT_EQUAL(std::string("20240325T090000"), march.recurrenceId);
    const FloatingZone berlin = FloatingZone::fromIana("Europe/Berlin");
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 3, 25, 8), resolveFloating(march, berlin).start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 4, 1, 7), resolveFloating(april, berlin).start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 4, 1, 7, 30), resolveFloating(april, berlin).end);
    const FloatingZone newYork = FloatingZone::fromIana("America/New_York");
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 3, 25, 13), resolveFloating(march, newYork).start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 4, 1, 9), resolveFloating(april, FloatingZone::utc()).start);
  }

  void testAllDayYearlySkipsMissingLeapDays() {
    const InstanceSet set = expand("allday-yearly.ics", t::utc(2040, 1, 1));
    // RFC 5545 §3.3.10: invalid dates (29 February in common years) are ignored.
    CPPUNIT_ASSERT_EQUAL(std::size_t(5), set.instances.size());
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 2, 29), set.instances[1].start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 3, 1), set.instances[1].end);
    CPPUNIT_ASSERT_EQUAL(std::string("20240229"), set.instances[1].recurrenceId);
    CPPUNIT_ASSERT(set.instances[1].isFloating);
    CPPUNIT_ASSERT(set.instances[1].isTransparent);
  }

  void testExdateRemovesAndOverridesReplaceInstances() {
    const InstanceSet set = expand("overrides.ics");
    CPPUNIT_ASSERT_EQUAL(std::size_t(9), set.instances.size());
    CPPUNIT_ASSERT(!hasInstanceAt(set, t::utc(2024, 1, 15, 8)));  // EXDATE
    CPPUNIT_ASSERT(!hasInstanceAt(set, t::utc(2024, 1, 22, 8)));  // moved away
    const Instance& moved = instanceStartingAt(set, t::utc(2024, 1, 24, 13));
    CPPUNIT_ASSERT_EQUAL(std::string("20240122T080000Z"), moved.recurrenceId);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 24, 14), moved.end);
    CPPUNIT_ASSERT(instanceStartingAt(set, t::utc(2024, 1, 29, 8)).isCancelled);
    CPPUNIT_ASSERT(!instanceStartingAt(set, t::utc(2024, 2, 5, 8)).isCancelled);
  }

  void testThisAndFutureShiftsLaterInstances() {
    const InstanceSet set = expand("thisandfuture.ics");
    CPPUNIT_ASSERT_EQUAL(std::size_t(6), set.instances.size());
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 22, 10), instanceStartingAt(set, t::utc(2024, 1, 22, 9)).end);
    for (int day : {29}) {
      CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, day, 11, 30),
                           instanceStartingAt(set, t::utc(2024, 1, day, 11)).end);
    }
    const Instance& later = instanceStartingAt(set, t::utc(2024, 2, 12, 11));
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 2, 12, 11, 30), later.end);
    CPPUNIT_ASSERT_EQUAL(std::string("20240212T090000Z"), later.recurrenceId);
  }

  void testRdateAddsDatesAndPeriods() {
    const InstanceSet set = expand("rdate.ics");
    CPPUNIT_ASSERT_EQUAL(std::size_t(3), set.instances.size());
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 10, 10), instanceStartingAt(set, t::utc(2024, 1, 10, 9)).end);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 20, 12), instanceStartingAt(set, t::utc(2024, 1, 20, 8)).end);
    CPPUNIT_ASSERT(!hasInstanceAt(set, t::utc(2024, 1, 12, 12)));  // EXDATE
  }

  void testInfiniteRuleStopsAtHorizon() {
    const InstanceSet set = expand("infinite-daily.ics", t::utc(2024, 3, 1));
    CPPUNIT_ASSERT_EQUAL(std::size_t(60), set.instances.size());
    CPPUNIT_ASSERT(!set.isComplete);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 3, 1), set.indexedUntil);
  }

  void testMoreInstancesThanCapIsTooManyInstances() {
    try {
      caldav::ical::expandInstances(t::fixture("infinite-daily.ics"), t::utc(2024, 3, 1), 10);
      CPPUNIT_FAIL("cap not enforced");
    } catch (const InvalidCalendar& e) {
      CPPUNIT_ASSERT(e.code() == InvalidCalendar::Code::TooManyInstances);
    }
  }

  void testTodoRangeFollowsRfc4791Table() {
    const Instance todo = expand("todo.ics").instances.at(0);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 5, 9), todo.start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 6, 9), todo.end);
    CPPUNIT_ASSERT(todo.isTransparent);
    // DUE only: (start < DUE) AND (end >= DUE), i.e. [DUE - 1 s, DUE) in half-open form.
    const Instance dueOnly = expand("todo-due-only.ics").instances.at(0);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 10, 12) - 1, dueOnly.start);
    CPPUNIT_ASSERT(caldav::ical::overlapsRange(dueOnly.start, dueOnly.end, t::utc(2024, 1, 10, 11),
                                               t::utc(2024, 1, 10, 12)));
    CPPUNIT_ASSERT(!caldav::ical::overlapsRange(dueOnly.start, dueOnly.end,
                                                t::utc(2024, 1, 10, 12), t::utc(2024, 1, 10, 13)));
  }

  void testAllDayJournalCoversItsDay() {
    const Instance journal = expand("journal.ics").instances.at(0);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 5), journal.start);
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 6), journal.end);
    CPPUNIT_ASSERT(journal.isFloating);
  }

  void testFloatingZoneFollowsRfc5545GapAndOverlapRules() {
    const FloatingZone newYork = FloatingZone::fromIana("America/New_York");
    // RFC 5545 §3.3.5 examples: 01:30 on 4 Nov 2007 is EDT; 02:30 on 11 Mar 2007 is 03:30 EDT.
    CPPUNIT_ASSERT_EQUAL(t::utc(2007, 11, 4, 5, 30), newYork.toUtc(t::utc(2007, 11, 4, 1, 30)));
    CPPUNIT_ASSERT_EQUAL(t::utc(2007, 3, 11, 7, 30), newYork.toUtc(t::utc(2007, 3, 11, 2, 30)));
    CPPUNIT_ASSERT_EQUAL(t::utc(2040, 7, 1, 13), newYork.toUtc(t::utc(2040, 7, 1, 9)));
    CPPUNIT_ASSERT_EQUAL(t::utc(2040, 7, 1, 9), newYork.toWallClock(t::utc(2040, 7, 1, 13)));
  }

  void testFloatingZoneFromVTimezoneText() {
    const std::string text = t::fixtureText("weekly-berlin.ics");
    const FloatingZone berlin = FloatingZone::fromVTimezone(text.substr(0, text.find("BEGIN:VEVENT")) +
                                                            "END:VCALENDAR\r\n");
    CPPUNIT_ASSERT_EQUAL(std::string("Europe/Berlin"), berlin.tzid());
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 1, 5, 8), berlin.toUtc(t::utc(2024, 1, 5, 9)));
    CPPUNIT_ASSERT_EQUAL(t::utc(2024, 7, 5, 7), berlin.toUtc(t::utc(2024, 7, 5, 9)));
    CPPUNIT_ASSERT_THROW(FloatingZone::fromIana("Nowhere/Special"), InvalidCalendar);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExpansionTest);
