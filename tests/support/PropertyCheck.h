#pragma once
// The one runner of the property tests (ical, scheduling): RapidCheck when it is installed
// (seeded, shrinking a failing case), else a seeded generator, 300 cases (or as many as a costly property asks for) either way.

#include <cppunit/extensions/HelperMacros.h>

#ifdef CALDAV_HAVE_RAPIDCHECK
#include <rapidcheck.h>
#endif

#include <cstdlib>
#include <functional>
#include <random>
#include <string>

namespace caldav::test {

// A source of random choices: uniform in [lo, hi].
using Pick = std::function<int(int, int)>;

// Runs `holds(pick, failure)` on `cases` random cases (300 unless a costly property asks for
// fewer); `failure` describes a failing case. `seed` seeds RapidCheck (RC_PARAMS from the
// environment wins) or the fallback generator.
inline void checkProperty(const char* name, unsigned seed, const std::function<bool(const Pick&, std::string&)>& holds,
                          int cases = 300) {
#ifdef CALDAV_HAVE_RAPIDCHECK
  const std::string params = "seed=" + std::to_string(seed) + " max_success=" + std::to_string(cases) +
                             " verbose_progress=0";
  setenv("RC_PARAMS", params.c_str(), 0);
  const bool passed = rc::check(name, [&holds] {
    const Pick pick = [](int lo, int hi) { return *rc::gen::inRange(lo, hi + 1); };
    std::string failure;
    const bool agrees = holds(pick, failure);
    RC_LOG() << failure;
    RC_ASSERT(agrees);
  });
  CPPUNIT_ASSERT(passed);
#else
  (void)name;
  std::mt19937 random(seed);
  for (int i = 0; i < cases; ++i) {
    const Pick pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
    std::string failure;
    CPPUNIT_ASSERT_MESSAGE(failure, holds(pick, failure));
  }
#endif
}

}  // namespace caldav::test
