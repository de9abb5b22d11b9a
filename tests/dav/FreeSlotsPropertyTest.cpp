// Property (issue 12 item 5): the free-slots REPORT says exactly which bookings a PUT accepts.
// For a random booking policy, random existing bookings, events in another opaque calendar
// (some transparent or cancelled) and random working hours (VAVAILABILITY), driven through the
// dispatcher on each backend: a PUT of a new booking [s, s + d) into the booking calendar is
// accepted if and only if [s, s + d] lies inside one FREE period of the REPORT for duration d
// (for starts s with [s, s + d] inside the REPORT's range). The starts tried are the edges of
// the FREE periods, a minute either side of them, and random ones on a 15-minute grid.
//
// The existing bookings are stored before booking-rules-enabled is set, so they may overlap or
// break the policy: the property must hold whatever is stored. Each case starts from two empty
// calendars of one store (a fresh store per case would cost more than the case).
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include "support/PropertyCheck.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace caldav::dav::testing;

namespace {

constexpr std::int64_t kQuarter = 900;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kBase = 1700438400;  // 2023-11-20T00:00:00Z, a Monday
const std::string kBook = "/calendars/alice/book/";
const std::string kOther = "/calendars/alice/other/";

// 100 cases on SQLite, 25 on PostgreSQL (each case is about 25 requests).
int caseCount() {
  const char* backend = std::getenv("CALDAV_TEST_STORAGE");
  return backend && std::string(backend) == "postgresql" ? 25 : 100;
}

std::string utcText(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

std::int64_t parseUtc(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &tm)) return -1;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string booking(const std::string& uid, std::int64_t start, std::int64_t end, const std::string& extra = "") {
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:" + uid +
              "\nDTSTAMP:20231101T000000Z\nDTSTART:" + utcText(start) + "\nDTEND:" + utcText(end) + "\n" + extra +
              "END:VEVENT\nEND:VCALENDAR\n");
}

// Available every day from `from` to `to` o'clock UTC.
std::string workingHours(int from, int to) {
  auto hour = [](int h) { return (h < 10 ? "0" : "") + std::to_string(h) + "0000Z"; };
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VAVAILABILITY\nUID:hours\n"
              "DTSTAMP:20231101T000000Z\nDTSTART:20231101T000000Z\nBEGIN:AVAILABLE\nUID:hours-1\n"
              "DTSTAMP:20231101T000000Z\nDTSTART:20231101T" + hour(from) + "\nDTEND:20231101T" + hour(to) +
              "\nRRULE:FREQ=DAILY\nEND:AVAILABLE\nEND:VAVAILABILITY\nEND:VCALENDAR\n");
}

struct Period {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

std::vector<Period> freePeriods(const std::string& answer) {
  std::vector<Period> out;
  const std::string prefix = "FREEBUSY;FBTYPE=FREE:";
  for (auto at = answer.find(prefix); at != std::string::npos; at = answer.find(prefix, at)) {
    at += prefix.size();
    const std::string value = answer.substr(at, answer.find("\r\n", at) - at);
    const auto slash = value.find('/');
    out.push_back({parseUtc(value.substr(0, slash)), parseUtc(value.substr(slash + 1))});
  }
  return out;
}

// How often the PUTs were accepted and refused: the property is worth something only if both
// happen often.
struct Tally {
  int accepted = 0;
  int refused = 0;
};

class Case {
 public:
  Case(DispatcherFixture& fixture, const caldav::test::Pick& pick, Tally& tally)
      : fixture_(fixture), pick_(pick), tally_(tally) {}

