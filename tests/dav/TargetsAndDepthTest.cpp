// REPORT targets and Depth (RFC 4791 §7.2, §7.8, §7.10), PROPFIND Depth (RFC 4918 §9.1),
// sync-collection answers (RFC 6578 §3.2, §3.3) and small protocol behaviours, in process.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

using namespace caldav::dav::testing;

namespace {

const std::string kHome = "/calendars/alice/";
const std::string kCal = "/calendars/alice/calendar/";
const std::string kWork = "/calendars/alice/work/";

std::string timeRangeQuery(const std::string& start, const std::string& end) {
  return "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>"
         "</D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range start=\"" +
         start + "\" end=\"" + end + "\"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>";
}

const std::string kAllEvents =
    "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
    "<C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"/></C:comp-filter></C:filter>"
    "</C:calendar-query>";

const std::string kFreeBusyDay =
    "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><C:time-range start=\"20240402T000000Z\" "
    "end=\"20240403T000000Z\"/></C:free-busy-query>";

const std::string kPropfindEtag = "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>";

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string joined(std::vector<std::string> hrefs) {
  std::sort(hrefs.begin(), hrefs.end());
  std::string out;
  for (const auto& href : hrefs) out += href + " ";
  return out;
}

// Each DAV:response of a multistatus: its href and how many propstat elements it has.
std::vector<std::pair<std::string, int>> propstatCounts(const std::string& body) {
  std::vector<std::pair<std::string, int>> out;
  XmlQuery answer(body);
  for (const auto* response : answer.root().elements()) {
    const auto* href = response->child("DAV:", "href");
    if (!href) continue;
    int count = 0;
    for (const auto* child : response->elements()) count += child->is("DAV:", "propstat") ? 1 : 0;
    out.emplace_back(href->textContent(), count);
  }
  return out;
}

}  // namespace

class TargetsAndDepthTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TargetsAndDepthTest);
  CPPUNIT_TEST(testCalendarQueryOnACalendarSearchesItsMembersAtEveryDepth);
  CPPUNIT_TEST(testCalendarQueryOnTheHomeSearchesEveryCalendarBelowDepthZero);
  CPPUNIT_TEST(testFreeBusyQueryOnTheHomeAddsUpEveryCalendar);
  CPPUNIT_TEST(testPropfindDepthInfinityOnACalendarAnswersAsDepthOne);
  CPPUNIT_TEST(testPropfindDepthInfinityAboveCalendarsIsRefused);
  CPPUNIT_TEST(testSyncCollectionGivesEveryChangedMemberAPropstat);
  CPPUNIT_TEST(testSyncLevelMustBeOneOrInfinite);
  CPPUNIT_TEST(testPropfindWithAllpropAndPropnameIsABadRequest);
  CPPUNIT_TEST(testGetcontentlengthOfACollectionIsTheSizeOfItsGet);
  CPPUNIT_TEST(testOnlyTheCaldavWellKnownUriExists);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", kWork).status);
    put(kCal + "lunch.ics", event("lunch", "20240402T120000Z", "20240402T130000Z"));
    put(kCal + "later.ics", event("later", "20240410T120000Z", "20240410T130000Z"));
    put(kWork + "standup.ics", event("standup", "20240402T090000Z", "20240402T091500Z"));
  }
  void tearDown() override { fixture_.reset(); }

  // A calendar can never match a filter itself: Depth 0, 1 or none all search its members
  // (as CalendarServer and sabre/dav answer).
  void testCalendarQueryOnACalendarSearchesItsMembersAtEveryDepth() {
    const std::string expected = joined({kCal + "lunch.ics"});
    for (const Headers& depth : {Headers{{"Depth", "0"}}, Headers{{"Depth", "1"}}, Headers{}}) {
      auto response = fixture_->call("REPORT", kCal, timeRangeQuery("20240402T000000Z", "20240403T000000Z"), depth);
      CPPUNIT_ASSERT_EQUAL(207, response.status);
      CPPUNIT_ASSERT_EQUAL(expected, joined(XmlQuery(response.body).hrefs()));
    }
  }

  // RFC 4791 §7.2: on the calendar home, Depth 1 or infinity searches each calendar in it;
  // Depth 0 searches the home alone, which holds no calendar data.
  void testCalendarQueryOnTheHomeSearchesEveryCalendarBelowDepthZero() {
    for (const std::string depth : {"1", "infinity"}) {
      auto ranged = fixture_->call("REPORT", kHome, timeRangeQuery("20240402T000000Z", "20240403T000000Z"), {{"Depth", depth}});
      CPPUNIT_ASSERT_EQUAL(207, ranged.status);
      CPPUNIT_ASSERT_EQUAL(joined({kCal + "lunch.ics", kWork + "standup.ics"}), joined(XmlQuery(ranged.body).hrefs()));
      auto all = fixture_->call("REPORT", kHome, kAllEvents, {{"Depth", depth}});
      CPPUNIT_ASSERT_EQUAL(joined({kCal + "lunch.ics", kCal + "later.ics", kWork + "standup.ics"}),
                           joined(XmlQuery(all.body).hrefs()));
    }
    auto shallow = fixture_->call("REPORT", kHome, kAllEvents, {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL(207, shallow.status);
    CPPUNIT_ASSERT(XmlQuery(shallow.body).hrefs().empty());
    // Another user's home is not searched through.
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("REPORT", "/calendars/bob/", kAllEvents, {{"Depth", "1"}}).status);
  }

  void testFreeBusyQueryOnTheHomeAddsUpEveryCalendar() {
    put(kWork + "review.ics", event("review", "20240402T125000Z", "20240402T140000Z"));
    for (const std::string depth : {"1", "infinity"}) {
      auto response = fixture_->call("REPORT", kHome, kFreeBusyDay, {{"Depth", depth}});
      CPPUNIT_ASSERT_EQUAL(200, response.status);
      CPPUNIT_ASSERT_MESSAGE(response.body, response.body.find("FREEBUSY;FBTYPE=BUSY:20240402T090000Z/20240402T091500Z") !=
                                                std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(response.body, response.body.find("FREEBUSY;FBTYPE=BUSY:20240402T120000Z/20240402T140000Z") !=
                                                std::string::npos);
    }
    // On one calendar, only its own time.
    auto one = fixture_->call("REPORT", kWork, kFreeBusyDay, {{"Depth", "1"}});
    CPPUNIT_ASSERT(one.body.find("FREEBUSY;FBTYPE=BUSY:20240402T125000Z/20240402T140000Z") != std::string::npos);
    CPPUNIT_ASSERT(one.body.find("20240402T120000Z/") == std::string::npos);
  }

  // A calendar has no sub-collections: Depth infinity, or no Depth, answers as Depth 1.
  void testPropfindDepthInfinityOnACalendarAnswersAsDepthOne() {
    const std::string expected = joined({kCal, kCal + "lunch.ics", kCal + "later.ics"});
    for (const Headers& depth : {Headers{{"Depth", "infinity"}}, Headers{}}) {
      auto response = fixture_->call("PROPFIND", kCal, kPropfindEtag, depth);
      CPPUNIT_ASSERT_EQUAL(207, response.status);
      CPPUNIT_ASSERT_EQUAL(expected, joined(XmlQuery(response.body).hrefs()));
    }
    // An object resource has no members: infinity is the object alone.
    auto object = fixture_->call("PROPFIND", kCal + "lunch.ics", kPropfindEtag, {{"Depth", "infinity"}});
    CPPUNIT_ASSERT_EQUAL(joined({kCal + "lunch.ics"}), joined(XmlQuery(object.body).hrefs()));
  }

  // RFC 4918 §9.1 lets a server refuse infinity; above calendars it does, with the precondition.
  void testPropfindDepthInfinityAboveCalendarsIsRefused() {
    for (const std::string& target : {kHome, std::string("/"), std::string("/principals/users/alice/")}) {
      for (const Headers& depth : {Headers{{"Depth", "infinity"}}, Headers{}}) {
        auto response = fixture_->call("PROPFIND", target, kPropfindEtag, depth);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 403, response.status);
        CPPUNIT_ASSERT(response.body.find("propfind-finite-depth") != std::string::npos);
      }
    }
  }

  // RFC 6578 §3.2: a changed member has at least one propstat, even for an empty DAV:prop.
  void testSyncCollectionGivesEveryChangedMemberAPropstat() {
    for (const std::string& token : {std::string(), initialToken()}) {
      if (!token.empty()) put(kCal + "new.ics", event("new", "20240405T120000Z", "20240405T130000Z"));
      auto response = fixture_->call("REPORT", kCal,
                                     "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>" + token +
                                         "</D:sync-token><D:sync-level>1</D:sync-level><D:prop/></D:sync-collection>",
                                     {{"Depth", "0"}});
      CPPUNIT_ASSERT_EQUAL(207, response.status);
      const auto counts = propstatCounts(response.body);
      CPPUNIT_ASSERT(!counts.empty());
      for (const auto& [href, count] : counts) CPPUNIT_ASSERT_EQUAL_MESSAGE(href, 1, count);
    }
    // PROPFIND with an empty DAV:prop answers each resource with a propstat too.
    auto propfind = fixture_->call("PROPFIND", kCal, "<D:propfind xmlns:D=\"DAV:\"><D:prop/></D:propfind>", {{"Depth", "1"}});
    for (const auto& [href, count] : propstatCounts(propfind.body)) CPPUNIT_ASSERT_EQUAL_MESSAGE(href, 1, count);
  }

  // RFC 6578 §3.3: sync-level is "1" or "infinite" (the same on a calendar, which has no
  // child collections); anything else is a bad request.
  void testSyncLevelMustBeOneOrInfinite() {
    const auto sync = [this](const std::string& level) {
      return fixture_->call("REPORT", kCal,
                            "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token/><D:sync-level>" + level +
                                "</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>",
                            {{"Depth", "0"}});
    };
    CPPUNIT_ASSERT_EQUAL(400, sync("2").status);
    CPPUNIT_ASSERT_EQUAL(400, sync("").status);
    CPPUNIT_ASSERT_EQUAL(400, sync("one").status);
    auto infinite = sync("infinite");
    CPPUNIT_ASSERT_EQUAL(207, infinite.status);
    CPPUNIT_ASSERT_EQUAL(joined(XmlQuery(sync("1").body).hrefs()), joined(XmlQuery(infinite.body).hrefs()));
  }

  // RFC 4918 §14.20: propfind holds exactly one of allprop, propname and prop.
  void testPropfindWithAllpropAndPropnameIsABadRequest() {
    for (const std::string inner : {"<D:allprop/><D:propname/>", "<D:propname/><D:prop><D:getetag/></D:prop>",
                                    "<D:allprop/><D:prop><D:getetag/></D:prop>"}) {
      auto response = fixture_->call("PROPFIND", kCal, "<D:propfind xmlns:D=\"DAV:\">" + inner + "</D:propfind>",
                                     {{"Depth", "0"}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(inner, 400, response.status);
    }
    // allprop with DAV:include stays valid.
    auto include = fixture_->call("PROPFIND", kCal,
                                  "<D:propfind xmlns:D=\"DAV:\"><D:allprop/><D:include><D:sync-token/></D:include>"
                                  "</D:propfind>",
                                  {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL(207, include.status);
  }

  // RFC 4918 §15.4: getcontentlength is the Content-Length a GET answers, for collections too.
  void testGetcontentlengthOfACollectionIsTheSizeOfItsGet() {
    for (const std::string& target : {kCal, kHome, std::string("/"), std::string("/calendars/")}) {
      auto response = fixture_->call("PROPFIND", target, "<D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>",
                                     {{"Depth", "0"}});
      XmlQuery answer(response.body);
      const auto* length = answer.prop(target, "DAV:", "getcontentlength");
      CPPUNIT_ASSERT_MESSAGE(response.body, length);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(target, std::to_string(fixture_->call("GET", target).body.size()),
                                   length->textContent());
    }
    // The listing, like a PROPFIND, leaves out what the user may not read.
    auto homes = fixture_->call("GET", "/calendars/").body;
    CPPUNIT_ASSERT(homes.find("/calendars/alice/") != std::string::npos);
    CPPUNIT_ASSERT(homes.find("/calendars/bob/") == std::string::npos);
  }

  // /.well-known/caldav redirects (RFC 6764 §5); no other well-known URI exists (RFC 8615).
  void testOnlyTheCaldavWellKnownUriExists() {
    for (const std::string& auth : {std::string(), DispatcherFixture::basic("alice", "alice-pw")}) {
      auto caldav = fixture_->call("GET", "/.well-known/caldav", "", {}, auth);
      CPPUNIT_ASSERT_EQUAL(301, caldav.status);
      CPPUNIT_ASSERT_EQUAL(std::string("/"), *caldav.header("Location"));
      for (const std::string other : {"/.well-known/carddav", "/.well-known/", "/.well-known/caldav/x",
                                      "/.well-known/security.txt"}) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(other, 404, fixture_->call("GET", other, "", {}, auth).status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(other, 404, fixture_->call("PROPFIND", other, "", {{"Depth", "0"}}, auth).status);
      }
    }
  }

 private:
  void put(const std::string& path, const std::string& body) {
    auto response = fixture_->call("PUT", path, body, {{"Content-Type", "text/calendar"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + response.body, 201, response.status);
  }

  std::string initialToken() {
    auto response = fixture_->call("PROPFIND", kCal, "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:sync-token/></D:prop></D:propfind>",
                                   {{"Depth", "0"}});
    XmlQuery answer(response.body);
    const auto* token = answer.prop(kCal, "DAV:", "sync-token");
    CPPUNIT_ASSERT(token);
    return token->textContent();
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(TargetsAndDepthTest);
