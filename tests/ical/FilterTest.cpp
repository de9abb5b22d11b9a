// matches(): RFC 4791 §9.7 filters with §9.9 time ranges, collations and negation.
#include "IcalTestSupport.h"

#include "ical/Filter.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::ical::Collation;
using caldav::ical::CompFilter;
using caldav::ical::FloatingZone;
using caldav::ical::ParamFilter;
using caldav::ical::PropFilter;
using caldav::ical::TextMatch;
using caldav::ical::TimeRange;
using caldav::ical::whyFilterCannotApply;
namespace t = caldav::ical::test;

namespace {

CompFilter calendarWith(CompFilter component) {
  CompFilter vcalendar;
  vcalendar.name = "VCALENDAR";
  vcalendar.compFilters.push_back(std::move(component));
  return vcalendar;
}

CompFilter component(const std::string& name, std::optional<std::int64_t> start,
                     std::optional<std::int64_t> end) {
  CompFilter filter;
  filter.name = name;
  filter.timeRange = TimeRange{start, end};
  return filter;
}

CompFilter named(const std::string& name) {
  CompFilter filter;
  filter.name = name;
  return filter;
}

bool matchesRange(const std::string& fixture, const std::string& name,
                  std::optional<std::int64_t> start,
                  std::optional<std::int64_t> end, const FloatingZone& zone = FloatingZone::utc()) {
  return caldav::ical::matches(t::fixture(fixture), calendarWith(component(name, start, end)), zone);
}

CompFilter eventWithProp(PropFilter prop) {
  CompFilter event;
  event.name = "VEVENT";
  event.propFilters.push_back(std::move(prop));
  return calendarWith(event);
}

PropFilter summaryContains(const std::string& text, Collation collation, bool isNegated = false) {
  PropFilter prop;
  prop.name = "SUMMARY";
  prop.textMatch = TextMatch{text, collation, isNegated};
  return prop;
}

}  // namespace

class FilterTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FilterTest);
  CPPUNIT_TEST(testRecurringEventMatchesWhenAnInstanceOverlaps);
  CPPUNIT_TEST(testRangeEndIsExclusiveAndStartInclusive);
  CPPUNIT_TEST(testFloatingEventIsPlacedInTheCalendarZone);
  CPPUNIT_TEST(testExdatedAndMovedInstancesDoNotMatchTheirOldSlot);
  CPPUNIT_TEST(testOpenEndedRangeFindsFutureInstances);
  CPPUNIT_TEST(testTodoWithOnlyDueUsesInclusiveEnd);
  CPPUNIT_TEST(testAllDayJournalMatchesItsDay);
  CPPUNIT_TEST(testAlarmTriggerTimeRange);
  CPPUNIT_TEST(testTextMatchCollationsAndNegation);
  CPPUNIT_TEST(testUnicodeCasemapFoldsNonAscii);
  CPPUNIT_TEST(testIsNotDefinedForComponentsAndProperties);
  CPPUNIT_TEST(testParamFilterMatchesParameterValue);
  CPPUNIT_TEST(testPropertyTimeRange);
  CPPUNIT_TEST(testOverrideWithPropFilterMatchesOnlyThatInstance);
  CPPUNIT_TEST(testTimeRangeOnAComponentWithoutTimeCannotApply);
  CPPUNIT_TEST(testTimeRangeOnAPropertyWithoutDateValueCannotApply);
  CPPUNIT_TEST(testComponentWhereItNeverOccursCannotApply);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRecurringEventMatchesWhenAnInstanceOverlaps() {
    CPPUNIT_ASSERT(matchesRange("weekly-berlin.ics", "VEVENT", t::utc(2024, 10, 28, 8, 30),
                                t::utc(2024, 10, 28, 8, 45)));
    CPPUNIT_ASSERT(!matchesRange("weekly-berlin.ics", "VEVENT", t::utc(2024, 10, 28, 10),
                                 t::utc(2024, 11, 4, 8)));
    CPPUNIT_ASSERT(!matchesRange("weekly-berlin.ics", "VTODO", t::utc(2024, 1, 1), t::utc(2025, 1, 1)));
  }

  void testRangeEndIsExclusiveAndStartInclusive() {
    // Instance [08:00Z, 09:00Z) on 25 March.
    CPPUNIT_ASSERT(!matchesRange("weekly-berlin.ics", "VEVENT", t::utc(2024, 3, 25, 7),
                                 t::utc(2024, 3, 25, 8)));
    CPPUNIT_ASSERT(!matchesRange("weekly-berlin.ics", "VEVENT", t::utc(2024, 3, 25, 9),
                                 t::utc(2024, 3, 25, 10)));
    CPPUNIT_ASSERT(matchesRange("weekly-berlin.ics", "VEVENT", t::utc(2024, 3, 25, 8, 59),
                                t::utc(2024, 3, 25, 10)));
  }

  void testFloatingEventIsPlacedInTheCalendarZone() {
    const FloatingZone berlin = FloatingZone::fromIana("Europe/Berlin");
    // 09:00 floating on 1 April is 07:00Z in Berlin, 09:00Z in UTC.
    CPPUNIT_ASSERT(matchesRange("weekly-floating.ics", "VEVENT", t::utc(2024, 4, 1, 7),
                                t::utc(2024, 4, 1, 7, 15), berlin));
    CPPUNIT_ASSERT(!matchesRange("weekly-floating.ics", "VEVENT", t::utc(2024, 4, 1, 7),
                                 t::utc(2024, 4, 1, 7, 15)));
  }

  void testExdatedAndMovedInstancesDoNotMatchTheirOldSlot() {
    CPPUNIT_ASSERT(!matchesRange("overrides.ics", "VEVENT", t::utc(2024, 1, 15, 8), t::utc(2024, 1, 15, 9)));
    CPPUNIT_ASSERT(!matchesRange("overrides.ics", "VEVENT", t::utc(2024, 1, 22, 8), t::utc(2024, 1, 22, 9)));
    CPPUNIT_ASSERT(matchesRange("overrides.ics", "VEVENT", t::utc(2024, 1, 24, 13), t::utc(2024, 1, 24, 14)));
  }

  void testOpenEndedRangeFindsFutureInstances() {
    CPPUNIT_ASSERT(matchesRange("infinite-daily.ics", "VEVENT", t::utc(2031, 6, 1), std::nullopt));
    CPPUNIT_ASSERT(!matchesRange("rdate.ics", "VEVENT", t::utc(2024, 2, 1), std::nullopt));
    CPPUNIT_ASSERT(matchesRange("rdate.ics", "VEVENT", std::nullopt, t::utc(2024, 1, 5, 10)));
  }

  void testTodoWithOnlyDueUsesInclusiveEnd() {
    // RFC 4791 §9.9 VTODO with DUE only: (start < DUE) AND (end >= DUE).
    CPPUNIT_ASSERT(matchesRange("todo-due-only.ics", "VTODO", t::utc(2024, 1, 10, 11), t::utc(2024, 1, 10, 12)));
    CPPUNIT_ASSERT(!matchesRange("todo-due-only.ics", "VTODO", t::utc(2024, 1, 10, 12), t::utc(2024, 1, 10, 13)));
  }

  void testAllDayJournalMatchesItsDay() {
    CPPUNIT_ASSERT(matchesRange("journal.ics", "VJOURNAL", t::utc(2024, 1, 5, 23), t::utc(2024, 1, 6)));
    CPPUNIT_ASSERT(!matchesRange("journal.ics", "VJOURNAL", t::utc(2024, 1, 6), t::utc(2024, 1, 7)));
  }

  void testAlarmTriggerTimeRange() {
    CompFilter alarm = component("VALARM", t::utc(2024, 1, 6, 8, 40), t::utc(2024, 1, 6, 8, 50));
    CompFilter event;
    event.name = "VEVENT";
    event.compFilters.push_back(alarm);
    CPPUNIT_ASSERT(caldav::ical::matches(t::fixture("alarm.ics"), calendarWith(event), FloatingZone::utc()));
    event.compFilters[0].timeRange = TimeRange{t::utc(2024, 1, 6, 9), t::utc(2024, 1, 6, 10)};
    CPPUNIT_ASSERT(!caldav::ical::matches(t::fixture("alarm.ics"), calendarWith(event), FloatingZone::utc()));
    event.compFilters[0].timeRange = TimeRange{t::utc(2024, 1, 8, 8, 40), t::utc(2024, 1, 8, 8, 50)};
    CPPUNIT_ASSERT(!caldav::ical::matches(t::fixture("alarm.ics"), calendarWith(event), FloatingZone::utc()));
  }

  void testTextMatchCollationsAndNegation() {
    const auto object = t::fixture("valid-event.ics");
    const FloatingZone utc = FloatingZone::utc();
    CPPUNIT_ASSERT(matches(object, eventWithProp(summaryContains("TEAM", Collation::AsciiCasemap)), utc));
    CPPUNIT_ASSERT(!matches(object, eventWithProp(summaryContains("TEAM", Collation::Octet)), utc));
    CPPUNIT_ASSERT(matches(object, eventWithProp(summaryContains("Team", Collation::Octet)), utc));
    CPPUNIT_ASSERT(!matches(object, eventWithProp(summaryContains("team", Collation::AsciiCasemap, true)), utc));
    CPPUNIT_ASSERT(matches(object, eventWithProp(summaryContains("lunch", Collation::AsciiCasemap, true)), utc));
    CPPUNIT_ASSERT(caldav::ical::collationFromName("i;unicode-casemap") == Collation::UnicodeCasemap);
    CPPUNIT_ASSERT(!caldav::ical::collationFromName("i;basic"));
  }

  void testUnicodeCasemapFoldsNonAscii() {
    const auto object = t::fixture("unicode.ics");
    const FloatingZone utc = FloatingZone::utc();
    CPPUNIT_ASSERT(matches(object, eventWithProp(summaryContains("köln", Collation::UnicodeCasemap)), utc));
    CPPUNIT_ASSERT(!matches(object, eventWithProp(summaryContains("köln", Collation::AsciiCasemap)), utc));
    CPPUNIT_ASSERT(matches(object, eventWithProp(summaryContains("GRÜSSE", Collation::UnicodeCasemap)), utc) ||
                   matches(object, eventWithProp(summaryContains("GRÜẞE", Collation::UnicodeCasemap)), utc) ||
                   matches(object, eventWithProp(summaryContains("grüße", Collation::UnicodeCasemap)), utc));
  }

  void testIsNotDefinedForComponentsAndProperties() {
    const auto object = t::fixture("valid-event.ics");
    const FloatingZone utc = FloatingZone::utc();
    CompFilter noTodo;
    noTodo.name = "VTODO";
    noTodo.isNotDefined = true;
    CPPUNIT_ASSERT(matches(object, calendarWith(noTodo), utc));
    noTodo.name = "VEVENT";
    CPPUNIT_ASSERT(!matches(object, calendarWith(noTodo), utc));
    PropFilter noLocation;
    noLocation.name = "LOCATION";
    noLocation.isNotDefined = true;
    CPPUNIT_ASSERT(matches(object, eventWithProp(noLocation), utc));
    noLocation.name = "SUMMARY";
    CPPUNIT_ASSERT(!matches(object, eventWithProp(noLocation), utc));
  }

  void testParamFilterMatchesParameterValue() {
    const auto object = t::fixture("alarm.ics");
    const FloatingZone utc = FloatingZone::utc();
    PropFilter attendee;
    attendee.name = "ATTENDEE";
    attendee.paramFilters.push_back(ParamFilter{"PARTSTAT", false, TextMatch{"accepted", Collation::AsciiCasemap, false}});
    CPPUNIT_ASSERT(matches(object, eventWithProp(attendee), utc));
    attendee.paramFilters[0].textMatch->text = "DECLINED";
    CPPUNIT_ASSERT(!matches(object, eventWithProp(attendee), utc));
    attendee.paramFilters[0] = ParamFilter{"ROLE", true, std::nullopt};
    CPPUNIT_ASSERT(matches(object, eventWithProp(attendee), utc));
    attendee.paramFilters[0] = ParamFilter{"CN", false, TextMatch{"jane doe", Collation::AsciiCasemap, false}};
    CPPUNIT_ASSERT(matches(object, eventWithProp(attendee), utc));
  }

  void testPropertyTimeRange() {
    const auto object = t::fixture("valid-event.ics");
    PropFilter stamp;
    stamp.name = "DTSTAMP";
    stamp.timeRange = TimeRange{t::utc(2024, 1, 1), t::utc(2024, 1, 2)};
    CPPUNIT_ASSERT(matches(object, eventWithProp(stamp), FloatingZone::utc()));
    stamp.timeRange = TimeRange{t::utc(2024, 1, 2), std::nullopt};
    CPPUNIT_ASSERT(!matches(object, eventWithProp(stamp), FloatingZone::utc()));
  }

  void testOverrideWithPropFilterMatchesOnlyThatInstance() {
    CompFilter event = component("VEVENT", t::utc(2024, 1, 8), t::utc(2024, 1, 9));
    event.propFilters.push_back(summaryContains("Moved", Collation::AsciiCasemap));
    const auto object = t::fixture("overrides.ics");
    CPPUNIT_ASSERT(!matches(object, calendarWith(event), FloatingZone::utc()));
    event.timeRange = TimeRange{t::utc(2024, 1, 24), t::utc(2024, 1, 25)};
    CPPUNIT_ASSERT(matches(object, calendarWith(event), FloatingZone::utc()));
  }

  // RFC 4791 §7.8 CALDAV:valid-filter, §9.9: only components with a time can take a time-range.
  void testTimeRangeOnAComponentWithoutTimeCannotApply() {
    CompFilter vcalendar = calendarWith(component("VEVENT", t::utc(2024, 1, 1), std::nullopt));
    CPPUNIT_ASSERT(!whyFilterCannotApply(vcalendar));
    vcalendar.timeRange = TimeRange{t::utc(2024, 1, 1), std::nullopt};
    CPPUNIT_ASSERT(whyFilterCannotApply(vcalendar));
    CPPUNIT_ASSERT(whyFilterCannotApply(calendarWith(component("VTIMEZONE", t::utc(2024, 1, 1), std::nullopt))));
    CompFilter timezone = named("VTIMEZONE");
    timezone.compFilters.push_back(component("daylight", std::nullopt, t::utc(2024, 1, 1)));
    CPPUNIT_ASSERT(whyFilterCannotApply(calendarWith(timezone)));
    for (const char* name : {"VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY", "X-THING"}) {
      CPPUNIT_ASSERT_MESSAGE(name, !whyFilterCannotApply(calendarWith(component(name, t::utc(2024, 1, 1), std::nullopt))));
    }
  }

  // §9.9 defines a property time-range for date-times only; never for a text or number.
  void testTimeRangeOnAPropertyWithoutDateValueCannotApply() {
    PropFilter prop;
    prop.timeRange = TimeRange{t::utc(2024, 1, 1), t::utc(2024, 1, 2)};
    for (const char* name : {"SUMMARY", "uid", "DESCRIPTION", "SEQUENCE", "RRULE", "DURATION"}) {
      prop.name = name;
      CPPUNIT_ASSERT_MESSAGE(name, whyFilterCannotApply(eventWithProp(prop)));
    }
    for (const char* name : {"DTSTART", "dtend", "DUE", "COMPLETED", "CREATED", "DTSTAMP", "LAST-MODIFIED",
                             "RECURRENCE-ID", "EXDATE", "RDATE", "TRIGGER", "FREEBUSY", "X-MY-DATE", "NEWPROP"}) {
      prop.name = name;
      CPPUNIT_ASSERT_MESSAGE(name, !whyFilterCannotApply(eventWithProp(prop)));
    }
    // Text-only tests on text properties stay valid.
    CPPUNIT_ASSERT(!whyFilterCannotApply(eventWithProp(summaryContains("x", Collation::Octet))));
  }

  // §7.8's own example is VEVENT inside VTODO; RFC 5545 §3.6 places every known component.
  void testComponentWhereItNeverOccursCannotApply() {
    auto nested = [](const std::string& outer, const std::string& inner) {
      CompFilter parent = named(outer);
      parent.compFilters.push_back(named(inner));
      return calendarWith(parent);
    };
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("VTODO", "VEVENT")));
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("VEVENT", "VEVENT")));
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("VEVENT", "VTIMEZONE")));
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("VEVENT", "VCALENDAR")));
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("VJOURNAL", "VALARM")));
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("VEVENT", "STANDARD")));
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("VTODO", "AVAILABLE")));
    CPPUNIT_ASSERT(whyFilterCannotApply(calendarWith(named("VALARM"))));
    CPPUNIT_ASSERT(!whyFilterCannotApply(nested("VEVENT", "VALARM")));
    CPPUNIT_ASSERT(!whyFilterCannotApply(nested("vtodo", "valarm")));
    CPPUNIT_ASSERT(!whyFilterCannotApply(nested("VTIMEZONE", "STANDARD")));
    CPPUNIT_ASSERT(!whyFilterCannotApply(nested("VAVAILABILITY", "AVAILABLE")));
    CPPUNIT_ASSERT(!whyFilterCannotApply(nested("VEVENT", "X-CHILD")));
    CPPUNIT_ASSERT(!whyFilterCannotApply(nested("X-PARENT", "X-CHILD")));
    CPPUNIT_ASSERT(whyFilterCannotApply(nested("X-PARENT", "VEVENT")));  // VEVENT only in VCALENDAR
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FilterTest);
