#include "storage/CanonicalPath.h"

#include <cppunit/extensions/HelperMacros.h>

namespace caldav::storage::test {

class CanonicalPathTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CanonicalPathTest);
  CPPUNIT_TEST(testIsCanonicalAcceptsRootAndPlainPaths);
  CPPUNIT_TEST(testIsCanonicalRejectsEmptyDotAndTrailingSegments);
  CPPUNIT_TEST(testParentAndNameOf);
  CPPUNIT_TEST(testJoin);
  CPPUNIT_TEST(testIsSameOrBelowRespectsSegmentBoundaries);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testIsCanonicalAcceptsRootAndPlainPaths() {
    CPPUNIT_ASSERT(isCanonical("/"));
    CPPUNIT_ASSERT(isCanonical("/a"));
    CPPUNIT_ASSERT(isCanonical("/calendars/alice/caf\xc3\xa9 %_.ics"));
    CPPUNIT_ASSERT(isCanonical("/a/.hidden/..x"));
  }

  void testIsCanonicalRejectsEmptyDotAndTrailingSegments() {
    for (const char* bad : {"", "a", "a/b", "//", "/a/", "/a//b", "/./a", "/a/..", "/a/./b"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !isCanonical(bad));
    }
  }

  void testParentAndNameOf() {
    CPPUNIT_ASSERT_EQUAL(std::string(""), parentOf("/"));
    CPPUNIT_ASSERT_EQUAL(std::string("/"), parentOf("/a"));
    CPPUNIT_ASSERT_EQUAL(std::string("/a/b"), parentOf("/a/b/c.ics"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), nameOf("/"));
    CPPUNIT_ASSERT_EQUAL(std::string("a"), nameOf("/a"));
    CPPUNIT_ASSERT_EQUAL(std::string("c.ics"), nameOf("/a/b/c.ics"));
  }

  void testJoin() {
    CPPUNIT_ASSERT_EQUAL(std::string("/a"), join("/", "a"));
    CPPUNIT_ASSERT_EQUAL(std::string("/a/b"), join("/a", "b"));
    CPPUNIT_ASSERT_EQUAL(std::string("/a/b/c"), join(parentOf("/a/b/x"), nameOf("/q/c")));
  }

  void testIsSameOrBelowRespectsSegmentBoundaries() {
    CPPUNIT_ASSERT(isSameOrBelow("/a/b", "/a/b"));
    CPPUNIT_ASSERT(isSameOrBelow("/a/b/c", "/a/b"));
    CPPUNIT_ASSERT(!isSameOrBelow("/a/bc", "/a/b"));
    CPPUNIT_ASSERT(!isSameOrBelow("/a", "/a/b"));
    CPPUNIT_ASSERT(isSameOrBelow("/a", "/"));
    CPPUNIT_ASSERT(isSameOrBelow("/", "/"));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CanonicalPathTest, "unit");

}  // namespace caldav::storage::test
