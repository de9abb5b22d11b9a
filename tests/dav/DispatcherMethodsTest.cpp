// WebDAV method semantics of the Dispatcher (in process): RFC 4918 status codes,
// conditional requests, properties and locks.
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::dav::testing::DispatcherFixture;
using caldav::dav::testing::XmlQuery;

class DispatcherMethodsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DispatcherMethodsTest);
  CPPUNIT_TEST(testPutCreates201ThenReplaces204WithStrongEtag);
  CPPUNIT_TEST(testGetReturnsTheBodyByteForByte);
  CPPUNIT_TEST(testIfMatchMismatchIs412AndKeepsTheBody);
  CPPUNIT_TEST(testIfNoneMatchStarRefusesOverwrite);
  CPPUNIT_TEST(testPutWithoutParentIs409);
  CPPUNIT_TEST(testPropfindDepthInfinityIsRefusedWithPrecondition);
  CPPUNIT_TEST(testBadDepthIs400);
  CPPUNIT_TEST(testProppatchPersistsDeadPropertiesAndProtectsLiveOnes);
  CPPUNIT_TEST(testMkcolStatusCodes);
  CPPUNIT_TEST(testCopyAndMoveHonourOverwrite);
  CPPUNIT_TEST(testLockedResourceNeedsItsToken);
  CPPUNIT_TEST(testOptionsAdvertisesClass2);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testPutCreates201ThenReplaces204WithStrongEtag() {
    auto created = fixture_->call("PUT", "/calendars/alice/a.txt", "one");
    CPPUNIT_ASSERT_EQUAL(201, created.status);
    CPPUNIT_ASSERT(created.header("ETag"));
    CPPUNIT_ASSERT_EQUAL('"', created.header("ETag")->front());
    auto replaced = fixture_->call("PUT", "/calendars/alice/a.txt", "two");
    CPPUNIT_ASSERT_EQUAL(204, replaced.status);
    CPPUNIT_ASSERT(*created.header("ETag") != *replaced.header("ETag"));
  }

  void testGetReturnsTheBodyByteForByte() {
    std::string body("bin\0\xff\r\n\xC3\xA9", 9);
    fixture_->call("PUT", "/calendars/alice/b.bin", body, {{"Content-Type", "application/x-test"}});
    auto get = fixture_->call("GET", "/calendars/alice/b.bin");
    CPPUNIT_ASSERT_EQUAL(200, get.status);
    CPPUNIT_ASSERT(get.body == body);
    CPPUNIT_ASSERT_EQUAL(std::string("application/x-test"), *get.header("Content-Type"));
    CPPUNIT_ASSERT(get.header("Last-Modified"));
    auto head = fixture_->call("HEAD", "/calendars/alice/b.bin");
    CPPUNIT_ASSERT(head.omitBody);
    auto notModified = fixture_->call("GET", "/calendars/alice/b.bin", "", {{"If-None-Match", *get.header("ETag")}});
    CPPUNIT_ASSERT_EQUAL(304, notModified.status);
  }

  void testIfMatchMismatchIs412AndKeepsTheBody() {
    auto created = fixture_->call("PUT", "/calendars/alice/a.txt", "one");
    auto stale = fixture_->call("PUT", "/calendars/alice/a.txt", "two", {{"If-Match", "\"stale\""}});
    CPPUNIT_ASSERT_EQUAL(412, stale.status);
    CPPUNIT_ASSERT_EQUAL(std::string("one"), fixture_->call("GET", "/calendars/alice/a.txt").body);
    auto fresh = fixture_->call("PUT", "/calendars/alice/a.txt", "two", {{"If-Match", *created.header("ETag")}});
    CPPUNIT_ASSERT_EQUAL(204, fresh.status);
    CPPUNIT_ASSERT_EQUAL(412, fixture_->call("DELETE", "/calendars/alice/a.txt", "", {{"If-Match", *created.header("ETag")}}).status);
  }

  void testIfNoneMatchStarRefusesOverwrite() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("PUT", "/calendars/alice/a.txt", "one", {{"If-None-Match", "*"}}).status);
    CPPUNIT_ASSERT_EQUAL(412, fixture_->call("PUT", "/calendars/alice/a.txt", "two", {{"If-None-Match", "*"}}).status);
  }

  void testPutWithoutParentIs409() {
    CPPUNIT_ASSERT_EQUAL(409, fixture_->call("PUT", "/calendars/alice/no/such/a.txt", "x").status);
  }

  void testPropfindDepthInfinityIsRefusedWithPrecondition() {
    for (auto headers : {std::vector<std::pair<std::string, std::string>>{{"Depth", "infinity"}},
                         std::vector<std::pair<std::string, std::string>>{}}) {
      auto response = fixture_->call("PROPFIND", "/calendars/alice/", "", headers);
      CPPUNIT_ASSERT_EQUAL(403, response.status);
      XmlQuery error(response.body);
      CPPUNIT_ASSERT(error.root().is("DAV:", "error"));
      CPPUNIT_ASSERT(error.root().child("DAV:", "propfind-finite-depth"));
    }
  }

  void testBadDepthIs400() {
    CPPUNIT_ASSERT_EQUAL(400, fixture_->call("PROPFIND", "/calendars/alice/", "", {{"Depth", "2"}}).status);
    CPPUNIT_ASSERT_EQUAL(400, fixture_->call("PROPFIND", "/calendars/alice/", "<junk", {{"Depth", "0"}}).status);
  }

  void testProppatchPersistsDeadPropertiesAndProtectsLiveOnes() {
    const std::string set =
        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x:color xmlns:x=\"urn:x\">red</x:color>"
        "</D:prop></D:set></D:propertyupdate>";
    auto patched = fixture_->call("PROPPATCH", "/calendars/alice/", set);
    CPPUNIT_ASSERT_EQUAL(207, patched.status);
    CPPUNIT_ASSERT_EQUAL(200, *XmlQuery(patched.body).propStatus("/calendars/alice/", "urn:x", "color"));
    const std::string mixed =
        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x:color xmlns:x=\"urn:x\">blue</x:color>"
        "<D:getetag>\"forged\"</D:getetag></D:prop></D:set></D:propertyupdate>";
    XmlQuery refused(fixture_->call("PROPPATCH", "/calendars/alice/", mixed).body);
    CPPUNIT_ASSERT_EQUAL(403, *refused.propStatus("/calendars/alice/", "DAV:", "getetag"));
    CPPUNIT_ASSERT_EQUAL(424, *refused.propStatus("/calendars/alice/", "urn:x", "color"));
    const std::string ask = "<D:propfind xmlns:D=\"DAV:\"><D:prop><x:color xmlns:x=\"urn:x\"/></D:prop></D:propfind>";
    XmlQuery found(fixture_->call("PROPFIND", "/calendars/alice/", ask, {{"Depth", "0"}}).body);
    const auto* color = found.prop("/calendars/alice/", "urn:x", "color");
    CPPUNIT_ASSERT(color);
    CPPUNIT_ASSERT_EQUAL(std::string("red"), color->textContent());
  }

  void testMkcolStatusCodes() {
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MKCOL", "/calendars/alice/c/").status);
    CPPUNIT_ASSERT_EQUAL(405, fixture_->call("MKCOL", "/calendars/alice/c/").status);
    CPPUNIT_ASSERT_EQUAL(409, fixture_->call("MKCOL", "/calendars/alice/x/y/").status);
    CPPUNIT_ASSERT_EQUAL(415, fixture_->call("MKCOL", "/calendars/alice/d/", "<x/>").status);
  }

  void testCopyAndMoveHonourOverwrite() {
    fixture_->call("PUT", "/calendars/alice/a.txt", "a");
    fixture_->call("PUT", "/calendars/alice/b.txt", "b");
    auto noOverwrite = fixture_->call("COPY", "/calendars/alice/a.txt", "",
                                      {{"Destination", "/calendars/alice/b.txt"}, {"Overwrite", "F"}});
    CPPUNIT_ASSERT_EQUAL(412, noOverwrite.status);
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("COPY", "/calendars/alice/a.txt", "", {{"Destination", "/calendars/alice/b.txt"}}).status);
    CPPUNIT_ASSERT_EQUAL(std::string("a"), fixture_->call("GET", "/calendars/alice/b.txt").body);
    CPPUNIT_ASSERT_EQUAL(201, fixture_->call("MOVE", "/calendars/alice/a.txt", "", {{"Destination", "/calendars/alice/c.txt"}}).status);
    CPPUNIT_ASSERT_EQUAL(404, fixture_->call("GET", "/calendars/alice/a.txt").status);
    CPPUNIT_ASSERT_EQUAL(400, fixture_->call("MOVE", "/calendars/alice/c.txt").status);
  }

  void testLockedResourceNeedsItsToken() {
    fixture_->call("PUT", "/calendars/alice/a.txt", "a");
    const std::string lockinfo =
        "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>"
        "<D:owner>alice</D:owner></D:lockinfo>";
    auto locked = fixture_->call("LOCK", "/calendars/alice/a.txt", lockinfo, {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL(200, locked.status);
    std::string token = *locked.header("Lock-Token");
    auto refused = fixture_->call("PUT", "/calendars/alice/a.txt", "b");
    CPPUNIT_ASSERT_EQUAL(423, refused.status);
    CPPUNIT_ASSERT(XmlQuery(refused.body).root().child("DAV:", "lock-token-submitted"));
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("PUT", "/calendars/alice/a.txt", "b", {{"If", "(" + token + ")"}}).status);
    CPPUNIT_ASSERT_EQUAL(423, fixture_->call("LOCK", "/calendars/alice/a.txt", lockinfo, {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("UNLOCK", "/calendars/alice/a.txt", "", {{"Lock-Token", token}}).status);
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("PUT", "/calendars/alice/a.txt", "c").status);
    fixture_->now_ += 10;
    auto expiring = fixture_->call("LOCK", "/calendars/alice/a.txt", lockinfo, {{"Timeout", "Second-5"}});
    CPPUNIT_ASSERT_EQUAL(200, expiring.status);
    fixture_->now_ += 6;
    CPPUNIT_ASSERT_EQUAL(204, fixture_->call("PUT", "/calendars/alice/a.txt", "d").status);
  }

  void testOptionsAdvertisesClass2() {
    auto response = fixture_->call("OPTIONS", "/calendars/alice/");
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT(response.header("DAV")->find("2") != std::string::npos);
    CPPUNIT_ASSERT(response.header("Allow")->find("PROPFIND") != std::string::npos);
  }

 private:
  std::unique_ptr<DispatcherFixture> fixture_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(DispatcherMethodsTest);
