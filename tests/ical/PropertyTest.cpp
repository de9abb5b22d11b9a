// Property: the instance index answers VEVENT time-range queries exactly as a full evaluation
// does. For random recurring events (frequency, interval, COUNT/UNTIL/none, BYDAY, EXDATEs,
// overrides incl. THISANDFUTURE, zones UTC/Berlin/New York/floating) and random ranges,
// "an indexed instance, placed in the calendar zone, overlaps [a, b)" must equal matches()
// with a VEVENT time-range filter; where libical's own icalcomponent_foreach_recurrence can
// serve as an independent oracle (zoned, no overrides) it must agree too.
// RapidCheck when available (fixed seed via RC_PARAMS unless set), else a seeded generator.
#include "IcalTestSupport.h"
#include "NormalizedCalendar.h"

#include "ical/Filter.h"
#include "ical/IndexedExpand.h"
#include "ical/Instances.h"
#include "ical/Output.h"

#include <cppunit/extensions/HelperMacros.h>

#include "support/PropertyCheck.h"


#include <libical/ical.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <vector>

using namespace caldav::ical;
namespace t = caldav::ical::test;

namespace {

using caldav::test::Pick;
using caldav::test::checkProperty;

const char* const kZones[] = {"UTC", "Europe/Berlin", "America/New_York", ""};
const char* const kFreqs[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
const char* const kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr std::int64_t kHorizon = 1811808000;  // 2027-06-01T00:00:00Z

std::string wall(std::int64_t seconds, bool isDate) {
  const std::time_t tt = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, isDate ? "%Y%m%d" : "%Y%m%dT%H%M%S", &tm);
  return buffer;
}

struct Case {
  std::string ics;
  int zone = 0;  // index into kZones; 3 = floating
  bool hasOverrides = false;
  bool hasByDay = false;  // DTSTART may then be outside the rule, which RFC 5545 leaves undefined
  bool isAllDay = false;
  std::int64_t a = 0;
  std::int64_t b = 0;
  int queryZone = 0;  // calendar zone for floating values: 0 UTC, 1 Berlin, 2 New York
};

struct TimeLine {
  int zone;
  bool isAllDay;
  std::string line(const std::string& name, std::int64_t local, const std::string& params = "") const {
    if (isAllDay) {
      return name + params + ";VALUE=DATE:" + wall(local, true) + "\r\n";
    }
    if (zone == 0) {
      return name + params + ":" + wall(local, false) + "Z\r\n";
    }
    if (zone == 3) {
      return name + params + ":" + wall(local, false) + "\r\n";
    }
    return name + params + ";TZID=" + kZones[zone] + ":" + wall(local, false) + "\r\n";
  }
};

std::string ruleOf(const Pick& pick, int freq, std::int64_t start, bool isAllDay, bool& hasByDay) {
  std::string rule = std::string("RRULE:FREQ=") + kFreqs[freq];
  const int interval = pick(1, 3);
  if (interval > 1) {
    rule += ";INTERVAL=" + std::to_string(interval);
  }
  const int end = pick(0, 2);
  if (end == 0) {
    rule += ";COUNT=" + std::to_string(pick(1, 30));
  } else if (end == 1) {
    const std::int64_t until = start + pick(1, 500) * std::int64_t{86400};
    rule += ";UNTIL=" + (isAllDay ? wall(until, true) : wall(until, false) + "Z");
  }
  hasByDay = freq == 1 && pick(0, 2) == 0;
  if (hasByDay) {
    std::string days;
    for (int d = 0; d < 7; ++d) {
      if (pick(0, 2) == 0 || (d == 6 && days.empty())) {
        days += (days.empty() ? "" : ",") + std::string(kDays[d]);
      }
    }
    rule += ";BYDAY=" + days;
  }
  return rule + "\r\n";
}

Case makeCase(const Pick& pick) {
  Case c;
  c.zone = pick(0, 3);
  c.isAllDay = pick(0, 9) == 0;
  const TimeLine tl{c.zone, c.isAllDay};
  const std::int64_t day = t::utc(2024, 1, 1) + pick(0, 500) * std::int64_t{86400};
  const std::int64_t start = c.isAllDay ? day : day + pick(0, 23) * 3600 + pick(0, 1) * 1800;
  const std::int64_t length = c.isAllDay ? pick(1, 3) * 86400 : pick(0, 6) * 1800;
  std::string master = "BEGIN:VEVENT\r\nUID:prop\r\nDTSTAMP:20240101T000000Z\r\n";
  master += tl.line("DTSTART", start);
  master += pick(0, 1) == 0 ? tl.line("DTEND", start + length)
                            : "DURATION:PT" + std::to_string(length / 60) + "M\r\n";
  const int freq = pick(0, 3);
  bool hasByDay = false;
  master += ruleOf(pick, freq, start, c.isAllDay, hasByDay);
  const std::int64_t step = (freq == 1 ? 7 : 1) * std::int64_t{86400};
  for (int i = pick(0, 3); i > 0; --i) {
    master += tl.line("EXDATE", start + pick(0, 12) * step);
  }
  std::string overrides;
  std::set<int> used;
  if (freq <= 1 && !hasByDay && !c.isAllDay && master.find("INTERVAL") == std::string::npos) {
    for (int i = pick(0, 2); i > 0; --i) {
      const int k = pick(1, 10);
      if (!used.insert(k).second) {
        continue;
      }
      const std::int64_t rid = start + k * step;
      const std::int64_t moved = rid + pick(-48, 48) * 3600;
      const std::string range = pick(0, 3) == 0 ? ";RANGE=THISANDFUTURE" : "";
      overrides += "BEGIN:VEVENT\r\nUID:prop\r\nDTSTAMP:20240101T000000Z\r\n" +
                   tl.line("RECURRENCE-ID", rid, range) + tl.line("DTSTART", moved) +
                   tl.line("DTEND", moved + pick(0, 4) * 1800) + "END:VEVENT\r\n";
    }
  }
  c.hasOverrides = !overrides.empty();
  c.hasByDay = hasByDay;
  c.ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//property//EN\r\n" + master +
          "END:VEVENT\r\n" + overrides + "END:VCALENDAR\r\n";
  // Half of the ranges start near the series (minutes apart), half anywhere in three years.
  c.a = pick(0, 1) == 0 ? start - 2 * 86400 + pick(0, 60 * 24 * 90) * std::int64_t{60}
                        : t::utc(2024, 1, 1) + pick(0, 3 * 365 * 24) * std::int64_t{3600};
  c.b = c.a + (pick(0, 1) == 0 ? pick(1, 180) : pick(1, 60 * 24 * 20)) * std::int64_t{60};
  c.queryZone = pick(0, 2);
  return c;
}

FloatingZone zoneFor(int index) {
  return index == 0 ? FloatingZone::utc() : FloatingZone::fromIana(kZones[index]);
}

bool indexAnswer(const InstanceSet& set, const FloatingZone& zone, std::int64_t a, std::int64_t b) {
  for (const Instance& i : set.instances) {
    const Instance placed = resolveFloating(i, zone);
    if (overlapsRange(placed.start, placed.end, a, b)) {
      return true;
    }
  }
  return false;
}

// Independent oracle: libical's own recurrence walk (RRULE, RDATE, EXDATE; no overrides).
bool libicalAnswer(const CalendarObject& object, std::int64_t a, std::int64_t b) {
  icalcomponent* event = icalcomponent_get_first_component(object.root(), ICAL_VEVENT_COMPONENT);
  struct Query {
    std::int64_t a, b;
    bool found;
  } query{a, b, false};
  const icaltimetype from = icaltime_from_timet_with_zone(a - 5 * 86400, 0, icaltimezone_get_utc_timezone());
  const icaltimetype to = icaltime_from_timet_with_zone(b + 86400, 0, icaltimezone_get_utc_timezone());
  icalcomponent_foreach_recurrence(
      event, from, to,
      [](icalcomponent*, struct icaltime_span* span, void* data) {
        auto* q = static_cast<Query*>(data);
        q->found = q->found || overlapsRange(span->start, span->end, q->a, q->b);
      },
      &query);
  return query.found;
}

// The object `ics` as a PUT stores it (validated, indexed up to kHorizon), or nothing when the
// case does not apply: the object is refused, or the range ends past what the index holds.
struct Indexed {
  CalendarObject object;
  InstanceSet set;
};
std::optional<Indexed> indexedCase(const std::string& ics, std::int64_t rangeEnd) {
  try {
    CalendarObject object = CalendarObject::parse(ics);
    ValidationRules rules = t::testRules();
    rules.horizonEnd = kHorizon;
    object.validateAsResource(rules);
    InstanceSet set = expandInstances(object, kHorizon, rules.maxInstances);
    if (rangeEnd > set.indexedUntil) return std::nullopt;
    return Indexed{std::move(object), std::move(set)};
  } catch (const InvalidCalendar&) {
    return std::nullopt;
  }
}

// Returns false (and describes the case) when the answers disagree; true if they agree or the
// case is not applicable (rejected object, range past the index).
bool checkCase(const Case& c, std::string& failure) {
  auto indexed = indexedCase(c.ics, c.b);
  if (!indexed) return true;
  const CalendarObject& object = indexed->object;
  const InstanceSet& set = indexed->set;
  const FloatingZone zone = zoneFor(c.queryZone);
  CompFilter event;
  event.name = "VEVENT";
  event.timeRange = TimeRange{c.a, c.b};
  CompFilter calendar;
  calendar.name = "VCALENDAR";
  calendar.compFilters.push_back(event);
  const bool fromIndex = indexAnswer(set, zone, c.a, c.b);
  const bool fromFilter = matches(object, calendar, zone);
  bool agrees = fromIndex == fromFilter;
  if (agrees && !c.hasOverrides && !c.hasByDay && c.zone != 3 && !c.isAllDay) {
    agrees = libicalAnswer(object, c.a, c.b) == fromIndex;
  }
  if (!agrees) {
    failure = "index=" + std::to_string(fromIndex) + " filter=" + std::to_string(fromFilter) +
              " range=[" + std::to_string(c.a) + "," + std::to_string(c.b) + ") zone=" +
              std::to_string(c.queryZone) + "\n" + c.ics;
  }
  return agrees;
}

// What expand cases add to a generated series: the variations the text rewrite must carry
// through unchanged (alarms, folded and escaped text, LF line breaks) or handle (no RRULE).
std::string decorate(const Pick& pick, std::string ics) {
  const std::size_t masterEnd = ics.find("END:VEVENT\r\n");
  std::string extra;
  if (pick(0, 2) == 0) {
    extra += "DESCRIPTION:A long description\\, with commas\\; semicolons and a line folded in the middle of\r\n"
             "  a word that goes on and on\r\n";
  }
  if (pick(0, 2) == 0) {
    extra += "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n";
  }
  ics.insert(masterEnd, extra);
  if (pick(0, 4) == 0 && ics.find("RECURRENCE-ID") == std::string::npos) {  // not recurring at all
    const std::size_t rule = ics.find("RRULE:");
    ics.erase(rule, ics.find("\r\n", rule) + 2 - rule);
    for (std::size_t exdate; (exdate = ics.find("EXDATE")) != std::string::npos;) {
      ics.erase(exdate, ics.find("\r\n", exdate) + 2 - exdate);
    }
  }
  if (pick(0, 3) == 0) {  // LF line breaks
    for (std::size_t cr; (cr = ics.find('\r')) != std::string::npos;) ics.erase(cr, 1);
  }
  return ics;
}

// expandedTextFromIndex (on the instances the index holds) against expandedText (libical).
bool checkExpandCase(const Case& c, const std::string& ics, std::string& failure) {
  auto indexed = indexedCase(ics, c.b);
  if (!indexed) return true;
  const CalendarObject& object = indexed->object;
  const InstanceSet& set = indexed->set;
  const FloatingZone zone = zoneFor(c.queryZone);
  std::vector<IndexedInstance> selected;
  for (const Instance& i : set.instances) {
    const Instance placed = resolveFloating(i, zone);
    if (overlapsRange(placed.start, placed.end, c.a, c.b)) {
      selected.push_back({i.start, i.end, i.recurrenceId, i.source});
    }
  }
  const auto fast = expandedTextFromIndex(ics, selected);
  // THISANDFUTURE overrides are left to libical (when one of their instances is asked for);
  // everything else the generator makes must be answered from the index.
  const bool mayDecline = ics.find("RANGE=THISANDFUTURE") != std::string::npos;
  const std::string expected = expandedText(object, c.a, c.b, zone);
  if (fast ? t::normalizedCalendar(*fast) != t::normalizedCalendar(expected) : !mayDecline) {
    failure = "range=[" + std::to_string(c.a) + "," + std::to_string(c.b) + ") zone=" + std::to_string(c.queryZone) +
              "\n" + ics + "\n--- libical:\n" + expected + "\n--- from the index:\n" + fast.value_or("(declined)");
    return false;
  }
  return true;
}


}  // namespace

class PropertyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PropertyTest);
  CPPUNIT_TEST(testIndexAnswersTimeRangeQueriesLikeFullEvaluation);
  CPPUNIT_TEST(testExpandFromIndexEqualsFullExpansion);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testIndexAnswersTimeRangeQueriesLikeFullEvaluation() {
    checkProperty("index == matches()", 4791, [](const Pick& pick, std::string& failure) {
      return checkCase(makeCase(pick), failure);
    });
  }

  // RFC 4791 §9.6.5 expand answered from the index (ical/IndexedExpand) says what libical's
  // full expansion says, for random series in UTC, Berlin, New York and floating time.
  void testExpandFromIndexEqualsFullExpansion() {
    checkProperty("expandedTextFromIndex == expandedText", 6638, [](const Pick& pick, std::string& failure) {
      const Case c = makeCase(pick);
      return checkExpandCase(c, decorate(pick, c.ics), failure);
    });
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PropertyTest);
