// acl::Permissions: what one user may do where, from ownership and grants (no store needed:
// the grants are given loaded).
#include "dav/acl/Permissions.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::acl;
using caldav::storage::GrantRecord;

namespace {

GrantRecord grant(const std::string& path, std::vector<std::string> privileges) {
  return GrantRecord{1, path, "bob", std::move(privileges)};
}

}  // namespace

class PermissionsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PermissionsTest);
  CPPUNIT_TEST(testOwnerHoldsEverythingInTheirTree);
  CPPUNIT_TEST(testStructureIsReadableByEveryone);
  CPPUNIT_TEST(testGrantCoversTheCollectionAndWhatIsBelowIt);
  CPPUNIT_TEST(testGrantDoesNotCoverSiblingsWithACommonPrefix);
  CPPUNIT_TEST(testAnyGrantInAHomeLetsTheHomeAndPrincipalBeRead);
  CPPUNIT_TEST(testReadFreeBusyAloneIsNotRead);
  CPPUNIT_TEST(testNoGrantGivesNothingAndNeverWriteAcl);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOwnerHoldsEverythingInTheirTree() {
    Permissions alice("alice", std::vector<GrantRecord>{});
    CPPUNIT_ASSERT(alice.has("/calendars/alice/work/x.ics", privilege::kAll));
    CPPUNIT_ASSERT(alice.has("/principals/users/alice", privilege::kWriteAcl));
  }

  void testStructureIsReadableByEveryone() {
    Permissions bob("bob", std::vector<GrantRecord>{});
    CPPUNIT_ASSERT(bob.canRead("/calendars"));
    CPPUNIT_ASSERT(bob.canRead("/"));
    CPPUNIT_ASSERT(bob.has("/calendars", privilege::kReadFreeBusy));  // REPORT gets in
    CPPUNIT_ASSERT(!bob.canWrite("/calendars"));
  }

  void testGrantCoversTheCollectionAndWhatIsBelowIt() {
    Permissions bob("bob", {grant("/calendars/alice/work", {"read", "write"})});
    CPPUNIT_ASSERT(bob.canWrite("/calendars/alice/work"));
    CPPUNIT_ASSERT(bob.has("/calendars/alice/work/x.ics", privilege::kWrite | privilege::kRead));
    CPPUNIT_ASSERT(!bob.has("/calendars/alice/work", privilege::kWriteAcl));
    CPPUNIT_ASSERT(!bob.has("/calendars/alice", privilege::kUnbind));  // the calendar itself stays
  }

  void testGrantDoesNotCoverSiblingsWithACommonPrefix() {
    Permissions bob("bob", {grant("/calendars/alice/work", {"read"})});
    CPPUNIT_ASSERT(!bob.canRead("/calendars/alice/workshop/x.ics"));
    CPPUNIT_ASSERT(!bob.canRead("/calendars/alice/private"));
  }

  void testAnyGrantInAHomeLetsTheHomeAndPrincipalBeRead() {
    Permissions bob("bob", {grant("/calendars/alice/inbox", {"schedule-deliver"})});
    CPPUNIT_ASSERT(bob.canRead("/calendars/alice"));
    CPPUNIT_ASSERT(bob.canRead("/principals/users/alice"));
    CPPUNIT_ASSERT(!bob.canWrite("/calendars/alice"));
    CPPUNIT_ASSERT(!bob.canRead("/calendars/carol"));
  }

  void testReadFreeBusyAloneIsNotRead() {
    Permissions bob("bob", {grant("/calendars/alice/work", {"read-free-busy"})});
    CPPUNIT_ASSERT(bob.has("/calendars/alice/work", privilege::kReadFreeBusy));
    CPPUNIT_ASSERT(!bob.canRead("/calendars/alice/work/x.ics"));
  }

  void testNoGrantGivesNothingAndNeverWriteAcl() {
    Permissions carol("carol", {});
    CPPUNIT_ASSERT_EQUAL(PrivilegeSet{0}, carol.on("/calendars/alice/work"));
    Permissions bob("bob", {grant("/calendars/alice", {"read", "write", "unknown-token"})});
    CPPUNIT_ASSERT(!bob.has("/calendars/alice/work", privilege::kWriteAcl));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PermissionsTest);
