#include "dav/Access.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav;

class AccessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AccessTest);
  CPPUNIT_TEST(testOwnerComesFromTheUrlScheme);
  CPPUNIT_TEST(testUsersReachOnlyTheirOwnTrees);
  CPPUNIT_TEST(testStructureHomesAndPrincipalsAreFixed);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOwnerComesFromTheUrlScheme() {
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), ownerOfPath("/calendars/alice/work/x.ics"));
    CPPUNIT_ASSERT_EQUAL(std::string("alice"), ownerOfPath("/principals/users/alice"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), ownerOfPath("/calendars"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), ownerOfPath("/calendarsx/alice"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), ownerOfPath("/"));
  }

  void testUsersReachOnlyTheirOwnTrees() {
    CPPUNIT_ASSERT(canRead("alice", "/calendars/alice/x"));
    CPPUNIT_ASSERT(!canRead("bob", "/calendars/alice/x"));
    CPPUNIT_ASSERT(!canRead("bob", "/principals/users/alice"));
    CPPUNIT_ASSERT(canRead("bob", "/calendars"));
    CPPUNIT_ASSERT(!canWrite("bob", "/calendars"));
    CPPUNIT_ASSERT(!canWrite("bob", "/"));
    CPPUNIT_ASSERT(canWrite("bob", "/calendars/bob/new"));
    CPPUNIT_ASSERT(!canWrite("bob", "/calendars/alice/new"));
  }

  void testStructureHomesAndPrincipalsAreFixed() {
    CPPUNIT_ASSERT(isFixedNode("/"));
    CPPUNIT_ASSERT(isFixedNode("/calendars/alice"));
    CPPUNIT_ASSERT(isFixedNode("/principals/users/alice"));
    CPPUNIT_ASSERT(!isFixedNode("/calendars/alice/work"));
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AccessTest);
