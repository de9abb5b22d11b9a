#include "dav/Href.h"
#include "dav/HttpError.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::dav::HttpError;
using caldav::dav::hrefFor;
using caldav::dav::xmlEscape;
using caldav::dav::resolveTarget;

class HrefTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HrefTest);
  CPPUNIT_TEST(testDecodesPercentEscapesAndNonAscii);
  CPPUNIT_TEST(testCollapsesRepeatedSlashesAndRemembersTrailingSlash);
  CPPUNIT_TEST(testAbsoluteUrlAndQueryAreReducedToThePath);
  CPPUNIT_TEST(testTraversalAndEncodedSeparatorsAreRefused);
  CPPUNIT_TEST(testControlBytesAndBadUtf8AreRefused);
  CPPUNIT_TEST(testEncodedControlCharactersAreDataAndRoundTrip);
  CPPUNIT_TEST(testEscapesAnywhereInASegmentAreDecodedAndChecked);
  CPPUNIT_TEST(testHrefEncodesWhatIsNotSafe);
  CPPUNIT_TEST(testXmlEscapeReplacesOnlyMarkup);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDecodesPercentEscapesAndNonAscii() {
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/a b/caf\xC3\xA9"), resolveTarget("/calendars/a%20b/caf%C3%A9").path);
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/caf\xC3\xA9"), resolveTarget("/calendars/caf\xC3\xA9").path);
  }

  void testCollapsesRepeatedSlashesAndRemembersTrailingSlash() {
    auto target = resolveTarget("//calendars///alice/");
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/alice"), target.path);
    CPPUNIT_ASSERT(target.hadTrailingSlash);
    CPPUNIT_ASSERT_EQUAL(std::string("/"), resolveTarget("/").path);
  }

  void testAbsoluteUrlAndQueryAreReducedToThePath() {
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/x"), resolveTarget("http://host:80/calendars/x?a=b").path);
    CPPUNIT_ASSERT_EQUAL(std::string("/"), resolveTarget("https://host").path);
  }

  void testTraversalAndEncodedSeparatorsAreRefused() {
    for (const char* bad : {"/calendars/../etc", "/a/./b", "/a/%2e%2e/b", "/a/%2E%2E", "/a%2Fb", "/a%5cb", "relative",
                            "/a/%2e", "/a/#frag"}) {
      assertRefused(bad);
    }
  }

  void testEscapesAnywhereInASegmentAreDecodedAndChecked() {
    CPPUNIT_ASSERT_EQUAL(std::string("/a b/c%/x"), resolveTarget("/%61%20b/c%25/%78").path);
    CPPUNIT_ASSERT_EQUAL(std::string("/plain/segments"), resolveTarget("/plain/segments").path);
    for (const char* bad : {"/a/%2e%2E/b", "/a/%2E", "/x%00y", "/x%", "/x%4", "/x%G1", "/a%5Cb"}) {
      CPPUNIT_ASSERT_THROW_MESSAGE(bad, resolveTarget(bad), HttpError);
    }
  }

  void testControlBytesAndBadUtf8AreRefused() {
    for (const char* bad : {"/a%00b", "/a%ff", "/a%C3", "/a%", "/a%zz", "/a%ED%A0%80"}) assertRefused(bad);
    assertRefused(std::string("/a\nb"));  // raw, not encoded
    assertRefused(std::string("/a\x7F"));
  }

  void testEncodedControlCharactersAreDataAndRoundTrip() {
    CPPUNIT_ASSERT_EQUAL(std::string("/c/a\nb.ics"), resolveTarget("/c/a%0Ab.ics").path);
    CPPUNIT_ASSERT_EQUAL(std::string("/c/\t\r\x7F"), resolveTarget("/c/%09%0d%7f").path);
    CPPUNIT_ASSERT_EQUAL(std::string("/c/a%0Ab.ics"), hrefFor("/c/a\nb.ics", false));
    CPPUNIT_ASSERT_EQUAL(std::string("/c/%09%0D%7F/"), hrefFor("/c/\t\r\x7F", true));
  }

  void testHrefEncodesWhatIsNotSafe() {
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/a%20b/caf%C3%A9/"), hrefFor("/calendars/a b/caf\xC3\xA9", true));
    CPPUNIT_ASSERT_EQUAL(std::string("/x/100%25%3F%23"), hrefFor("/x/100%?#", false));
    CPPUNIT_ASSERT_EQUAL(std::string("/"), hrefFor("/", true));
    CPPUNIT_ASSERT_EQUAL(std::string("/x/100%?#"), resolveTarget(hrefFor("/x/100%?#", false)).path);
    // Unsafe bytes first, last and next to each other; safe runs copied whole between them.
    CPPUNIT_ASSERT_EQUAL(std::string("%20a%22%3C%3Eb%5C"), hrefFor(" a\"<>b\\", false));
    CPPUNIT_ASSERT_EQUAL(std::string("/-._~@:!$'()*+,;=/"), hrefFor("/-._~@:!$'()*+,;=", true));
    CPPUNIT_ASSERT_EQUAL(std::string("%00%FF"), hrefFor(std::string_view("\x00\xFF", 2), false));
    CPPUNIT_ASSERT_EQUAL(std::string("/"), hrefFor("", true));
  }

  void testXmlEscapeReplacesOnlyMarkup() {
    CPPUNIT_ASSERT_EQUAL(std::string(""), xmlEscape(""));
    CPPUNIT_ASSERT_EQUAL(std::string("plain text\r\n"), xmlEscape("plain text\r\n"));
    CPPUNIT_ASSERT_EQUAL(std::string("&lt;a href=&quot;x&quot;&gt;&amp;&amp;&lt;/a&gt;"), xmlEscape("<a href=\"x\">&&</a>"));
    CPPUNIT_ASSERT_EQUAL(std::string("&amp;start, middle &lt; end&gt;"), xmlEscape("&start, middle < end>"));
    CPPUNIT_ASSERT_EQUAL(std::string("caf\xc3\xa9 \x00'", 8), xmlEscape(std::string_view("caf\xc3\xa9 \x00'", 8)));
    // In place, from a position on: what comes before is left alone.
    std::string answer = "<x>a & b";
    caldav::dav::escapeXmlFrom(answer, 3);
    CPPUNIT_ASSERT_EQUAL(std::string("<x>a &amp; b"), answer);
    caldav::dav::escapeXmlFrom(answer, answer.size());
    CPPUNIT_ASSERT_EQUAL(std::string("<x>a &amp; b"), answer);
  }

 private:
  static void assertRefused(const std::string& target) {
    try {
      resolveTarget(target);
      CPPUNIT_FAIL("accepted " + target);
    } catch (const HttpError& error) {
      CPPUNIT_ASSERT_EQUAL(400, error.status());
    }
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(HrefTest);
