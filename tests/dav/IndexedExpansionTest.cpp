// dav/reports/IndexedExpansion: which objects the instance index can answer an expand for,
// and with which instances (the text written from them is ical/IndexedExpand's, tested in
// tests/ical). On the backend named by CALDAV_TEST_STORAGE.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"

#include "dav/reports/IndexedExpansion.h"
#include "ical/CalendarObject.h"
#include "scheduling/ObjectIndexer.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;
using caldav::dav::reports::IndexedExpansion;

namespace {

const std::string kCal = "/calendars/alice/calendar/";
constexpr std::int64_t kMarch18 = 1710720000;  // 2024-03-18T00:00:00Z
constexpr std::int64_t kDay = 86400;

}  // namespace

class IndexedExpansionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(IndexedExpansionTest);
  CPPUNIT_TEST(testInstancesOverlappingTheRangeWithTheirSources);
  CPPUNIT_TEST(testFloatingInstancesArePlacedInTheZone);
  CPPUNIT_TEST(testWhatTheIndexCannotAnswerFor);
  CPPUNIT_TEST(testTooManyInstancesInTheRangeLeaveTheCalendarToLibical);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    put("weekly.ics", berlinWeekly("weekly"));                                  // 09:00 Berlin from 03-18
    put("floating.ics", event("floating", "20240319T090000", "20240319T100000"));  // floating
    put("endless.ics", crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:endless\n"
                            "DTSTAMP:20240101T000000Z\nDTSTART:20240318T120000Z\nDTEND:20240318T130000Z\n"
                            "RRULE:FREQ=DAILY\nEND:VEVENT\nEND:VCALENDAR\n"));
  }
  void tearDown() override { fixture_.reset(); }

  void testInstancesOverlappingTheRangeWithTheirSources() {
    auto txn = fixture_->store().beginRead();
    IndexedExpansion expansion(*txn, kMarch18, kMarch18 + 14 * kDay);
    const auto* weekly = expansion.instancesOf(node(*txn, "weekly.ics"), caldav::ical::FloatingZone::utc());
    CPPUNIT_ASSERT(weekly);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, weekly->size());  // 03-18 and 03-25, 08:00Z
    CPPUNIT_ASSERT_EQUAL(kMarch18 + 8 * 3600, weekly->at(0).start);
    CPPUNIT_ASSERT_EQUAL(std::string("20240318T080000Z"), std::string(weekly->at(0).recurrenceId));
    CPPUNIT_ASSERT_EQUAL(1, weekly->at(0).source);  // after the VTIMEZONE
    CPPUNIT_ASSERT_EQUAL(kMarch18 + 7 * kDay + 8 * 3600, weekly->at(1).start);
    // The same rows serve a calendar-query over the same range, and only that range.
    CPPUNIT_ASSERT(expansion.rowsFor(kCal.substr(0, kCal.size() - 1), kMarch18, kMarch18 + 14 * kDay));
    CPPUNIT_ASSERT(!expansion.rowsFor(kCal.substr(0, kCal.size() - 1), kMarch18, kMarch18 + 7 * kDay));
  }

  void testFloatingInstancesArePlacedInTheZone() {
    auto txn = fixture_->store().beginRead();
    // 09:00 floating is 13:00Z in New York (EDT) and 09:00Z in UTC.
    const std::int64_t at13 = kMarch18 + kDay + 13 * 3600;
    IndexedExpansion expansion(*txn, at13, at13 + 1800);
    const auto newYork = caldav::ical::FloatingZone::fromIana("America/New_York");
    const auto* placed = expansion.instancesOf(node(*txn, "floating.ics"), newYork);
    CPPUNIT_ASSERT(placed);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, placed->size());
    const auto* inUtc = expansion.instancesOf(node(*txn, "floating.ics"), caldav::ical::FloatingZone::utc());
    CPPUNIT_ASSERT(inUtc);
    CPPUNIT_ASSERT(inUtc->empty());  // indexed (rows within the slack), none in the range
  }

  void testWhatTheIndexCannotAnswerFor() {
    // Indexed before instances knew their source (schema 4): the rows say -1.
    {
      auto txn = fixture_->store().beginWrite({"alice"});
      auto weekly = txn->findNode(kCal + "weekly.ics");
      auto index = caldav::scheduling::indexObject(caldav::ical::CalendarObject::parse(txn->readBody(weekly->id)),
                                                   fixture_->now_, caldav::scheduling::IndexPolicy{});
      for (auto& instance : index.instances) instance.source = -1;
      txn->setObjectIndex(weekly->id, index);
      txn->commit();
    }
    auto txn = fixture_->store().beginRead();
    const auto utc = caldav::ical::FloatingZone::utc();
    IndexedExpansion soon(*txn, kMarch18, kMarch18 + 14 * kDay);
    CPPUNIT_ASSERT(!soon.instancesOf(node(*txn, "weekly.ics"), utc));
    CPPUNIT_ASSERT(soon.instancesOf(node(*txn, "endless.ics"), utc));
    // Across the indexed horizon of an endless series (indexed two years ahead of "now"): it has
    // instances in the range, but not all of them are indexed.
    const std::int64_t horizon = fixture_->now_ + caldav::ical::kDefaultHorizonSeconds;
    IndexedExpansion across(*txn, horizon - 3 * kDay, horizon + 3 * kDay);
    CPPUNIT_ASSERT(!across.instancesOf(node(*txn, "endless.ics"), utc));
    IndexedExpansion before(*txn, horizon - 6 * kDay, horizon - 3 * kDay);
    CPPUNIT_ASSERT(before.instancesOf(node(*txn, "endless.ics"), utc));
    // Far past it: nothing indexed there at all.
    const std::int64_t farAway = fixture_->now_ + 10 * 366 * kDay;
    IndexedExpansion later(*txn, farAway, farAway + 7 * kDay);
    CPPUNIT_ASSERT(!later.instancesOf(node(*txn, "endless.ics"), utc));
    // No instance near the range at all: it may not be indexed, so the index does not answer.
    CPPUNIT_ASSERT(!later.instancesOf(node(*txn, "floating.ics"), utc));
  }

  void testTooManyInstancesInTheRangeLeaveTheCalendarToLibical() {
    auto txn = fixture_->store().beginRead();
    const auto utc = caldav::ical::FloatingZone::utc();
    // Two weeks hold 2 weekly + 1 floating + 14 daily instances (and a few more in the slack).
    IndexedExpansion roomy(*txn, kMarch18, kMarch18 + 14 * kDay, 100);
    CPPUNIT_ASSERT(roomy.instancesOf(node(*txn, "endless.ics"), utc));
    IndexedExpansion tight(*txn, kMarch18, kMarch18 + 14 * kDay, 10);
    CPPUNIT_ASSERT(!tight.instancesOf(node(*txn, "endless.ics"), utc));
    CPPUNIT_ASSERT(!tight.instancesOf(node(*txn, "weekly.ics"), utc));
    CPPUNIT_ASSERT(!tight.rowsFor(kCal.substr(0, kCal.size() - 1), kMarch18, kMarch18 + 14 * kDay));
  }

 private:
  void put(const std::string& name, const std::string& body) {
    auto response = fixture_->call("PUT", kCal + name, body, {{"Content-Type", "text/calendar"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(name + ": " + response.body, 201, response.status);
  }
  static caldav::storage::NodeRecord node(caldav::storage::ReadTransaction& txn, const std::string& name) {
    auto found = txn.findNode(kCal + name);
    CPPUNIT_ASSERT_MESSAGE(name, found.has_value());
    return *found;
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(IndexedExpansionTest);
