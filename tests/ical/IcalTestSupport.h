#pragma once
// Helpers shared by the ical tests: fixtures and readable UTC instants.

#include "ical/CalendarObject.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace caldav::ical::test {

inline std::string fixtureText(const std::string& name) {
  std::ifstream in(std::string(CALDAV_ICAL_FIXTURES) + "/" + name, std::ios::binary);
  if (!in) {
    throw std::runtime_error("missing fixture " + name);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline CalendarObject fixture(const std::string& name) {
  return CalendarObject::parse(fixtureText(name));
}

// Unix seconds of a UTC date-time.
inline std::int64_t utc(int year, int month, int day, int hour = 0, int minute = 0,
                        int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm));
}

// Rules for tests: everything supported, horizon at the start of 2026.
inline ValidationRules testRules() {
  ValidationRules rules;
  rules.supportedComponents = {ComponentKind::Event, ComponentKind::Todo, ComponentKind::Journal};
  rules.horizonEnd = utc(2026, 1, 1);
  return rules;
}

// Runs `work` in a child process and returns its exit code; -1 if it has not ended within
// `limit` (the child is then killed), -2 if it crashed. A hang or a crash in the code under test
// thus fails one test instead of stopping the run (and cannot hold a libical lock for the rest).
inline int exitCodeWithin(std::chrono::milliseconds limit, const std::function<int()>& work) {
  const pid_t child = fork();
  if (child == 0) {
    int code = 100;
    try {
      code = work();
    } catch (...) {
      code = 101;
    }
    _exit(code);
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      return -1;
    }
    usleep(10000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
}

}  // namespace caldav::ical::test
