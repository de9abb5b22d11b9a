// Authentication, authorization and robust-input behaviour of the Dispatcher (in process).
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::dav::testing::DispatcherFixture;
using caldav::dav::testing::XmlQuery;

class DispatcherAuthTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DispatcherAuthTest);
  CPPUNIT_TEST(testMissingCredentialsGet401WithBasicChallenge);
  CPPUNIT_TEST(testWrongPasswordAndUnknownUserGet401);
  CPPUNIT_TEST(testAnotherUsersTreeIs403ForReadAndWrite);
  CPPUNIT_TEST(testListingsShowOnlyWhatTheUserMayRead);
  CPPUNIT_TEST(testUnknownMethodIs501);
  CPPUNIT_TEST(testTraversalTargetsAre400AndNeverReachStorage);
  CPPUNIT_TEST(testExternalEntityBodyIs400AndChangesNothing);
  CPPUNIT_TEST(testStructureCannotBeDeletedOrOverwritten);
  CPPUNIT_TEST(testCopyIntoAnotherUsersTreeIs403);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testMissingCredentialsGet401WithBasicChallenge() {
    auto response = fixture_->call("PROPFIND", "/calendars/alice/", "", {{"Depth", "0"}}, "");
    CPPUNIT_ASSERT_EQUAL(401, response.status);
    CPPUNIT_ASSERT(response.header("WWW-Authenticate"));
    CPPUNIT_ASSERT_EQUAL(0ul, response.header("WWW-Authenticate")->find("Basic realm="));
  }

  void testWrongPasswordAndUnknownUserGet401() {
    CPPUNIT_ASSERT_EQUAL(401, fixture_->call("GET", "/calendars/alice/", "", {}, DispatcherFixture::basic("alice", "nope")).status);
    CPPUNIT_ASSERT_EQUAL(401, fixture_->call("GET", "/calendars/alice/", "", {}, DispatcherFixture::basic("mallory", "x")).status);
    CPPUNIT_ASSERT_EQUAL(401, fixture_->call("GET", "/calendars/alice/", "", {}, "Basic !!!notbase64").status);
    CPPUNIT_ASSERT_EQUAL(401, fixture_->call("GET", "/calendars/alice/", "", {}, "Bearer abc").status);
  }

  void testAnotherUsersTreeIs403ForReadAndWrite() {
    auto bob = DispatcherFixture::basic("bob", "bob-pw");
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("PUT", "/calendars/bob/secret.txt", "bob's", {}, bob).status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("GET", "/calendars/bob/secret.txt").status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("PUT", "/calendars/bob/secret.txt", "alice was here").status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("DELETE", "/calendars/bob/secret.txt").status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("PROPFIND", "/principals/users/bob/", "", {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("PROPFIND", "/calendars/bob/nothing", "", {{"Depth", "0"}}).status);
    auto get = fixture_->call("GET", "/calendars/bob/secret.txt", "", {}, bob);
    CPPUNIT_ASSERT_EQUAL(std::string("bob's"), get.body);
  }

  void testListingsShowOnlyWhatTheUserMayRead() {
    auto response = fixture_->call("PROPFIND", "/calendars/", "", {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, response.status);
    auto hrefs = XmlQuery(response.body).hrefs();
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), hrefs.size());
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/"), hrefs[0]);
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice/"), hrefs[1]);
  }

  void testUnknownMethodIs501() {
    CPPUNIT_ASSERT_EQUAL(501, fixture_->call("FROB", "/calendars/alice/").status);
    CPPUNIT_ASSERT_EQUAL(501, fixture_->call("", "/").status);
  }

  void testTraversalTargetsAre400AndNeverReachStorage() {
    for (const char* target : {"/calendars/alice/../bob/secret", "/calendars/alice/%2e%2e/bob", "/calendars/alice%2fx",
                               "/calendars/alice/a%00b"}) {
      CPPUNIT_ASSERT_EQUAL(400, fixture_->call("PUT", target, "x").status);
    }
  }

  void testExternalEntityBodyIs400AndChangesNothing() {
    const std::string body =
        "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x:a xmlns:x=\"urn:x\">&x;</x:a></D:prop></D:set>"
        "</D:propertyupdate>";
    CPPUNIT_ASSERT_EQUAL(400, fixture_->call("PROPPATCH", "/calendars/alice/", body).status);
    auto propfind = fixture_->call("PROPFIND", "/calendars/alice/", "", {{"Depth", "0"}});
    CPPUNIT_ASSERT(propfind.body.find("urn:x") == std::string::npos);
  }

  void testStructureCannotBeDeletedOrOverwritten() {
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("DELETE", "/calendars/alice/").status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("DELETE", "/calendars/").status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("PUT", "/calendars/alice", "x").status);
    CPPUNIT_ASSERT_EQUAL(403, fixture_->call("MOVE", "/calendars/alice/", "", {{"Destination", "/calendars/alice2/"}}).status);
  }

  void testCopyIntoAnotherUsersTreeIs403() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("PUT", "/calendars/alice/a.txt", "a").status);
    auto response = fixture_->call("COPY", "/calendars/alice/a.txt", "", {{"Destination", "http://h/calendars/bob/a.txt"}});
    CPPUNIT_ASSERT_EQUAL(403, response.status);
  }

 private:
  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(DispatcherAuthTest);