  bool run(std::string& failure) {
    fixture_.now_ = kBase - kDay;  // the existing bookings are stored in the past's future
    for (const auto& calendar : {kBook, kOther}) {
      fixture_.call("DELETE", calendar);
      if (fixture_.call("MKCALENDAR", calendar).status != 201) return fail(failure, "MKCALENDAR " + calendar);
    }
    for (int i = pick_(0, 5); i > 0; --i) {
      const std::int64_t start = kBase + pick_(0, 3 * 96) * kQuarter;
      const std::string extra = pick_(0, 5) == 0 ? "STATUS:CANCELLED\n" : pick_(0, 5) == 0 ? "STATUS:TENTATIVE\n" : "";
      if (!store(kBook + "b" + std::to_string(i) + ".ics",
                 booking("b" + std::to_string(i), start, start + pick_(1, 8) * kQuarter, extra), failure)) {
        return false;
      }
    }
    for (int i = pick_(0, 3); i > 0; --i) {
      const std::int64_t start = kBase + pick_(0, 3 * 96) * kQuarter;
      const std::string extra = pick_(0, 3) == 0 ? "TRANSP:TRANSPARENT\n" : "";
      if (!store(kOther + "o" + std::to_string(i) + ".ics",
                 booking("o" + std::to_string(i), start, start + pick_(1, 8) * kQuarter, extra), failure)) {
        return false;
      }
    }
    if (pick_(0, 1) && !store(kOther + "hours.ics", workingHours(pick_(6, 10), pick_(14, 20)), failure)) return false;
    if (!enablePolicy(failure)) return false;

    fixture_.now_ = kBase + pick_(0, 48) * kQuarter;
    const std::int64_t duration = pick_(1, 8) * kQuarter;
    const std::int64_t rangeStart = kBase + pick_(0, 96) * kQuarter;
    const std::int64_t rangeEnd = rangeStart + pick_(4, 192) * kQuarter;
    auto answer = fixture_.call(
        "REPORT", kBook,
        "<B:free-slots xmlns:B=\"urn:caldavd:booking\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"" +
            utcText(rangeStart) + "\" end=\"" + utcText(rangeEnd) + "\"/><B:duration>PT" +
            std::to_string(duration / 60) + "M</B:duration></B:free-slots>");
    if (answer.status != 200) return fail(failure, "REPORT answered " + std::to_string(answer.status) + answer.body);
    const auto free = freePeriods(answer.body);
    log_ += "now " + utcText(fixture_.now_) + ", range " + utcText(rangeStart) + "/" + utcText(rangeEnd) + ", duration " +
            std::to_string(duration) + "\n" + answer.body;

    std::vector<std::int64_t> starts;
    for (const auto& p : free) {
      for (std::int64_t s : {p.start, p.start - 60, p.end - duration, p.end - duration + 60}) starts.push_back(s);
    }
    for (int i = 0; i < 3; ++i) starts.push_back(rangeStart + pick_(0, 192) * kQuarter);
    std::erase_if(starts, [&](std::int64_t s) { return s < rangeStart || s + duration > rangeEnd; });
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    if (starts.size() > 8) starts.resize(8);
    for (std::int64_t s : starts) {
      const bool inside = std::any_of(free.begin(), free.end(),
                                      [&](const Period& p) { return p.start <= s && s + duration <= p.end; });
      const std::string path = kBook + "probe.ics";
      auto put = fixture_.call("PUT", path, booking("probe", s, s + duration), {{"Content-Type", "text/calendar"}});
      if ((put.status == 201) != inside) {
        return fail(failure, log_ + "PUT " + utcText(s) + "/" + utcText(s + duration) + " answered " +
                                 std::to_string(put.status) + " " + put.body + "; inside a FREE period: " +
                                 (inside ? "yes" : "no"));
      }
      if (put.status == 201) {
        ++tally_.accepted;
        fixture_.call("DELETE", path);
      } else {
        ++tally_.refused;
      }
    }
    return true;
  }

 private:
  bool store(const std::string& path, const std::string& body, std::string& failure) {
    auto response = fixture_.call("PUT", path, body, {{"Content-Type", "text/calendar"}});
    log_ += "PUT " + path + " " + std::to_string(response.status) + "\n" + body;
    return response.status == 201 || fail(failure, log_ + response.body);
  }

  bool enablePolicy(std::string& failure) {
    std::vector<std::pair<std::string, std::string>> values{{"booking-rules-enabled", "true"}};
    const char* quarters[] = {"PT0S", "PT15M", "PT30M"};
    values.push_back({"buffer-before", quarters[pick_(0, 2)]});
    values.push_back({"buffer-after", quarters[pick_(0, 2)]});
    if (pick_(0, 1)) values.push_back({"min-notice", pick_(0, 1) ? "PT30M" : "PT2H"});
    if (pick_(0, 1)) values.push_back({"max-advance", pick_(0, 1) ? "PT12H" : "P1D"});
    if (pick_(0, 2) == 0) values.push_back({"min-duration", "PT30M"});
    if (pick_(0, 2) == 0) values.push_back({"max-duration", "PT1H"});
    if (pick_(0, 1)) values.push_back({"max-bookings-per-day", std::to_string(pick_(1, 2))});
    std::string body = "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:B=\"urn:caldavd:booking\"><D:set><D:prop>";
    for (const auto& [name, value] : values) {
      body += "<B:" + name + ">" + value + "</B:" + name + ">";
      log_ += name + "=" + value + " ";
    }
    log_ += "\n";
    auto response = fixture_.call("PROPPATCH", kBook, body + "</D:prop></D:set></D:propertyupdate>");
    if (response.status != 207 || XmlQuery(response.body).propStatus(kBook, "urn:caldavd:booking", "booking-rules-enabled") != 200) {
      return fail(failure, "PROPPATCH " + response.body);
    }
    return true;
  }

  static bool fail(std::string& failure, const std::string& why) {
    failure = why;
    return false;
  }

  DispatcherFixture& fixture_;
  const caldav::test::Pick& pick_;
  Tally& tally_;
  std::string log_;
};

}  // namespace

class FreeSlotsPropertyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FreeSlotsPropertyTest);
  CPPUNIT_TEST(testPutIsAcceptedExactlyInsideFreePeriods);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPutIsAcceptedExactlyInsideFreePeriods() {
    DispatcherFixture fixture;
    Tally tally;
    caldav::test::checkProperty(
        "free-slots FREE periods are exactly the accepted bookings", 512,
        [&](const caldav::test::Pick& pick, std::string& failure) { return Case(fixture, pick, tally).run(failure); },
        caseCount());
    const std::string counts =
        std::to_string(tally.accepted) + " accepted, " + std::to_string(tally.refused) + " refused";
    CPPUNIT_ASSERT_MESSAGE(counts, tally.accepted >= caseCount() && tally.refused >= caseCount());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FreeSlotsPropertyTest);
