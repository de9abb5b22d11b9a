// Delegation with the RFC 3744 ACL surface: the owner grants another user privileges on a
// calendar, the scheduling inbox or outbox, or the calendar home with the ACL method (grant
// only); grants cover what is below them; only the owner changes ACLs; every refusal names
// its §8.1.1 precondition (docs/caldav.md, "Access control (RFC 3744)").
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include "dav/Provisioning.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;

namespace {

const std::string kHome = "/calendars/alice/";
const std::string kCalendar = "/calendars/alice/calendar/";
const std::string kInbox = "/calendars/alice/inbox/";
const std::string kBob = "/principals/users/bob/";
const std::vector<std::pair<std::string, std::string>> kIcs = {{"Content-Type", "text/calendar; charset=utf-8"}};

std::string ace(const std::string& principal, const std::string& privileges, const std::string& extra = "") {
  return "<D:ace><D:principal>" + principal + "</D:principal>" + extra + "<D:grant>" + privileges +
         "</D:grant></D:ace>";
}
std::string href(const std::string& path) { return "<D:href>" + path + "</D:href>"; }
std::string dav(const std::string& name) { return "<D:privilege><D:" + name + "/></D:privilege>"; }
std::string cal(const std::string& name) { return "<D:privilege><C:" + name + "/></D:privilege>"; }
std::string aclBody(const std::string& aces) {
  return "<D:acl xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">" + aces + "</D:acl>";
}
std::string propfindBody(const std::string& props) {
  return "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>" + props +
         "</D:prop></D:propfind>";
}
std::string freeBusyQuery() {
  return "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
         "<C:time-range start=\"20240101T000000Z\" end=\"20240201T000000Z\"/></C:free-busy-query>";
}
std::string calendarQuery() {
  return "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/></D:prop>"
         "<C:filter><C:comp-filter name=\"VCALENDAR\"/></C:filter></C:calendar-query>";
}

bool hasPrivilege(const caldav::dav::xml::XmlElement* set, const std::string& ns, const std::string& name) {
  if (!set) return false;
  for (const auto* privilege : set->elements()) {
    if (privilege->child(ns, name)) return true;
  }
  return false;
}

}  // namespace

class AclTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AclTest);
  CPPUNIT_TEST(testOptionsAdvertisesAccessControlAndTheAclMethod);
  CPPUNIT_TEST(testGranteeWithWriteMayPutGetAndDeleteInTheCalendar);
  CPPUNIT_TEST(testGranteeSeesTheirPrivilegesAndTheAcl);
  CPPUNIT_TEST(testWriteOnTheInboxLetsTheDelegateReadAndEmptyIt);
  CPPUNIT_TEST(testGranteeCannotChangeTheAcl);
  CPPUNIT_TEST(testUserWithoutGrantIsRefusedAsBefore);
  CPPUNIT_TEST(testDelegateCannotDeleteOrReplaceTheCalendarItself);
  CPPUNIT_TEST(testAnEmptyAclRevokes);
  CPPUNIT_TEST(testGrantsGoWithTheCalendar);
  CPPUNIT_TEST(testReadFreeBusyLetsFreeBusyQueryThroughButNotGet);
  CPPUNIT_TEST(testHomeGrantCoversItsCalendars);
  CPPUNIT_TEST(testDelegateDiscoversOnlyWhatTheyMayRead);
  CPPUNIT_TEST(testQueryOnTheHomeSearchesOnlyGrantedCalendars);
  CPPUNIT_TEST(testDenyIsRefusedGrantOnly);
  CPPUNIT_TEST(testInvertIsRefused);
  CPPUNIT_TEST(testUnknownPrincipalIsRefused);
  CPPUNIT_TEST(testPrincipalsOtherThanUsersAreNotAllowed);
  CPPUNIT_TEST(testUnsupportedAndAbstractPrivilegesAreRefused);
  CPPUNIT_TEST(testOwnerAceIsProtectedAndMayComeBackUnchanged);
  CPPUNIT_TEST(testInheritedAceCannotBeSet);
  CPPUNIT_TEST(testAclOnAnObjectResourceIsRefused);
  CPPUNIT_TEST(testSharedStructureStillAnswersReports);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    caldav::dav::createUser(fixture_->store(), "carol", "carol-pw", 1000, 1000);
  }
  void tearDown() override { fixture_.reset(); }

  void testOptionsAdvertisesAccessControlAndTheAclMethod() {
    auto response = fixture_->call("OPTIONS", kCalendar);
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT(response.header("DAV")->find("access-control") != std::string::npos);
    CPPUNIT_ASSERT(response.header("Allow")->find("ACL") != std::string::npos);
  }

  void testGranteeWithWriteMayPutGetAndDeleteInTheCalendar() {
    grant(kCalendar, ace(href(kBob), dav("read") + dav("write")));
    auto put = as("bob", "PUT", kCalendar + "b.ics", event("b", "20240105T100000Z", "20240105T110000Z"), kIcs);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(put.body, 201, put.status);
    CPPUNIT_ASSERT_EQUAL(200, as("bob", "GET", kCalendar + "b.ics").status);
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("GET", kCalendar + "b.ics").status);  // the owner's calendar
    CPPUNIT_ASSERT_EQUAL(204, as("bob", "DELETE", kCalendar + "b.ics").status);
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", kCalendar + "b.ics").status);
  }

  void testGranteeSeesTheirPrivilegesAndTheAcl() {
    grant(kCalendar, ace(href(kBob), dav("read") + dav("write")));
    auto answer = as("bob", "PROPFIND", kCalendar,
                     propfindBody("<D:current-user-privilege-set/><D:acl/><D:owner/><D:acl-restrictions/>"
                                  "<D:supported-privilege-set/>"),
                     {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 207, answer.status);
    XmlQuery query(answer.body);
    const auto* set = query.prop(kCalendar, "DAV:", "current-user-privilege-set");
    CPPUNIT_ASSERT_MESSAGE(answer.body, hasPrivilege(set, "DAV:", "read") && hasPrivilege(set, "DAV:", "write"));
    CPPUNIT_ASSERT(hasPrivilege(set, "DAV:", "bind") && hasPrivilege(set, "DAV:", "unbind"));
    CPPUNIT_ASSERT(!hasPrivilege(set, "DAV:", "write-acl") && !hasPrivilege(set, "DAV:", "all"));
    // RFC 3744 §5.5: the owner's protected ACE, then bob's grant.
    const auto* acl = query.prop(kCalendar, "DAV:", "acl");
    CPPUNIT_ASSERT(acl);
    auto aces = acl->elements();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, aces.size());
    CPPUNIT_ASSERT_EQUAL(std::string("/principals/users/alice/"),
                         aces[0]->child("DAV:", "principal")->child("DAV:", "href")->textContent());
    CPPUNIT_ASSERT(aces[0]->child("DAV:", "protected"));
    CPPUNIT_ASSERT_EQUAL(kBob, aces[1]->child("DAV:", "principal")->child("DAV:", "href")->textContent());
    CPPUNIT_ASSERT(hasPrivilege(aces[1]->child("DAV:", "grant"), "DAV:", "write"));
    CPPUNIT_ASSERT_EQUAL(std::string("/principals/users/alice/"),
                         query.prop(kCalendar, "DAV:", "owner")->child("DAV:", "href")->textContent());
    CPPUNIT_ASSERT(query.prop(kCalendar, "DAV:", "acl-restrictions")->child("DAV:", "grant-only"));
    CPPUNIT_ASSERT(answer.body.find("read-free-busy") != std::string::npos);  // supported-privilege-set
    // The owner's own privileges on the calendar: everything.
    XmlQuery owner(fixture_->call("PROPFIND", kCalendar, propfindBody("<D:current-user-privilege-set/>"), {{"Depth", "0"}}).body);
    CPPUNIT_ASSERT(hasPrivilege(owner.prop(kCalendar, "DAV:", "current-user-privilege-set"), "DAV:", "write-acl"));
  }

  void testWriteOnTheInboxLetsTheDelegateReadAndEmptyIt() {
    grant(kInbox, ace(href(kBob), dav("read") + dav("write")));
    auto answer = as("bob", "PROPFIND", kInbox, propfindBody("<D:current-user-privilege-set/>"), {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 207, answer.status);
    XmlQuery query(answer.body);
    const auto* set = query.prop(kInbox, "DAV:", "current-user-privilege-set");
    CPPUNIT_ASSERT_MESSAGE(answer.body, hasPrivilege(set, "DAV:", "read") && hasPrivilege(set, "DAV:", "unbind"));
    CPPUNIT_ASSERT(!hasPrivilege(set, "DAV:", "bind"));  // only delivery fills the inbox
    // Nothing can be put into the inbox, by the owner or the delegate (RFC 6638 §2.2).
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "PUT", kInbox + "x.ics", event("x", "20240105T100000Z", "20240105T110000Z"), kIcs).status);
    CPPUNIT_ASSERT_EQUAL(207, as("bob", "REPORT", kInbox, calendarQuery(), {{"Depth", "1"}}).status);
  }

  void testGranteeCannotChangeTheAcl() {
    grant(kCalendar, ace(href(kBob), dav("read") + dav("write")));
    auto response = as("bob", "ACL", kCalendar, aclBody(ace(href("/principals/users/carol/"), dav("read"))));
    assertPrecondition(response, "need-privileges");
    CPPUNIT_ASSERT(response.body.find("write-acl") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(403, as("carol", "GET", kCalendar).status);
  }

  void testUserWithoutGrantIsRefusedAsBefore() {
    put(kCalendar + "a.ics");
    grant(kCalendar, ace(href(kBob), dav("read")));
    assertPrecondition(as("carol", "GET", kCalendar + "a.ics"), "need-privileges");
    CPPUNIT_ASSERT_EQUAL(403, as("carol", "PROPFIND", kHome, propfindBody("<D:resourcetype/>"), {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT_EQUAL(403, as("carol", "PROPFIND", "/principals/users/alice/", propfindBody("<D:resourcetype/>"),
                                 {{"Depth", "0"}}).status);
    // A reader is not a writer.
    assertPrecondition(as("bob", "PUT", kCalendar + "b.ics", event("b", "20240105T100000Z", "20240105T110000Z"), kIcs),
                       "need-privileges");
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "DELETE", kCalendar + "a.ics").status);
    CPPUNIT_ASSERT_EQUAL(404, as("bob", "GET", kCalendar + "missing.ics").status);
  }

  void testDelegateCannotDeleteOrReplaceTheCalendarItself() {
    grant(kCalendar, ace(href(kBob), dav("read") + dav("write")));
    assertPrecondition(as("bob", "DELETE", kCalendar), "need-privileges");  // unbind on the home
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "MKCALENDAR", "/calendars/alice/other/").status);
    CPPUNIT_ASSERT_EQUAL(207, fixture_->call("PROPFIND", kCalendar, propfindBody("<D:resourcetype/>"), {{"Depth", "0"}}).status);
  }

  void testAnEmptyAclRevokes() {
    put(kCalendar + "a.ics");
    grant(kCalendar, ace(href(kBob), dav("read")));
    CPPUNIT_ASSERT_EQUAL(200, as("bob", "GET", kCalendar + "a.ics").status);
    grant(kCalendar, "");
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "GET", kCalendar + "a.ics").status);
  }

  void testGrantsGoWithTheCalendar() {
    grant(kCalendar, ace(href(kBob), dav("read")));
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("DELETE", kCalendar).status);
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", kCalendar).status);
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "PROPFIND", kCalendar, propfindBody("<D:resourcetype/>"), {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT(fixture_->store().beginRead()->grantsTo("bob").empty());
  }

  void testReadFreeBusyLetsFreeBusyQueryThroughButNotGet() {
    put(kCalendar + "a.ics");
    grant(kCalendar, ace(href(kBob), cal("read-free-busy")));
    auto freeBusy = as("bob", "REPORT", kCalendar, freeBusyQuery(), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(freeBusy.body, 200, freeBusy.status);
    CPPUNIT_ASSERT_MESSAGE(freeBusy.body, freeBusy.body.find(":20240105T100000Z/20240105T110000Z") != std::string::npos);
    assertPrecondition(as("bob", "GET", kCalendar + "a.ics"), "need-privileges");
    assertPrecondition(as("bob", "REPORT", kCalendar, calendarQuery(), {{"Depth", "1"}}), "need-privileges");
    // Carol lacks even read-free-busy: the refusal names it (a CalDAV privilege in a DAV: body).
    auto refused = as("carol", "REPORT", kCalendar, freeBusyQuery(), {{"Depth", "1"}});
    assertPrecondition(refused, "need-privileges");
    XmlQuery error(refused.body);
    const auto* privilege = error.root().child("DAV:", "need-privileges")->child("DAV:", "resource")->child("DAV:", "privilege");
    CPPUNIT_ASSERT_MESSAGE(refused.body, privilege && privilege->child(kCalDavNsForTests, "read-free-busy"));
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "PROPFIND", kCalendar, propfindBody("<D:resourcetype/>"), {{"Depth", "0"}}).status);
  }

  void testHomeGrantCoversItsCalendars() {
    put(kCalendar + "a.ics");
    grant(kHome, ace(href(kBob), dav("read")));
    CPPUNIT_ASSERT_EQUAL(200, as("bob", "GET", kCalendar + "a.ics").status);
    auto answer = as("bob", "PROPFIND", kCalendar, propfindBody("<D:acl/><D:inherited-acl-set/>"), {{"Depth", "0"}});
    XmlQuery query(answer.body);
    const auto* acl = query.prop(kCalendar, "DAV:", "acl");
    CPPUNIT_ASSERT_MESSAGE(answer.body, acl && acl->elements().size() == 2);
    CPPUNIT_ASSERT(acl->elements()[1]->child("DAV:", "inherited"));  // set on the home
    CPPUNIT_ASSERT_EQUAL(kHome, query.prop(kCalendar, "DAV:", "inherited-acl-set")->child("DAV:", "href")->textContent());
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "PUT", kCalendar + "b.ics", event("b", "20240105T100000Z", "20240105T110000Z"), kIcs).status);
  }

  void testDelegateDiscoversOnlyWhatTheyMayRead() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/private/").status);
    grant(kCalendar, ace(href(kBob), dav("read")));
    auto answer = as("bob", "PROPFIND", kHome, propfindBody("<D:resourcetype/>"), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 207, answer.status);
    auto hrefs = XmlQuery(answer.body).hrefs();
    CPPUNIT_ASSERT(hrefs == (std::vector<std::string>{kHome, kCalendar}));
    // The owner's principal leads to the home (calendar-home-set).
    auto principal = as("bob", "PROPFIND", "/principals/users/alice/", propfindBody("<C:calendar-home-set/>"), {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(principal.body, 207, principal.status);
    // Reading the home is discovery, not a grant on what else is in it.
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "PROPFIND", "/calendars/alice/private/", propfindBody("<D:resourcetype/>"),
                                 {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT_EQUAL(403, as("bob", "PROPPATCH", kHome, "").status);
  }

  void testQueryOnTheHomeSearchesOnlyGrantedCalendars() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCALENDAR", "/calendars/alice/private/").status);
    put(kCalendar + "a.ics");
    put("/calendars/alice/private/secret.ics");
    grant(kCalendar, ace(href(kBob), dav("read") + dav("write")));
    auto answer = as("bob", "REPORT", kHome, calendarQuery(), {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 207, answer.status);
    CPPUNIT_ASSERT(XmlQuery(answer.body).hrefs() == (std::vector<std::string>{kCalendar + "a.ics"}));
    // What the delegate creates still belongs to the owner of the calendar.
    CPPUNIT_ASSERT_EQUAL(201, as("bob", "PUT", kCalendar + "b.ics", event("b", "20240106T100000Z", "20240106T110000Z"), kIcs).status);
    XmlQuery owner(as("bob", "PROPFIND", kCalendar + "b.ics", propfindBody("<D:owner/>"), {{"Depth", "0"}}).body);
    CPPUNIT_ASSERT_EQUAL(std::string("/principals/users/alice/"),
                         owner.prop(kCalendar + "b.ics", "DAV:", "owner")->child("DAV:", "href")->textContent());
  }

  void testDenyIsRefusedGrantOnly() {
    auto body = aclBody("<D:ace><D:principal>" + href(kBob) + "</D:principal><D:deny>" + dav("read") + "</D:deny></D:ace>");
    assertPrecondition(fixture_->call("ACL", kCalendar, body), "grant-only");
  }

  void testInvertIsRefused() {
    auto body = aclBody("<D:ace><D:invert><D:principal>" + href(kBob) + "</D:principal></D:invert><D:grant>" +
                        dav("read") + "</D:grant></D:ace>");
    assertPrecondition(fixture_->call("ACL", kCalendar, body), "no-invert");
  }

  void testUnknownPrincipalIsRefused() {
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace(href("/principals/users/nobody/"), dav("read")))),
                       "recognized-principal");
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace(href("/calendars/bob/"), dav("read")))),
                       "recognized-principal");
    CPPUNIT_ASSERT(fixture_->store().beginRead()->grantsTo("nobody").empty());
  }

  void testPrincipalsOtherThanUsersAreNotAllowed() {
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace("<D:all/>", dav("read")))), "allowed-principal");
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace("<D:authenticated/>", dav("read")))),
                       "allowed-principal");
  }

  void testUnsupportedAndAbstractPrivilegesAreRefused() {
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace(href(kBob), "<D:privilege><D:frobnicate/></D:privilege>"))),
                       "not-supported-privilege");
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace(href(kBob), dav("write-acl")))), "no-abstract");
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace(href(kBob), dav("all")))), "no-abstract");
    CPPUNIT_ASSERT(fixture_->store().beginRead()->grantsTo("bob").empty());
  }

  void testOwnerAceIsProtectedAndMayComeBackUnchanged() {
    const std::string ownerAce = "<D:ace><D:principal>" + href("/principals/users/alice/") + "</D:principal><D:grant>" +
                                 dav("all") + "</D:grant><D:protected/></D:ace>";
    // A client that read DAV:acl sends the protected ACE back with its change.
    CPPUNIT_ASSERT_EQUAL(200, fixture_->call("ACL", kCalendar, aclBody(ownerAce + ace(href(kBob), dav("read")))).status);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, fixture_->store().beginRead()->grantsTo("bob").size());
    assertPrecondition(fixture_->call("ACL", kCalendar, aclBody(ace(href("/principals/users/alice/"), dav("read")))),
                       "no-protected-ace-conflict");
  }

  void testInheritedAceCannotBeSet() {
    auto body = aclBody(ace(href(kBob), dav("read"), "<D:inherited>" + href(kHome) + "</D:inherited>"));
    assertPrecondition(fixture_->call("ACL", kCalendar, body), "no-inherited-ace-conflict");
  }

  void testAclOnAnObjectResourceIsRefused() {
    put(kCalendar + "a.ics");
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("ACL", kCalendar + "a.ics", aclBody(ace(href(kBob), dav("read")))).status);
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("ACL", "/calendars/alice/missing/", aclBody(ace(href(kBob), dav("read")))).status);
  }

  void testSharedStructureStillAnswersReports() {
    // Nobody owns /calendars/: every user may read it, reports included (Depth 0: nothing).
    auto response = as("carol", "REPORT", "/calendars/", calendarQuery(), {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
  }

 private:
  caldav::dav::Response as(const std::string& user, const std::string& method, const std::string& target,
                           const std::string& body = "", std::vector<std::pair<std::string, std::string>> headers = {}) {
    return fixture_->call(method, target, body, std::move(headers), DispatcherFixture::basic(user, user + "-pw"));
  }

  void grant(const std::string& path, const std::string& aces) {
    auto response = fixture_->call("ACL", path, aclBody(aces));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
  }

  void put(const std::string& path) {
    auto response = fixture_->call("PUT", path, event("a", "20240105T100000Z", "20240105T110000Z"), kIcs);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 201, response.status);
  }

  static void assertPrecondition(const caldav::dav::Response& response, const std::string& name) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 403, response.status);
    CPPUNIT_ASSERT_MESSAGE(response.body, XmlQuery(response.body).root().child("DAV:", name));
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AclTest);
