// busyPeriods(): clips to the range, sorts by start (merging the few sorted runs the index
// hands over, or sorting outright) and merges overlapping or touching periods. Checked
// against the busy seconds of seeded random input with 1 to 40 sorted runs. withoutPeriods():
// the time of one merged list that another does not cover, against the same seconds.
#include "scheduling/freebusy/BusyPeriods.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <random>
#include <vector>

using caldav::scheduling::Period;
using caldav::scheduling::busyPeriods;
using caldav::scheduling::withoutPeriods;

namespace {

// The busy time of small inputs second by second: which seconds of [start, end) some period
// covers, read back as maximal runs. Independent of busyPeriods' sort-and-merge.
std::vector<Period> reference(const std::vector<Period>& periods, std::int64_t start, std::int64_t end) {
  std::vector<bool> busy(static_cast<std::size_t>(std::max<std::int64_t>(end - start, 0)), false);
  for (const auto& p : periods) {
    for (std::int64_t t = std::max(p.start, start); t < std::min(p.end, end); ++t) {
      busy[static_cast<std::size_t>(t - start)] = true;
    }
  }
  std::vector<Period> runs;
  for (std::size_t i = 0; i < busy.size(); ++i) {
    if (!busy[i]) continue;
    if (i > 0 && busy[i - 1]) {
      runs.back().end += 1;
    } else {
      runs.push_back({start + static_cast<std::int64_t>(i), start + static_cast<std::int64_t>(i) + 1});
    }
  }
  return runs;
}

bool same(const std::vector<Period>& a, const std::vector<Period>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const Period& x, const Period& y) {
           return x.start == y.start && x.end == y.end;
         });
}

}  // namespace

class BusyPeriodsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BusyPeriodsTest);
  CPPUNIT_TEST(testMergesOverlappingAndTouching);
  CPPUNIT_TEST(testSortedRunsGiveWhatASortGives);
  CPPUNIT_TEST(testWithoutPeriodsKeepsTheUncoveredTime);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testMergesOverlappingAndTouching() {
    // Two runs (as two span classes would give), clipped to [100, 1000).
    auto busy = busyPeriods({{50, 150}, {200, 300}, {300, 400}, {900, 2000}, {120, 250}, {500, 600}}, 100, 1000);
    CPPUNIT_ASSERT(same(busy, {{100, 400}, {500, 600}, {900, 1000}}));
    CPPUNIT_ASSERT(busyPeriods({}, 0, 10).empty());
    CPPUNIT_ASSERT(busyPeriods({{20, 30}, {0, 0}}, 0, 10).empty());
  }

  void testSortedRunsGiveWhatASortGives() {
    std::mt19937_64 random(20261122);
    for (int round = 0; round < 400; ++round) {
      const int runs = 1 + round % 40;
      std::vector<Period> periods;
      for (int r = 0; r < runs; ++r) {
        std::int64_t at = static_cast<std::int64_t>(random() % 5000);
        const int length = static_cast<int>(random() % 60);
        for (int i = 0; i < length; ++i) {
          at += static_cast<std::int64_t>(random() % 200);  // starts never decrease inside a run
          periods.push_back({at, at + static_cast<std::int64_t>(random() % 400)});
        }
      }
      const std::int64_t start = static_cast<std::int64_t>(random() % 3000);
      const std::int64_t end = start + static_cast<std::int64_t>(random() % 12000);
      CPPUNIT_ASSERT(same(busyPeriods(periods, start, end), reference(periods, start, end)));
    }
  }

  void testWithoutPeriodsKeepsTheUncoveredTime() {
    CPPUNIT_ASSERT(same(withoutPeriods({{0, 100}, {200, 300}}, {{10, 20}, {90, 210}, {250, 260}}),
                        {{0, 10}, {20, 90}, {210, 250}, {260, 300}}));
    CPPUNIT_ASSERT(same(withoutPeriods({{0, 100}}, {}), {{0, 100}}));
    CPPUNIT_ASSERT(withoutPeriods({{10, 20}}, {{0, 100}}).empty());
    CPPUNIT_ASSERT(withoutPeriods({}, {{0, 100}}).empty());
    std::mt19937_64 random(20261205);
    for (int round = 0; round < 400; ++round) {
      const auto randomPeriods = [&random] {
        std::vector<Period> periods;
        for (int i = static_cast<int>(random() % 30); i > 0; --i) {
          const auto at = static_cast<std::int64_t>(random() % 3000);
          periods.push_back({at, at + static_cast<std::int64_t>(random() % 300)});
        }
        return busyPeriods(periods, 0, 3000);
      };
      const auto periods = randomPeriods();
      const auto covered = randomPeriods();
      // Expected: the seconds of `periods` minus those of `covered`, as runs.
      std::vector<Period> expected;
      const auto coveredSeconds = reference(covered, 0, 3000);
      for (const auto& run : reference(periods, 0, 3000)) {
        for (std::int64_t t = run.start; t < run.end; ++t) {
          const bool isCovered = std::any_of(coveredSeconds.begin(), coveredSeconds.end(),
                                             [t](const Period& c) { return c.start <= t && t < c.end; });
          if (isCovered) continue;
          if (!expected.empty() && expected.back().end == t) {
            expected.back().end = t + 1;
          } else {
            expected.push_back({t, t + 1});
          }
        }
      }
      CPPUNIT_ASSERT(same(withoutPeriods(periods, covered), expected));
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BusyPeriodsTest);
