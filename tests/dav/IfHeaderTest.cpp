#include "dav/HttpError.h"
#include "dav/locks/IfHeader.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::dav::HttpError;
using caldav::dav::locks::parseIfHeader;

class IfHeaderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(IfHeaderTest);
  CPPUNIT_TEST(testUntaggedListsWithTokensEtagsAndNot);
  CPPUNIT_TEST(testTaggedListsApplyToTheirResource);
  CPPUNIT_TEST(testMalformedHeadersAreRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testUntaggedListsWithTokensEtagsAndNot() {
    auto header = parseIfHeader("(<urn:uuid:1> [\"e1\"]) (Not <DAV:no-lock> [W/\"e2\"])");
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), header.lists.size());
    CPPUNIT_ASSERT(!header.lists[0].resourcePath);
    CPPUNIT_ASSERT_EQUAL(std::string("urn:uuid:1"), header.lists[0].conditions[0].value);
    CPPUNIT_ASSERT(header.lists[0].conditions[1].isEtag);
    CPPUNIT_ASSERT_EQUAL(std::string("\"e1\""), header.lists[0].conditions[1].value);
    CPPUNIT_ASSERT(header.lists[1].conditions[0].isNegated);
    CPPUNIT_ASSERT_EQUAL(std::string("\"e2\""), header.lists[1].conditions[1].value);
    auto tokens = header.submittedTokens();
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), tokens.size());
  }

  void testTaggedListsApplyToTheirResource() {
    auto header = parseIfHeader("<http://h/calendars/a/x%20y> (<urn:uuid:1>) </calendars/a/> ([\"e\"])");
    CPPUNIT_ASSERT_EQUAL(std::size_t(2), header.lists.size());
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/a/x y"), *header.lists[0].resourcePath);
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/a"), *header.lists[1].resourcePath);
  }

  void testMalformedHeadersAreRefused() {
    for (const char* bad : {"", "(", "()", "(<urn:x>", "<urn:x>", "junk", "(Not)", "</a/../b> (<x>)"}) {
      try {
        parseIfHeader(bad);
        CPPUNIT_FAIL(std::string("accepted ") + bad);
      } catch (const HttpError& error) {
        CPPUNIT_ASSERT_EQUAL(400, error.status());
      }
    }
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(IfHeaderTest);
