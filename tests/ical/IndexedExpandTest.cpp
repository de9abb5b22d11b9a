// CALDAV:expand from the instance index (ical/IndexedExpand): the exact text written for
// zoned, overridden and all-day series, and the objects it leaves to libical.
#include "IcalTestSupport.h"

#include "NormalizedCalendar.h"

#include "ical/IndexedExpand.h"
#include "ical/Instances.h"
#include "ical/Output.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::ical;
namespace t = caldav::ical::test;
using caldav::ical::test::normalizedCalendar;

namespace {

// The indexed instances of `text` (as stored on PUT) that overlap [a, b) in UTC.
std::vector<Instance> indexed(const std::string& text, std::int64_t a, std::int64_t b) {
  const InstanceSet set = expandInstances(CalendarObject::parse(text), t::utc(2030, 1, 1), 1000);
  std::vector<Instance> out;
  for (const Instance& i : set.instances) {
    if (overlapsRange(i.start, i.end, a, b)) out.push_back(i);
  }
  return out;
}

std::optional<std::string> fromIndex(const std::string& text, std::int64_t a, std::int64_t b) {
  const auto instances = indexed(text, a, b);
  std::vector<IndexedInstance> selected;
  for (const Instance& i : instances) selected.push_back({i.start, i.end, i.recurrenceId, i.source});
  return expandedTextFromIndex(text, selected);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace

class IndexedExpandTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(IndexedExpandTest);
  CPPUNIT_TEST(testZonedSeriesWithOverrideBecomesUtcInstances);
  CPPUNIT_TEST(testAllDaySeriesKeepsDates);
  CPPUNIT_TEST(testDurationBecomesDtendAndAlarmsAndFoldsStay);
  CPPUNIT_TEST(testNonRecurringEventOnlyLosesItsTimezone);
  CPPUNIT_TEST(testLeavesWhatItCannotRewriteToLibical);
  CPPUNIT_TEST(testLargeObjectThenSmallOne);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testZonedSeriesWithOverrideBecomesUtcInstances() {
    const std::string text = t::fixtureText("overrides.ics");
    const auto out = fromIndex(text, t::utc(2024, 1, 20), t::utc(2024, 1, 30));
    CPPUNIT_ASSERT(out.has_value());
    // 22 Jan moved to the 24th by its override; 29 Jan overridden in place (cancelled).
    CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//tests//EN\r\n"
                                     "BEGIN:VEVENT\r\nUID:overrides\r\nDTSTAMP:20240101T000000Z\r\n"
                                     "DTSTART:20240124T130000Z\r\nDTEND:20240124T140000Z\r\nSUMMARY:Moved\r\n"
                                     "RECURRENCE-ID:20240122T080000Z\r\nEND:VEVENT\r\n"
                                     "BEGIN:VEVENT\r\nUID:overrides\r\nDTSTAMP:20240101T000000Z\r\n"
                                     "DTSTART:20240129T080000Z\r\nDTEND:20240129T090000Z\r\nSTATUS:CANCELLED\r\n"
                                     "SUMMARY:Cancelled one\r\nRECURRENCE-ID:20240129T080000Z\r\nEND:VEVENT\r\n"
                                     "END:VCALENDAR\r\n"),
                         *out);
    // The master's instances (EXDATE applied) across the DST change of 31 March.
    const auto master = fromIndex(t::fixtureText("weekly-berlin.ics"), t::utc(2024, 3, 25), t::utc(2024, 4, 2));
    CPPUNIT_ASSERT(master.has_value());
    CPPUNIT_ASSERT(master->find("DTSTART:20240325T080000Z\r\nDTEND:20240325T090000Z\r\n") != std::string::npos);
    CPPUNIT_ASSERT(master->find("DTSTART:20240401T070000Z\r\nDTEND:20240401T080000Z\r\n") != std::string::npos);
    CPPUNIT_ASSERT(master->find("RECURRENCE-ID:20240401T070000Z\r\n") != std::string::npos);
    CPPUNIT_ASSERT(master->find("RRULE") == std::string::npos && master->find("TZID") == std::string::npos);
    CalendarObject::parse(*master);
  }

  void testAllDaySeriesKeepsDates() {
    const auto out = fromIndex(t::fixtureText("allday-yearly.ics"), t::utc(2024, 2, 1), t::utc(2024, 3, 2));
    CPPUNIT_ASSERT(out.has_value());
    // 2020-02-29 yearly: the next instance is 2024-02-29.
    CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//tests//EN\r\n"
                                     "BEGIN:VEVENT\r\nUID:birthday\r\nDTSTAMP:20240101T000000Z\r\n"
                                     "DTSTART;VALUE=DATE:20240229\r\nTRANSP:TRANSPARENT\r\nSUMMARY:Birthday\r\n"
                                     "RECURRENCE-ID;VALUE=DATE:20240229\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
                         *out);
  }

  void testDurationBecomesDtendAndAlarmsAndFoldsStay() {
    const std::string text =
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//y//EN\nBEGIN:VEVENT\nUID:d\nDTSTAMP:20240101T000000Z\n"
        "DTSTART;X-A=\"q;:\";TZID=America/New_York:20240310T013000\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=3\n"
        "DESCRIPTION:folded\n  here\nBEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:a\nTRIGGER:-PT5M\nEND:VALARM\n"
        "END:VEVENT\nEND:VCALENDAR\n";
    const auto out = fromIndex(text, t::utc(2024, 3, 10), t::utc(2024, 3, 11, 12));
    CPPUNIT_ASSERT(out.has_value());
    // 10 March 01:30 EST is 06:30Z; on the 11th (EDT) 05:30Z. Other parameters stay; LF becomes CRLF.
    CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
                                     "BEGIN:VEVENT\r\nUID:d\r\nDTSTAMP:20240101T000000Z\r\n"
                                     "DTSTART;X-A=\"q;:\":20240310T063000Z\r\nDESCRIPTION:folded\r\n  here\r\n"
                                     "DTEND:20240310T073000Z\r\nRECURRENCE-ID:20240310T063000Z\r\n"
                                     "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:a\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
                                     "END:VEVENT\r\n"
                                     "BEGIN:VEVENT\r\nUID:d\r\nDTSTAMP:20240101T000000Z\r\n"
                                     "DTSTART;X-A=\"q;:\":20240311T053000Z\r\nDESCRIPTION:folded\r\n  here\r\n"
                                     "DTEND:20240311T063000Z\r\nRECURRENCE-ID:20240311T053000Z\r\n"
                                     "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:a\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
                                     "END:VEVENT\r\nEND:VCALENDAR\r\n"),
                         *out);
  }

  void testNonRecurringEventOnlyLosesItsTimezone() {
    const std::string single = replaced(t::fixtureText("weekly-berlin.ics"), "RRULE:FREQ=WEEKLY;COUNT=40\r\n", "");
    const auto out = fromIndex(single, t::utc(2024, 1, 1), t::utc(2025, 1, 1));
    CPPUNIT_ASSERT(out.has_value());
    CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//tests//EN\r\n"
                                     "BEGIN:VEVENT\r\nUID:weekly-berlin\r\nDTSTAMP:20240101T000000Z\r\n"
                                     "DTSTART:20240304T080000Z\r\nDTEND:20240304T090000Z\r\nSUMMARY:Standup\r\n"
                                     "END:VEVENT\r\nEND:VCALENDAR\r\n"),
                         *out);
    // Outside the range: an empty calendar, as libical's expansion gives.
    const auto none = fromIndex(single, t::utc(2025, 1, 1), t::utc(2026, 1, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//tests//EN\r\n"
                                     "END:VCALENDAR\r\n"),
                         *none);
  }

  void testLeavesWhatItCannotRewriteToLibical() {
    const std::int64_t a = t::utc(2024, 1, 1);
    const std::int64_t b = t::utc(2025, 1, 1);
    CPPUNIT_ASSERT(!fromIndex(t::fixtureText("todo.ics"), a, b));          // not a VEVENT
    CPPUNIT_ASSERT(!fromIndex(t::fixtureText("rdate.ics"), a, b));         // RDATE;VALUE=PERIOD
    CPPUNIT_ASSERT(!fromIndex(t::fixtureText("thisandfuture.ics"), a, b));  // RANGE=THISANDFUTURE
    const std::string berlin = t::fixtureText("weekly-berlin.ics");
    const std::string zonedOther = replaced(berlin, "SUMMARY:Standup", "X-WHEN;TZID=Europe/Berlin:20240304T090000");
    CPPUNIT_ASSERT(!fromIndex(zonedOther, a, b));  // a zoned time the index does not hold
    // An RDATE of another kind than DTSTART: libical gives that instance a DATE DTSTART.
    const std::string dateRdate = replaced(berlin, "SUMMARY:Standup", "RDATE;VALUE=DATE:20240307");
    CPPUNIT_ASSERT(!fromIndex(dateRdate, t::utc(2024, 3, 6), t::utc(2024, 3, 9)));
    const std::string both = replaced(berlin, "SUMMARY:Standup", "DURATION:PT1H");
    CPPUNIT_ASSERT(!expandedTextFromIndex(both, {{a, a, "", 1}}));
    // Sources the index cannot vouch for: unknown (-1), out of range, a VTIMEZONE.
    for (int source : {-1, 2, 0}) {
      CPPUNIT_ASSERT(!expandedTextFromIndex(berlin, {{a, a + 3600, "20240101T080000Z", source}}));
    }
    CPPUNIT_ASSERT(expandedTextFromIndex(berlin, {{a, a + 3600, "20240101T080000Z", 1}}).has_value());
    // Appending: a decline after the first instance leaves what was there before, and only that.
    std::string answer = "<before>";
    CPPUNIT_ASSERT(!appendExpandedTextFromIndex(answer, berlin,
                                                {{a, a + 3600, "20240101T080000Z", 1}, {a, a + 3600, "", 0}}));
    CPPUNIT_ASSERT_EQUAL(std::string("<before>"), answer);
    CPPUNIT_ASSERT(appendExpandedTextFromIndex(answer, berlin, {{a, a + 3600, "20240101T080000Z", 1}}));
    CPPUNIT_ASSERT_EQUAL("<before>" + *expandedTextFromIndex(berlin, {{a, a + 3600, "20240101T080000Z", 1}}), answer);
    CPPUNIT_ASSERT(!expandedTextFromIndex("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", {}));  // not closed
  }
  // The per-thread line buffers: an object of thousands of lines is rewritten as libical
  // would, and the next, small one is not confused by what the big one left.
  void testLargeObjectThenSmallOne() {
    std::string big = t::fixtureText("weekly-berlin.ics");
    std::string attendees;
    for (int i = 0; i < 6000; ++i) {
      attendees += "ATTENDEE;CN=Guest " + std::to_string(i) + ";PARTSTAT=NEEDS-ACTION:mailto:g" + std::to_string(i) +
                   "@example.com\r\n";
    }
    big = replaced(big, "SUMMARY:Standup\r\n", "SUMMARY:Standup\r\n" + attendees);
    const std::int64_t a = t::utc(2024, 3, 25);
    const std::int64_t b = t::utc(2024, 4, 2);
    const auto out = fromIndex(big, a, b);
    CPPUNIT_ASSERT(out.has_value());
    CPPUNIT_ASSERT_EQUAL(normalizedCalendar(expandedText(CalendarObject::parse(big), a, b, FloatingZone::utc())),
                         normalizedCalendar(*out));
    const std::string small = t::fixtureText("overrides.ics");
    const auto next = fromIndex(small, t::utc(2024, 1, 20), t::utc(2024, 1, 30));
    CPPUNIT_ASSERT(next.has_value());
    CPPUNIT_ASSERT_EQUAL(normalizedCalendar(expandedText(CalendarObject::parse(small), t::utc(2024, 1, 20),
                                                         t::utc(2024, 1, 30), FloatingZone::utc())),
                         normalizedCalendar(*next));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IndexedExpandTest);
