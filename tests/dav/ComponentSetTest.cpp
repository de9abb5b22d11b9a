// Component sets (RFC 4791 §5.2.3) and stored VFREEBUSY in free-busy-query (§7.10), in process.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace caldav::dav::testing;

namespace {

const std::string kCal = "/calendars/alice/calendar/";

std::string calendarWith(const std::string& component) {
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + component + "END:VCALENDAR\n");
}

std::string todo(const std::string& uid) {
  return calendarWith("BEGIN:VTODO\nUID:" + uid + "\nDTSTAMP:20240101T000000Z\nSUMMARY:todo\nEND:VTODO\n");
}

std::string journal(const std::string& uid) {
  return calendarWith("BEGIN:VJOURNAL\nUID:" + uid +
                      "\nDTSTAMP:20240101T000000Z\nDTSTART;VALUE=DATE:20240402\nSUMMARY:notes\nEND:VJOURNAL\n");
}

// A published VFREEBUSY (RFC 5545 §3.6.4) with `lines` as its FREEBUSY properties.
std::string freeBusy(const std::string& uid, const std::string& lines) {
  return calendarWith("BEGIN:VFREEBUSY\nUID:" + uid +
                      "\nDTSTAMP:20240101T000000Z\nDTSTART:20240401T000000Z\nDTEND:20240408T000000Z\n" + lines +
                      "END:VFREEBUSY\n");
}

// Office hours as RFC 7953 VAVAILABILITY: weekdays 09:00-17:00 UTC from 2024-04-01.
std::string availability(const std::string& uid) {
  return calendarWith("BEGIN:VAVAILABILITY\nUID:" + uid +
                      "\nDTSTAMP:20240101T000000Z\nDTSTART:20240401T000000Z\nBUSYTYPE:BUSY-UNAVAILABLE\n"
                      "BEGIN:AVAILABLE\nUID:" + uid + "-weekdays\nDTSTAMP:20240101T000000Z\n"
                      "DTSTART:20240401T090000Z\nDTEND:20240401T170000Z\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\n"
                      "SUMMARY:office hours\nEND:AVAILABLE\nEND:VAVAILABILITY\n");
}

std::string freeBusyQuery(const std::string& start, const std::string& end) {
  return "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"" + start +
         "\" end=\"" + end + "\"/></C:free-busy-query>";
}

// The lines of `lines`, sorted, one per line: set comparisons with readable failures.
std::string sorted(const std::set<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// The FREEBUSY lines of a free-busy answer (CRLF-separated), sorted.
std::string freeBusyLines(const std::string& text) {
  std::set<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find("\r\n", at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    if (line.rfind("FREEBUSY", 0) == 0) lines.insert(line);
    at = end + 2;
  }
  return sorted(lines);
}

}  // namespace

class ComponentSetTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ComponentSetTest);
  CPPUNIT_TEST(testTheDefaultCalendarAcceptsEveryComponentType);
  CPPUNIT_TEST(testACalendarMadeWithoutAComponentSetAcceptsEveryComponentType);
  CPPUNIT_TEST(testAComponentSetStillRestrictsItsCalendar);
  CPPUNIT_TEST(testStoredFreeBusyCountsWithItsBusyTypes);
  CPPUNIT_TEST(testStoredFreeBusyOutsideTheRangeAddsNothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  // The calendar every new user gets (dav/Provisioning.cpp) takes every kind, and says so.
  void testTheDefaultCalendarAcceptsEveryComponentType() {
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "event.ics", event("e", "20240402T120000Z", "20240402T130000Z")));
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "todo.ics", todo("t")));
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "journal.ics", journal("j")));
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "busy.ics", freeBusy("fb", "FREEBUSY:20240402T080000Z/20240402T090000Z\n")));
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "hours.ics", availability("av")));
    CPPUNIT_ASSERT_EQUAL(sorted({"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY"}),
                         sorted(advertisedComponents(kCal)));
  }

  void testACalendarMadeWithoutAComponentSetAcceptsEveryComponentType() {
    const std::string work = "/calendars/alice/work/";
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", work).status);
    CPPUNIT_ASSERT_EQUAL(201, put(work + "todo.ics", todo("t")));
    CPPUNIT_ASSERT_EQUAL(201, put(work + "journal.ics", journal("j")));
    CPPUNIT_ASSERT_EQUAL(201, put(work + "busy.ics", freeBusy("fb", "FREEBUSY:20240402T080000Z/20240402T090000Z\n")));
    CPPUNIT_ASSERT_EQUAL(201, put(work + "hours.ics", availability("av")));
    CPPUNIT_ASSERT_EQUAL(std::size_t(5), advertisedComponents(work).size());
    // What was stored comes back as it went in.
    auto stored = fixture_->call("GET", work + "hours.ics");
    CPPUNIT_ASSERT(stored.body.find("BEGIN:AVAILABLE") != std::string::npos);
  }

  void testAComponentSetStillRestrictsItsCalendar() {
    const std::string tasks = "/calendars/alice/tasks/";
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", tasks, mkcalendarForTasks()).status);
    CPPUNIT_ASSERT_EQUAL(201, put(tasks + "todo.ics", todo("t")));
    auto refused = fixture_->call("PUT", tasks + "busy.ics", freeBusy("fb", ""), {{"Content-Type", "text/calendar"}});
    CPPUNIT_ASSERT_EQUAL(403, refused.status);
    CPPUNIT_ASSERT(refused.body.find("supported-calendar-component") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(sorted({"VTODO"}), sorted(advertisedComponents(tasks)));
  }

  // RFC 4791 §7.10: FREEBUSY periods of stored VFREEBUSY components count with their FBTYPE
  // (none means BUSY; FREE adds nothing), clipped to the range and merged with event time.
  void testStoredFreeBusyCountsWithItsBusyTypes() {
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "busy.ics",
                                  freeBusy("fb", "FREEBUSY:20240402T080000Z/20240402T090000Z\n"
                                                 "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240402T170000Z/PT2H\n"
                                                 "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240402T140000Z/20240402T150000Z,"
                                                 "20240403T140000Z/20240403T150000Z\n"
                                                 "FREEBUSY;FBTYPE=FREE:20240402T100000Z/20240402T110000Z\n"
                                                 "FREEBUSY;FBTYPE=X-OUT-OF-OFFICE:20240402T230000Z/20240403T010000Z\n")));
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "meeting.ics", event("m", "20240402T083000Z", "20240402T093000Z")));
    auto response = fixture_->call("REPORT", kCal, freeBusyQuery("20240402T000000Z", "20240403T000000Z"), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(sorted({"FREEBUSY;FBTYPE=BUSY:20240402T080000Z/20240402T093000Z",
                                                "FREEBUSY;FBTYPE=BUSY:20240402T230000Z/20240403T000000Z",
                                                "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240402T170000Z/20240402T190000Z",
                                                "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240402T140000Z/20240402T150000Z"}),
                         freeBusyLines(response.body));
  }

  void testStoredFreeBusyOutsideTheRangeAddsNothing() {
    CPPUNIT_ASSERT_EQUAL(201, put(kCal + "busy.ics", freeBusy("fb", "FREEBUSY:20240402T080000Z/20240402T090000Z\n")));
    auto response = fixture_->call("REPORT", kCal, freeBusyQuery("20240404T000000Z", "20240405T000000Z"), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string(), freeBusyLines(response.body));
  }

 private:
  int put(const std::string& path, const std::string& body) {
    auto response = fixture_->call("PUT", path, body, {{"Content-Type", "text/calendar"}});
    CPPUNIT_ASSERT_MESSAGE(path + ": " + response.body, response.status < 300);
    return response.status;
  }

  // The comp names of the calendar's CALDAV:supported-calendar-component-set.
  std::set<std::string> advertisedComponents(const std::string& calendar) {
    auto response = fixture_->call("PROPFIND", calendar,
                                   "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>"
                                   "<C:supported-calendar-component-set/></D:prop></D:propfind>",
                                   {{"Depth", "0"}});
    XmlQuery answer(response.body);
    const auto* set = answer.prop(calendar, kCalDavNsForTests, "supported-calendar-component-set");
    CPPUNIT_ASSERT_MESSAGE(response.body, set);
    std::set<std::string> names;
    for (const auto* comp : set->elements()) names.insert(comp->attribute("name"));
    return names;
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(ComponentSetTest);
