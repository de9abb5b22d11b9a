#include "scheduling/write/ScheduleTag.h"

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>

namespace caldav::scheduling {
namespace {

std::string randomHex() {
  static std::mutex mutex;
  static std::mt19937_64 engine{std::random_device{}()};
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    high = engine();
    low = engine();
  }
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(high),
                static_cast<unsigned long long>(low));
  return text;
}

}  // namespace

std::string newScheduleTag() { return "\"" + randomHex() + "\""; }

std::string newResourceName() { return randomHex() + ".ics"; }

}  // namespace caldav::scheduling
