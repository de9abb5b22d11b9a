// RFC 6638 §2 addresses and scheduling collections: each principal's calendar user address
// and type, its inbox and outbox (fixed members of the home), their properties and
// privileges, and calendar-auto-schedule in OPTIONS.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include "dav/Provisioning.h"
#include "dav/caldav/ScheduleDefaultCalendar.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

namespace {

const std::string kPrincipal = "/principals/users/alice/";
const std::string kHome = "/calendars/alice/";
const std::string kInbox = "/calendars/alice/inbox/";
const std::string kOutbox = "/calendars/alice/outbox/";
const std::string kCalendar = "/calendars/alice/calendar/";

// A PROPPATCH body that sets (or, with `remove`, removes) schedule-default-calendar-URL.
std::string defaultCalendarUpdate(const std::string& value, bool remove = false) {
  const char* instruction = remove ? "remove" : "set";
  return std::string("<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:") +
         instruction + "><D:prop><C:schedule-default-calendar-URL>" + value +
         "</C:schedule-default-calendar-URL></D:prop></D:" + instruction + "></D:propertyupdate>";
}

std::string propfindBody(const std::string& props) {
  return "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>" + props +
         "</D:prop></D:propfind>";
}

// The texts of the DAV:href children of `element`.
std::vector<std::string> hrefsIn(const caldav::dav::xml::XmlElement* element) {
  std::vector<std::string> out;
  if (!element) return out;
  for (const auto* child : element->elements()) {
    if (child->is("DAV:", "href")) out.push_back(child->textContent());
  }
  return out;
}

// The privileges (namespace + name) in a DAV:current-user-privilege-set.
bool hasPrivilege(const caldav::dav::xml::XmlElement* set, const std::string& ns, const std::string& name) {
  if (!set) return false;
  for (const auto* privilege : set->elements()) {
    if (privilege->child(ns, name)) return true;
  }
  return false;
}

}  // namespace

class SchedulingCollectionsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SchedulingCollectionsTest);
  CPPUNIT_TEST(testPrincipalHasMailtoAddressThenPrincipalUrl);
  CPPUNIT_TEST(testAddressGivenAtCreationIsTheMailtoAddress);
  CPPUNIT_TEST(testPrincipalIsAnIndividualWithInboxAndOutboxUrls);
  CPPUNIT_TEST(testInboxAndOutboxAreCollectionsOfTheirScheduleTypes);
  CPPUNIT_TEST(testInboxNamesTheDefaultCalendar);
  CPPUNIT_TEST(testOwnerChoosesTheDefaultCalendarByProppatch);
  CPPUNIT_TEST(testDefaultCalendarMustBeOwnCalendarForEvents);
  CPPUNIT_TEST(testScheduleCalendarTranspIsOpaqueUntilSetByProppatch);
  CPPUNIT_TEST(testOptionsAdvertisesCalendarAutoScheduleEverywhere);
  CPPUNIT_TEST(testOwnerHasScheduleDeliverOnInboxAndScheduleSendOnOutbox);
  CPPUNIT_TEST(testOtherUsersCannotReadTheInbox);
  CPPUNIT_TEST(testInboxAndOutboxCannotBeDeletedMovedOrReplaced);
  CPPUNIT_TEST(testNothingCanBePutIntoTheInboxOrOutbox);
  CPPUNIT_TEST(testInboxAnswersPropfindAndCalendarQueryLikeACollection);
  CPPUNIT_TEST(testProvisioningGivesEarlierUsersAddressInboxAndOutbox);
  CPPUNIT_TEST(testAddressesAreCheckedAndDefaultToTheMailDomain);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testPrincipalHasMailtoAddressThenPrincipalUrl() {
    // RFC 6638 §2.4.1; the fixture's users get NAME@localhost (kDefaultMailDomain).
    XmlQuery answer(propfind(kPrincipal, "<C:calendar-user-address-set/>").body);
    auto hrefs = hrefsIn(answer.prop(kPrincipal, kCalDavNsForTests, "calendar-user-address-set"));
    CPPUNIT_ASSERT(hrefs == (std::vector<std::string>{"mailto:alice@localhost", kPrincipal}));
  }

  void testAddressGivenAtCreationIsTheMailtoAddress() {
    caldav::dav::createUser(fixture_->store(), "carol", "carol-pw", 1000, 1000, "Carol.Smith@example.org");
    const std::string principal = "/principals/users/carol/";
    XmlQuery answer(propfind(principal, "<C:calendar-user-address-set/>", "carol", "carol-pw").body);
    auto hrefs = hrefsIn(answer.prop(principal, kCalDavNsForTests, "calendar-user-address-set"));
    CPPUNIT_ASSERT(hrefs == (std::vector<std::string>{"mailto:Carol.Smith@example.org", principal}));
  }

  void testPrincipalIsAnIndividualWithInboxAndOutboxUrls() {
    XmlQuery answer(
        propfind(kPrincipal, "<C:calendar-user-type/><C:schedule-inbox-URL/><C:schedule-outbox-URL/>").body);
    const auto* type = answer.prop(kPrincipal, kCalDavNsForTests, "calendar-user-type");
    CPPUNIT_ASSERT(type);
    CPPUNIT_ASSERT_EQUAL(std::string("INDIVIDUAL"), type->textContent());  // RFC 6638 §2.4.2
    CPPUNIT_ASSERT(hrefsIn(answer.prop(kPrincipal, kCalDavNsForTests, "schedule-inbox-URL")) ==
                   std::vector<std::string>{kInbox});
    CPPUNIT_ASSERT(hrefsIn(answer.prop(kPrincipal, kCalDavNsForTests, "schedule-outbox-URL")) ==
                   std::vector<std::string>{kOutbox});
  }

  void testInboxAndOutboxAreCollectionsOfTheirScheduleTypes() {
    auto response = fixture_->call("PROPFIND", kHome, propfindBody("<D:resourcetype/>"), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, response.status);
    XmlQuery answer(response.body);
    const auto* inbox = answer.prop(kInbox, "DAV:", "resourcetype");
    const auto* outbox = answer.prop(kOutbox, "DAV:", "resourcetype");
    CPPUNIT_ASSERT_MESSAGE(response.body, inbox && outbox);
    CPPUNIT_ASSERT(inbox->child("DAV:", "collection") && inbox->child(kCalDavNsForTests, "schedule-inbox"));
    CPPUNIT_ASSERT(!inbox->child(kCalDavNsForTests, "calendar"));  // clients must not list it as a calendar
    CPPUNIT_ASSERT(outbox->child("DAV:", "collection") && outbox->child(kCalDavNsForTests, "schedule-outbox"));
  }

  void testInboxNamesTheDefaultCalendar() {
    // RFC 6638 §9.2: the calendar made with the user; once it is gone, one that takes events.
    auto defaultCalendar = [this] {
      XmlQuery answer(propfind(kInbox, "<C:schedule-default-calendar-URL/>").body);
      return hrefsIn(answer.prop(kInbox, kCalDavNsForTests, "schedule-default-calendar-URL"));
    };
    CPPUNIT_ASSERT(defaultCalendar() == std::vector<std::string>{kCalendar});
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/tasks/", mkcalendarForTasks()).status);
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/work/").status);
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", kCalendar).status);
    CPPUNIT_ASSERT(defaultCalendar() == std::vector<std::string>{"/calendars/alice/work/"});
    // Not on the principal or a calendar.
    XmlQuery calendar(propfind("/calendars/alice/work/", "<C:schedule-default-calendar-URL/>").body);
    CPPUNIT_ASSERT_EQUAL(404, *calendar.propStatus("/calendars/alice/work/", kCalDavNsForTests,
                                                   "schedule-default-calendar-URL"));
  }

  void testOwnerChoosesTheDefaultCalendarByProppatch() {
    // RFC 6638 §9.2: the property is settable on the inbox; the write path reads the same
    // choice (caldav::scheduleDefaultCalendar) when it delivers.
    const std::string work = "/calendars/alice/work/";
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", work).status);
    auto patched = fixture_->call("PROPPATCH", kInbox, defaultCalendarUpdate("<D:href>" + work + "</D:href>"));
    CPPUNIT_ASSERT_EQUAL(207, patched.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(patched.body, 200,
                                 *XmlQuery(patched.body).propStatus(kInbox, kCalDavNsForTests,
                                                                    "schedule-default-calendar-URL"));
    CPPUNIT_ASSERT(defaultCalendar() == std::vector<std::string>{work});
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/work"), writePathDefault("alice"));
    // An absolute URL without the trailing slash names the same calendar.
    CPPUNIT_ASSERT_EQUAL(207, fixture_->call("PROPPATCH", kInbox,
                                             defaultCalendarUpdate("<D:href>http://localhost/calendars/alice/"
                                                                   "calendar</D:href>")).status);
    CPPUNIT_ASSERT(defaultCalendar() == std::vector<std::string>{kCalendar});
    CPPUNIT_ASSERT_EQUAL(207, fixture_->call("PROPPATCH", kInbox,
                                             defaultCalendarUpdate("<D:href>" + work + "</D:href>")).status);
    // The chosen calendar deleted: back to the server's default.
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", work).status);
    CPPUNIT_ASSERT(defaultCalendar() == std::vector<std::string>{kCalendar});
    // Removing the choice also brings the default back.
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", work).status);
    CPPUNIT_ASSERT_EQUAL(207, fixture_->call("PROPPATCH", kInbox,
                                             defaultCalendarUpdate("<D:href>" + work + "</D:href>")).status);
    CPPUNIT_ASSERT_EQUAL(207, fixture_->call("PROPPATCH", kInbox, defaultCalendarUpdate("", true)).status);
    CPPUNIT_ASSERT(defaultCalendar() == std::vector<std::string>{kCalendar});
    // No calendar for events at all: "".
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", kCalendar).status);
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", work).status);
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/tasks/", mkcalendarForTasks()).status);
    CPPUNIT_ASSERT_EQUAL(std::string(""), writePathDefault("alice"));
    CPPUNIT_ASSERT(defaultCalendar().empty());
  }

  void testDefaultCalendarMustBeOwnCalendarForEvents() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/tasks/", mkcalendarForTasks()).status);
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCOL", "/calendars/alice/plain/").status);
    for (const std::string& value :
         {std::string("<D:href>/calendars/alice/tasks/</D:href>"),  // no VEVENT
          std::string("<D:href>/calendars/bob/calendar/</D:href>"),  // not hers
          std::string("<D:href>/calendars/alice/plain/</D:href>"),  // no calendar
          std::string("<D:href>/calendars/alice/</D:href>"), std::string("<D:href>") + kInbox + "</D:href>",
          std::string("<D:href>/calendars/alice/gone/</D:href>"), std::string(""),
          std::string("<D:href>") + kCalendar + "</D:href><D:href>" + kCalendar + "</D:href>",
          std::string("<D:href>/calendars/alice/../bob/calendar/</D:href>")}) {
      auto response = fixture_->call("PROPPATCH", kInbox, defaultCalendarUpdate(value));
      assertInvalidDefaultCalendar(response, kInbox, value);
    }
    CPPUNIT_ASSERT(defaultCalendar() == std::vector<std::string>{kCalendar});  // nothing stored
    // Only the inbox has one: not a calendar, not the principal, not at creation.
    assertInvalidDefaultCalendar(
        fixture_->call("PROPPATCH", kCalendar, defaultCalendarUpdate("<D:href>" + kCalendar + "</D:href>")), kCalendar,
        "on a calendar");
    auto created = fixture_->call("MKCALENDAR", "/calendars/alice/new/",
                                  "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set>"
                                  "<D:prop><C:schedule-default-calendar-URL><D:href>" + kCalendar +
                                      "</D:href></C:schedule-default-calendar-URL></D:prop></D:set></C:mkcalendar>");
    assertInvalidDefaultCalendar(created, "/calendars/alice/new/", "at MKCALENDAR");
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("PROPFIND", "/calendars/alice/new/", propfindBody("<D:resourcetype/>"),
                                             {{"Depth", "0"}}).status);
  }

  void testScheduleCalendarTranspIsOpaqueUntilSetByProppatch() {
    // RFC 6638 §9.1: every calendar has it; absent means opaque. Clients change it.
    // The element inside the property ("opaque" or "transparent"), "" if it is missing.
    auto transp = [this] {
      XmlQuery answer(propfind(kCalendar, "<C:schedule-calendar-transp/>").body);
      const auto* value = answer.prop(kCalendar, kCalDavNsForTests, "schedule-calendar-transp");
      auto inner = value ? value->elements() : std::vector<const caldav::dav::xml::XmlElement*>{};
      return inner.size() == 1 ? inner.front()->name : std::string();
    };
    CPPUNIT_ASSERT_EQUAL(std::string("opaque"), transp());
    auto patched = fixture_->call("PROPPATCH", kCalendar,
                                  "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set>"
                                  "<D:prop><C:schedule-calendar-transp><C:transparent/></C:schedule-calendar-transp>"
                                  "</D:prop></D:set></D:propertyupdate>");
    CPPUNIT_ASSERT_EQUAL(207, patched.status);
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(patched.body).propStatus(kCalendar, kCalDavNsForTests, "schedule-calendar-transp"));
    CPPUNIT_ASSERT_EQUAL(std::string("transparent"), transp());
    // propname names it once, though it is both live and stored.
    auto names = fixture_->call("PROPFIND", kCalendar, "<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>",
                                {{"Depth", "0"}});
    std::size_t count = 0;
    for (std::size_t at = names.body.find("schedule-calendar-transp"); at != std::string::npos;
         at = names.body.find("schedule-calendar-transp", at + 1)) {
      ++count;
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE(names.body, std::size_t{1}, count);
  }

  void testOptionsAdvertisesCalendarAutoScheduleEverywhere() {
    // RFC 6638 §2: Thunderbird asks the home, others the calendar or the principal. The
    // server delivers invitations itself (implicit scheduling, docs/scheduling.md).
    for (const auto& target : {kHome, kCalendar, kInbox, kOutbox, kPrincipal}) {
      auto response = fixture_->call("OPTIONS", target);
      CPPUNIT_ASSERT_EQUAL(200, response.status);
      const std::string* dav = response.header("DAV");
      CPPUNIT_ASSERT(dav);
      CPPUNIT_ASSERT_MESSAGE(*dav, dav->find("calendar-auto-schedule") != std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(*dav, dav->find("calendar-access") != std::string::npos);
      // the drafts' token, which Evolution needs to ask the outbox for free-busy
      CPPUNIT_ASSERT_MESSAGE(*dav, (", " + *dav + ",").find(", calendar-schedule,") != std::string::npos);
    }
  }

  void testOwnerHasScheduleDeliverOnInboxAndScheduleSendOnOutbox() {
    // RFC 6638 §6.1.1, §6.1.2: the aggregates and their sub-privileges.
    XmlQuery inbox(propfind(kInbox, "<D:current-user-privilege-set/>").body);
    const auto* inboxSet = inbox.prop(kInbox, "DAV:", "current-user-privilege-set");
    for (const char* name :
         {"schedule-deliver", "schedule-deliver-invite", "schedule-deliver-reply", "schedule-query-freebusy"}) {
      CPPUNIT_ASSERT_MESSAGE(name, hasPrivilege(inboxSet, kCalDavNsForTests, name));
    }
    CPPUNIT_ASSERT(!hasPrivilege(inboxSet, kCalDavNsForTests, "schedule-send"));
    CPPUNIT_ASSERT(hasPrivilege(inboxSet, "DAV:", "unbind"));  // processed messages are deleted
    CPPUNIT_ASSERT(!hasPrivilege(inboxSet, "DAV:", "bind"));

    XmlQuery outbox(propfind(kOutbox, "<D:current-user-privilege-set/>").body);
    const auto* outboxSet = outbox.prop(kOutbox, "DAV:", "current-user-privilege-set");
    for (const char* name : {"schedule-send", "schedule-send-invite", "schedule-send-reply", "schedule-send-freebusy"}) {
      CPPUNIT_ASSERT_MESSAGE(name, hasPrivilege(outboxSet, kCalDavNsForTests, name));
    }
    CPPUNIT_ASSERT(!hasPrivilege(outboxSet, kCalDavNsForTests, "schedule-deliver"));
    CPPUNIT_ASSERT(!hasPrivilege(outboxSet, "DAV:", "bind"));

    XmlQuery calendar(propfind(kCalendar, "<D:current-user-privilege-set/>").body);
    const auto* calendarSet = calendar.prop(kCalendar, "DAV:", "current-user-privilege-set");
    CPPUNIT_ASSERT(hasPrivilege(calendarSet, "DAV:", "bind"));
    CPPUNIT_ASSERT(!hasPrivilege(calendarSet, kCalDavNsForTests, "schedule-deliver"));
    CPPUNIT_ASSERT(!hasPrivilege(calendarSet, kCalDavNsForTests, "schedule-send"));
  }

  void testOtherUsersCannotReadTheInbox() {
    auto response = fixture_->call("PROPFIND", kInbox, propfindBody("<D:resourcetype/>"), {{"Depth", "0"}},
                                   DispatcherFixture::basic("bob", "bob-pw"));
    CPPUNIT_ASSERT_EQUAL(403, response.status);
  }

  void testInboxAndOutboxCannotBeDeletedMovedOrReplaced() {
    for (const auto& box : {kInbox, kOutbox}) {
      CPPUNIT_ASSERT_EQUAL(403, fixture_->call("DELETE", box).status);
      CPPUNIT_ASSERT_EQUAL(403, fixture_->call("MOVE", box, "", {{"Destination", "/calendars/alice/old/"}}).status);
      CPPUNIT_ASSERT_EQUAL(403, fixture_->call("MKCALENDAR", box).status);
      CPPUNIT_ASSERT_EQUAL(403, fixture_->call("MOVE", kCalendar, "", {{"Destination", box}, {"Overwrite", "T"}}).status);
    }
    XmlQuery answer(fixture_->call("PROPFIND", kHome, propfindBody("<D:resourcetype/>"), {{"Depth", "1"}}).body);
    CPPUNIT_ASSERT(answer.prop(kInbox, "DAV:", "resourcetype")->child(kCalDavNsForTests, "schedule-inbox"));
    CPPUNIT_ASSERT(answer.prop(kOutbox, "DAV:", "resourcetype")->child(kCalDavNsForTests, "schedule-outbox"));
    CPPUNIT_ASSERT(answer.prop(kCalendar, "DAV:", "resourcetype"));
  }

  void testNothingCanBePutIntoTheInboxOrOutbox() {
    const std::string body = event("m", "20231121T103000Z", "20231121T113000Z");
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("PUT", kCalendar + "m.ics", body, {{"Content-Type", "text/calendar"}}).status);
    for (const auto& box : {kInbox, kOutbox}) {
      assertNeedPrivilegesBind(fixture_->call("PUT", box + "m.ics", body, {{"Content-Type", "text/calendar"}}), box);
      assertNeedPrivilegesBind(fixture_->call("MKCALENDAR", box + "sub/"), box);
      assertNeedPrivilegesBind(fixture_->call("MKCOL", box + "sub/"), box);
      assertNeedPrivilegesBind(fixture_->call("COPY", kCalendar + "m.ics", "", {{"Destination", box + "m.ics"}}), box);
      assertNeedPrivilegesBind(fixture_->call("MOVE", kCalendar + "m.ics", "", {{"Destination", box + "m.ics"}}), box);
      CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", box + "m.ics").status);
    }
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("GET", kCalendar + "m.ics").status);  // nothing moved
  }

  void testInboxAnswersPropfindAndCalendarQueryLikeACollection() {
    auto listing = fixture_->call("PROPFIND", kInbox, propfindBody("<D:resourcetype/><D:sync-token/>"), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, listing.status);
    CPPUNIT_ASSERT(XmlQuery(listing.body).hrefs() == std::vector<std::string>{kInbox});  // no messages yet
    XmlQuery reports(propfind(kInbox, "<D:supported-report-set/>").body);
    const auto* set = reports.prop(kInbox, "DAV:", "supported-report-set");
    bool hasCalendarQuery = false;
    CPPUNIT_ASSERT(set);
    for (const auto* supported : set->elements()) {
      const auto* report = supported->child("DAV:", "report");
      hasCalendarQuery = hasCalendarQuery || (report && report->child(kCalDavNsForTests, "calendar-query"));
    }
    CPPUNIT_ASSERT(hasCalendarQuery);
    const std::string query =
        "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
        "<C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>";
    for (const char* depth : {"0", "1"}) {
      auto response = fixture_->call("REPORT", kInbox, query, {{"Depth", depth}});
      CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
      CPPUNIT_ASSERT(XmlQuery(response.body).hrefs().empty());
    }
    auto outbox = fixture_->call("PROPFIND", kOutbox, propfindBody("<D:displayname/>"), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, outbox.status);
    CPPUNIT_ASSERT(XmlQuery(outbox.body).hrefs() == std::vector<std::string>{kOutbox});
  }

  void testProvisioningGivesEarlierUsersAddressInboxAndOutbox() {
    // A user as made before schema 7: no address, a home without inbox and outbox; another
    // whose client made a calendar called "inbox".
    {
      auto txn = fixture_->store().beginWrite({"dave", "erin"});
      txn->createUser({"dave", "x", 1000, ""});
      txn->createCollection("/principals/users/dave", "principal", "dave", 1000);
      txn->createCollection("/calendars/dave", "calendar-home", "dave", 1000);
      txn->createUser({"erin@example.com", "x", 1000, ""});
      txn->createCollection("/calendars/erin@example.com", "calendar-home", "erin@example.com", 1000);
      txn->createCollection("/calendars/erin@example.com/inbox", "calendar", "erin@example.com", 1000);
      txn->commit();
    }
    auto warnings = caldav::dav::provisionScheduling(fixture_->store(), "example.org", 2000);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, warnings.size());
    CPPUNIT_ASSERT(warnings[0].find("/calendars/erin@example.com/inbox") != std::string::npos);
    auto txn = fixture_->store().beginRead();
    CPPUNIT_ASSERT_EQUAL(std::string("dave@example.org"), txn->findUser("dave")->email);
    CPPUNIT_ASSERT_EQUAL(std::string("erin@example.com"), txn->findUser("erin@example.com")->email);
    CPPUNIT_ASSERT_EQUAL(std::string("alice@localhost"), txn->findUser("alice")->email);  // kept
    CPPUNIT_ASSERT_EQUAL(std::string("schedule-inbox"), txn->findNode("/calendars/dave/inbox")->resourceType);
    CPPUNIT_ASSERT_EQUAL(std::string("schedule-outbox"), txn->findNode("/calendars/dave/outbox")->resourceType);
    CPPUNIT_ASSERT_EQUAL(std::string("calendar"), txn->findNode("/calendars/erin@example.com/inbox")->resourceType);
    CPPUNIT_ASSERT_EQUAL(std::string("schedule-outbox"),
                         txn->findNode("/calendars/erin@example.com/outbox")->resourceType);
    txn.reset();
    // Idempotent: a second run changes nothing and warns the same.
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, caldav::dav::provisionScheduling(fixture_->store(), "other.org", 3000).size());
    CPPUNIT_ASSERT_EQUAL(std::string("dave@example.org"), fixture_->store().beginRead()->findUser("dave")->email);
  }

  void testAddressesAreCheckedAndDefaultToTheMailDomain() {
    using caldav::dav::defaultEmail;
    using caldav::dav::isValidEmail;
    CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), defaultEmail("alice", "example.org"));
    CPPUNIT_ASSERT_EQUAL(std::string("bob@corp.example"), defaultEmail("bob@corp.example", "example.org"));
    CPPUNIT_ASSERT(isValidEmail("a.b+c@example.org"));
    for (const char* bad : {"", "alice", "@example.org", "alice@", "a@b@c", "a b@example.org", "a<b@example.org",
                            "a@example.org\n"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !isValidEmail(bad));
    }
    CPPUNIT_ASSERT_THROW(caldav::dav::createUser(fixture_->store(), "frank", "pw", 1000, 1000, "not-an-address"),
                         std::invalid_argument);
    CPPUNIT_ASSERT(!fixture_->store().beginRead()->findUser("frank"));
  }

 private:
  // The hrefs of the inbox's schedule-default-calendar-URL.
  std::vector<std::string> defaultCalendar() {
    XmlQuery answer(propfind(kInbox, "<C:schedule-default-calendar-URL/>").body);
    return hrefsIn(answer.prop(kInbox, kCalDavNsForTests, "schedule-default-calendar-URL"));
  }

  std::string writePathDefault(const std::string& user) {
    auto txn = fixture_->store().beginRead();
    return caldav::dav::caldav::scheduleDefaultCalendar(*txn, user);
  }

  // 403 for the property, with CALDAV:valid-schedule-default-calendar-URL in its propstat.
  static void assertInvalidDefaultCalendar(const caldav::dav::Response& response, const std::string& href,
                                           const std::string& why) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(why + response.body, 207, response.status);
    XmlQuery answer(response.body);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(why + response.body, 403,
                                 answer.propStatus(href, kCalDavNsForTests, "schedule-default-calendar-URL").value_or(0));
    CPPUNIT_ASSERT_MESSAGE(why + response.body,
                           response.body.find("valid-schedule-default-calendar-URL") != std::string::npos);
  }

  caldav::dav::Response propfind(const std::string& target, const std::string& props, const std::string& user = "alice",
                                 const std::string& password = "alice-pw") {
    auto response = fixture_->call("PROPFIND", target, propfindBody(props), {{"Depth", "0"}},
                                   DispatcherFixture::basic(user, password));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
    return response;
  }

  static void assertNeedPrivilegesBind(const caldav::dav::Response& response, const std::string& box) {
    // RFC 3744 §7.1.1: 403 with DAV:need-privileges naming bind on the box.
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 403, response.status);
    XmlQuery error(response.body);
    const auto* needed = error.root().child("DAV:", "need-privileges");
    CPPUNIT_ASSERT_MESSAGE(response.body, needed);
    const auto* resource = needed->child("DAV:", "resource");
    CPPUNIT_ASSERT(resource && resource->child("DAV:", "href"));
    CPPUNIT_ASSERT_EQUAL(box, resource->child("DAV:", "href")->textContent());
    CPPUNIT_ASSERT(resource->child("DAV:", "privilege") && resource->child("DAV:", "privilege")->child("DAV:", "bind"));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SchedulingCollectionsTest);
