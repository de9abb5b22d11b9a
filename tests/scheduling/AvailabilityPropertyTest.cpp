// Property: unavailablePeriods and isAvailable say, minute by minute, what RFC 7953 §4 says.
// Random objects with 1-3 VAVAILABILITY components (PRIORITY with ties, BUSYTYPE, bounds by
// DTEND or DURATION or none) holding 0-3 AVAILABLE (DTEND or DURATION, FREQ=DAILY with COUNT
// and INTERVAL, EXDATE), all in UTC, are parsed and evaluated over three days; an independent
// reference computes every instance by arithmetic and decides each minute on its own: no
// component containing it = available; else among the best-ranked ones containing it, available
// if one has an AVAILABLE instance containing it, otherwise the strongest BUSYTYPE.
// RapidCheck when available (fixed seed via RC_PARAMS unless set), else a seeded generator.
#include "SchedulingTestSupport.h"

#include "scheduling/freebusy/Availability.h"

#include <cppunit/extensions/HelperMacros.h>

#include "support/PropertyCheck.h"


#include <cstdlib>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

using caldav::ical::CalendarObject;
using caldav::scheduling::BusyType;
using caldav::scheduling::UnavailablePeriod;
namespace t = caldav::scheduling::test;

namespace {

using caldav::test::Pick;
using caldav::test::checkProperty;

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kQuarter = 15 * kMinute;
constexpr std::int64_t kDay = 86400;
const std::int64_t kRangeStart = t::utc(2026, 3, 2);
const std::int64_t kRangeEnd = kRangeStart + 3 * kDay;

struct Interval {
  std::int64_t start = 0;
  std::int64_t end = 0;
  bool contains(std::int64_t t) const { return start <= t && t < end; }
};

struct Component {
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> end;
  int priority = 0;
  std::optional<BusyType> busyType;  // std::nullopt: no BUSYTYPE property
  std::vector<Interval> instances;   // of all its AVAILABLE, as the reference computes them
  std::string text;
};

std::string utcText(std::int64_t seconds) {
  const std::time_t tt = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

std::string durationText(std::int64_t seconds) { return "PT" + std::to_string(seconds / kMinute) + "M"; }

// One AVAILABLE starting up to a day before the range, 15 min to 12 h long, maybe daily.
std::string makeAvailable(const Pick& pick, int index, std::vector<Interval>& instances) {
  const std::int64_t start = kRangeStart - kDay + pick(0, 4 * 96) * kQuarter;
  const std::int64_t length = pick(1, 48) * kQuarter;
  std::string text = "BEGIN:AVAILABLE\r\nUID:available-" + std::to_string(index) +
                     "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:" + utcText(start) + "\r\n";
  text += pick(0, 1) == 0 ? "DTEND:" + utcText(start + length) + "\r\n" : "DURATION:" + durationText(length) + "\r\n";
  int count = 1;
  int interval = 1;
  std::optional<int> excluded;
  if (pick(0, 2) != 0) {
    count = pick(2, 5);
    interval = pick(1, 2);
    text += "RRULE:FREQ=DAILY;COUNT=" + std::to_string(count) + (interval > 1 ? ";INTERVAL=2" : "") + "\r\n";
    if (pick(0, 2) == 0) {
      excluded = pick(0, count - 1);
      text += "EXDATE:" + utcText(start + *excluded * interval * kDay) + "\r\n";
    }
  }
  for (int i = 0; i < count; ++i) {
    if (i != excluded) {
      const std::int64_t s = start + i * interval * kDay;
      instances.push_back({s, s + length});
    }
  }
  return text + "END:AVAILABLE\r\n";
}

Component makeComponent(const Pick& pick, int index) {
  static const int kPriorities[] = {0, 1, 2, 5, 9};
  static const char* const kBusyTypes[] = {"BUSY-UNAVAILABLE", "BUSY", "BUSY-TENTATIVE"};
  Component c;
  c.text = "BEGIN:VAVAILABILITY\r\nUID:availability-" + std::to_string(index) + "\r\nDTSTAMP:20260101T000000Z\r\n";
  if (pick(0, 2) != 0) {
    c.start = kRangeStart - kDay + pick(0, 4 * 96) * kQuarter;
    c.text += "DTSTART:" + utcText(*c.start) + "\r\n";
    if (pick(0, 2) != 0) {
      c.end = *c.start + pick(1, 3 * 96) * kQuarter;
      c.text += pick(0, 1) == 0 ? "DTEND:" + utcText(*c.end) + "\r\n"
                                : "DURATION:" + durationText(*c.end - *c.start) + "\r\n";
    }
  }
  c.priority = kPriorities[pick(0, 4)];
  if (c.priority != 0 || pick(0, 1) == 0) {
    c.text += "PRIORITY:" + std::to_string(c.priority) + "\r\n";
  }
  if (pick(0, 3) != 0) {
    const int type = pick(0, 2);
    c.busyType = static_cast<BusyType>(type);  // same order as kBusyTypes
    c.text += std::string("BUSYTYPE:") + kBusyTypes[type] + "\r\n";
  }
  const int available = pick(0, 3);
  for (int i = 0; i < available; ++i) {
    c.text += makeAvailable(pick, index * 10 + i, c.instances);
  }
  c.text += "END:VAVAILABILITY\r\n";
  return c;
}

int rankOf(int priority) { return priority == 0 ? 10 : priority; }
int strengthOf(BusyType type) { return type == BusyType::Busy ? 3 : type == BusyType::Unavailable ? 2 : 1; }

// The reference: std::nullopt if minute `m` is available, else its type.
std::optional<BusyType> referenceAt(const std::vector<Component>& components, std::int64_t m) {
  int best = 0;
  for (const Component& c : components) {
    if (c.start.value_or(m) <= m && m < c.end.value_or(m + 1) && (best == 0 || rankOf(c.priority) < best)) {
      best = rankOf(c.priority);
    }
  }
  if (best == 0) return std::nullopt;
  std::optional<BusyType> type;
  for (const Component& c : components) {
    if (!(c.start.value_or(m) <= m && m < c.end.value_or(m + 1)) || rankOf(c.priority) != best) continue;
    for (const Interval& i : c.instances) {
      if (i.contains(m)) return std::nullopt;
    }
    const BusyType own = c.busyType.value_or(BusyType::Unavailable);
    if (!type || strengthOf(own) > strengthOf(*type)) type = own;
  }
  return type;
}

std::optional<BusyType> modelAt(const std::vector<UnavailablePeriod>& periods, std::int64_t m) {
  for (const UnavailablePeriod& p : periods) {
    if (p.start <= m && m < p.end) return p.type;
  }
  return std::nullopt;
}

std::string describe(const std::vector<UnavailablePeriod>& periods) {
  std::string text;
  for (const UnavailablePeriod& p : periods) {
    text += "[" + utcText(p.start) + "," + utcText(p.end) + ")" + std::to_string(static_cast<int>(p.type)) + " ";
  }
  return text;
}

bool holds(const Pick& pick, std::string& failure) {
  std::vector<Component> components;
  const int count = pick(1, 3);
  for (int i = 0; i < count; ++i) components.push_back(makeComponent(pick, i));
  // All components in one object, or one object each: the result must not depend on it.
  std::vector<std::string> texts;
  const bool oneObject = pick(0, 1) == 0;
  for (const Component& c : components) {
    if (oneObject && !texts.empty()) {
      texts.back() += c.text;
    } else {
      texts.push_back(c.text);
    }
  }
  std::vector<CalendarObject> objects;
  std::vector<const CalendarObject*> pointers;
  for (const std::string& body : texts) {
    objects.push_back(CalendarObject::parse("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + body +
                                            "END:VCALENDAR\r\n"));
  }
  for (const CalendarObject& o : objects) pointers.push_back(&o);
  const auto periods =
      caldav::scheduling::unavailablePeriods(pointers, kRangeStart, kRangeEnd, caldav::ical::FloatingZone::utc());

  failure = std::string(oneObject ? "one object" : "one object each") + "\n";
  for (const std::string& text : texts) failure += text + "---\n";
  failure += "periods: " + describe(periods) + "\n";
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const bool inRange =
        periods[i].start >= kRangeStart && periods[i].end <= kRangeEnd && periods[i].start < periods[i].end;
    const bool ordered = i == 0 || periods[i - 1].end < periods[i].start ||
                         (periods[i - 1].end == periods[i].start && periods[i - 1].type != periods[i].type);
    if (!inRange || !ordered) {
      failure += "periods not sorted, disjoint, merged and within the range";
      return false;
    }
  }
  std::vector<bool> availableMinute;
  for (std::int64_t m = kRangeStart; m < kRangeEnd; m += kMinute) {
    const std::optional<BusyType> expected = referenceAt(components, m);
    if (modelAt(periods, m) != expected) {
      failure += "disagrees at " + utcText(m);
      return false;
    }
    availableMinute.push_back(!expected);
  }
  for (int query = 0; query < 20; ++query) {
    const int a = pick(0, static_cast<int>(availableMinute.size()) - 1);
    const int b = std::min<int>(static_cast<int>(availableMinute.size()), a + pick(1, 8 * 60));
    bool expected = true;
    for (int m = a; m < b; ++m) expected = expected && availableMinute[static_cast<std::size_t>(m)];
    if (caldav::scheduling::isAvailable(periods, kRangeStart + a * kMinute, kRangeStart + b * kMinute) != expected) {
      failure += "isAvailable disagrees for [" + utcText(kRangeStart + a * kMinute) + "," +
                 utcText(kRangeStart + b * kMinute) + ")";
      return false;
    }
  }
  return true;
}


}  // namespace

class AvailabilityPropertyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AvailabilityPropertyTest);
  CPPUNIT_TEST(testUnavailablePeriodsFollowThePriorityRuleMinuteByMinute);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUnavailablePeriodsFollowThePriorityRuleMinuteByMinute() {
    checkProperty("unavailablePeriods == minute-by-minute RFC 7953 §4", 7953, holds);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvailabilityPropertyTest);
