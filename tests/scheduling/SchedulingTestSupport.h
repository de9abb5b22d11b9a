#pragma once
// Helpers shared by the scheduling tests: the ical tests' fixtures and readable UTC instants.

#include "ical/IcalTestSupport.h"

namespace caldav::scheduling::test {

using ical::test::fixture;
using ical::test::utc;

}  // namespace caldav::scheduling::test
