#pragma once

#include "storage/OpenStore.h"
#include "storage/Store.h"
#include "storage/StoreError.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace caldav::storage::sql {
class SqlStore;
}

namespace caldav::storage::test {

// The behaviour every Store backend must show. Each backend test derives from this fixture,
// supplies a fresh, empty database per test, and registers itself with
// CPPUNIT_TEST_SUB_SUITE(Derived, StoreContract). A new storage behaviour gets one test here.
class StoreContract : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StoreContract);
  // Tree and bodies (StoreContractTree.cpp)
  CPPUNIT_TEST(testOpenCreatesFixedCollections);
  CPPUNIT_TEST(testPutThenReadIsByteIdenticalIncludingBinary);
  CPPUNIT_TEST(testEtagChangesWithBodyAndStaysForSameBody);
  CPPUNIT_TEST(testReplaceKeepsIdOwnerAndCreatedAt);
  CPPUNIT_TEST(testPutWithMissingParentIsNotFound);
  CPPUNIT_TEST(testPutBelowResourceOrOntoCollectionIsConflict);
  CPPUNIT_TEST(testCreateCollectionTwiceIsAlreadyExists);
  CPPUNIT_TEST(testListChildrenAndDescendantsWithSpecialNames);
  CPPUNIT_TEST(testDeleteTreeRemovesSubtreePropertiesAndLocks);
  CPPUNIT_TEST(testDeleteMissingIsNotFound);
  CPPUNIT_TEST(testReadBodyOfMissingNodeIsNotFound);
  CPPUNIT_TEST(testBatchedBodiesAndPropertiesById);
  CPPUNIT_TEST(testPropertiesSetReplaceRemove);
  // Copy and move (StoreContractTransfer.cpp)
  CPPUNIT_TEST(testShallowCopyCopiesCollectionAndPropertiesOnly);
  CPPUNIT_TEST(testDeepCopyCopiesBodiesEtagsAndProperties);
  CPPUNIT_TEST(testCopyOrMoveOntoExistingIsAlreadyExists);
  CPPUNIT_TEST(testCopyOrMoveIntoItselfIsConflict);
  CPPUNIT_TEST(testMoveKeepsIdsEtagsPropertiesAndDropsLocks);
  CPPUNIT_TEST(testMoveRewritesNonAsciiSubtree);
  // Change log, users, locks (StoreContractLog.cpp)
  CPPUNIT_TEST(testMutationsAppendToParentLogAndAdvanceSyncSeq);
  CPPUNIT_TEST(testChangesSinceReturnsLatestEntryPerMember);
  CPPUNIT_TEST(testChangesSinceHonoursLimit);
  CPPUNIT_TEST(testMoveLogsDeleteInOldParentAndAddInNewParent);
  CPPUNIT_TEST(testUsersCreateDuplicateAndSetPasswordHash);
  CPPUNIT_TEST(testUserEmailIsStoredListedAndReplaced);
  CPPUNIT_TEST(testLocksCoveringIncludesSelfAndDeepAncestorsOnly);
  CPPUNIT_TEST(testLocksBelowAndExpiry);
  CPPUNIT_TEST(testPutLockReplacesByToken);
  // Transactions (StoreContractTransactions.cpp)
  CPPUNIT_TEST(testWriteRollsBackWhenDestroyedWithoutCommit);
  CPPUNIT_TEST(testReopenRunsMigrationsOnceAndKeepsData);
  CPPUNIT_TEST(testReadTransactionSeesOneSnapshot);
  CPPUNIT_TEST(testReaderIsNotBlockedByOpenWriter);
  CPPUNIT_TEST(testConcurrentWritersOnSameKeySerialize);
  CPPUNIT_TEST(testConcurrentWritersKeepOthersChangesWhenOneFails);
  // Object index and instances (StoreContractIndex.cpp)
  CPPUNIT_TEST(testSetObjectIndexStoresHeaderAndInstances);
  CPPUNIT_TEST(testFindInstanceSpansFiltersByTypeAndBusyTime);
  CPPUNIT_TEST(testSetObjectIndexReplacesPreviousIndex);
  CPPUNIT_TEST(testSetObjectIndexOnMissingNodeOrCollectionFails);
  CPPUNIT_TEST(testPutResourceRemovesIndexAndInstances);
  CPPUNIT_TEST(testUidIsUniquePerCollectionOnly);
  CPPUNIT_TEST(testCopyGivesCopiesTheirOwnIndex);
  CPPUNIT_TEST(testMoveKeepsIndexAndChangesItsCollection);
  CPPUNIT_TEST(testDeleteTreeRemovesIndexAndInstances);
  CPPUNIT_TEST(testFindInstancesIncludesLongEventsAndBoundaryInstants);
  CPPUNIT_TEST(testSetObjectIndexWithThousandsOfInstances);
  CPPUNIT_TEST(testObjectsIndexedBeforeReturnsIncompleteOldestFirst);
  // Store id, batched reads, migrations (StoreContractQueries.cpp)
  CPPUNIT_TEST(testStoreIdIsStableAcrossReopen);
  CPPUNIT_TEST(testFindNodesKeepsOrderAndSkipsAbsentPaths);
  CPPUNIT_TEST(testBatchedLookupsAreExactForEveryListLength);
  CPPUNIT_TEST(testPropertiesOfGroupsByNode);
  CPPUNIT_TEST(testMigrationUpgradesVersion1Database);
  // Scheduling: schema 8 (StoreContractScheduling.cpp)
  CPPUNIT_TEST(testUserKindAndAutoScheduleAreStoredAndReplaced);
  CPPUNIT_TEST(testFindUserByEmailIgnoresAsciiCase);
  CPPUNIT_TEST(testScheduleTagIsSetQuotedReplacedAndRemoved);
  CPPUNIT_TEST(testScheduleTagFollowsPutMoveCopyAndDelete);
  CPPUNIT_TEST(testOutboundMessagesAreQueuedListedAndUpdated);
  CPPUNIT_TEST(testMigrationFromVersion7MakesUsersIndividuals);
  // Grants (StoreContractGrants.cpp)
  CPPUNIT_TEST(testGrantsAreReadByNodeAndByPrincipal);
  CPPUNIT_TEST(testSetGrantsReplacesAllGrantsOfTheNode);
  CPPUNIT_TEST(testGrantsGoWithTheirNodeAndFollowMoves);
  CPPUNIT_TEST(testSetGrantsOnMissingNodeIsNotFound);
  CPPUNIT_TEST_SUITE_END_ABSTRACT();

 public:
  void setUp() override;
  void tearDown() override;

  void testOpenCreatesFixedCollections();
  void testPutThenReadIsByteIdenticalIncludingBinary();
  void testEtagChangesWithBodyAndStaysForSameBody();
  void testReplaceKeepsIdOwnerAndCreatedAt();
  void testPutWithMissingParentIsNotFound();
  void testPutBelowResourceOrOntoCollectionIsConflict();
  void testCreateCollectionTwiceIsAlreadyExists();
  void testListChildrenAndDescendantsWithSpecialNames();
  void testDeleteTreeRemovesSubtreePropertiesAndLocks();
  void testDeleteMissingIsNotFound();
  void testReadBodyOfMissingNodeIsNotFound();
  void testBatchedBodiesAndPropertiesById();
  void testPropertiesSetReplaceRemove();

  void testShallowCopyCopiesCollectionAndPropertiesOnly();
  void testDeepCopyCopiesBodiesEtagsAndProperties();
  void testCopyOrMoveOntoExistingIsAlreadyExists();
  void testCopyOrMoveIntoItselfIsConflict();
  void testMoveKeepsIdsEtagsPropertiesAndDropsLocks();
  void testMoveRewritesNonAsciiSubtree();

  void testMutationsAppendToParentLogAndAdvanceSyncSeq();
  void testChangesSinceReturnsLatestEntryPerMember();
  void testChangesSinceHonoursLimit();
  void testMoveLogsDeleteInOldParentAndAddInNewParent();
  void testUsersCreateDuplicateAndSetPasswordHash();
  void testUserEmailIsStoredListedAndReplaced();
  void testLocksCoveringIncludesSelfAndDeepAncestorsOnly();
  void testLocksBelowAndExpiry();
  void testPutLockReplacesByToken();

  void testWriteRollsBackWhenDestroyedWithoutCommit();
  void testReopenRunsMigrationsOnceAndKeepsData();
  void testReadTransactionSeesOneSnapshot();
  void testReaderIsNotBlockedByOpenWriter();
  void testConcurrentWritersOnSameKeySerialize();
  void testConcurrentWritersKeepOthersChangesWhenOneFails();

  void testSetObjectIndexStoresHeaderAndInstances();
  void testFindInstanceSpansFiltersByTypeAndBusyTime();
  void testSetObjectIndexReplacesPreviousIndex();
  void testSetObjectIndexOnMissingNodeOrCollectionFails();
  void testPutResourceRemovesIndexAndInstances();
  void testUidIsUniquePerCollectionOnly();
  void testCopyGivesCopiesTheirOwnIndex();
  void testMoveKeepsIndexAndChangesItsCollection();
  void testDeleteTreeRemovesIndexAndInstances();
  void testFindInstancesIncludesLongEventsAndBoundaryInstants();
  void testSetObjectIndexWithThousandsOfInstances();
  void testObjectsIndexedBeforeReturnsIncompleteOldestFirst();

  void testStoreIdIsStableAcrossReopen();
  void testFindNodesKeepsOrderAndSkipsAbsentPaths();
  void testBatchedLookupsAreExactForEveryListLength();
  void testPropertiesOfGroupsByNode();
  void testMigrationUpgradesVersion1Database();

  void testUserKindAndAutoScheduleAreStoredAndReplaced();
  void testFindUserByEmailIgnoresAsciiCase();
  void testScheduleTagIsSetQuotedReplacedAndRemoved();
  void testScheduleTagFollowsPutMoveCopyAndDelete();
  void testOutboundMessagesAreQueuedListedAndUpdated();
  void testMigrationFromVersion7MakesUsersIndividuals();
  void testGrantsAreReadByNodeAndByPrincipal();
  void testSetGrantsReplacesAllGrantsOfTheNode();
  void testGrantsGoWithTheirNodeAndFollowMoves();
  void testSetGrantsOnMissingNodeIsNotFound();

 protected:
  // Returns the URL of a fresh, empty database for the current test.
  virtual std::string freshDatabaseUrl() = 0;
  // Releases what freshDatabaseUrl() created (after the store is closed).
  virtual void dropDatabase() {}

  Store& store() { return *store_; }
  const std::string& url() const { return url_; }
  void reopen();

  // Helpers for arranging trees: each runs in its own committed write transaction.
  NodeRecord put(const std::string& path, const std::string& body, const std::string& owner = "alice");
  NodeRecord mkcol(const std::string& path, const std::string& owner = "alice");
  NodeRecord node(const std::string& path);  // fails the test if absent
  bool exists(const std::string& path);
  std::string body(const std::string& path);
  // Sets the object index of the resource at `path` (committed).
  void setIndex(const std::string& path, const ObjectIndex& index);
  // Closes the store, replaces the database by a fresh one at schema `version` (as an
  // older release left it) and returns a store on it; reopen() then upgrades it.
  std::unique_ptr<sql::SqlStore> recreateAtVersion(int version);
  // Runs one SQL statement on the test's database outside the store, as an older release
  // would have written it (after recreateAtVersion, with the old store closed).
  void execOnDatabase(const std::string& sql);

 private:
  std::string url_;
  StorePtr store_;
};

// Now for tests: a fixed clock value, well inside the Unix-seconds range.
constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kDay = 86'400;

// An index with UID `uid` (VEVENT, complete) whose instances span the given [start, end].
ObjectIndex eventIndex(const std::string& uid, const std::vector<std::pair<std::int64_t, std::int64_t>>& spans);

}  // namespace caldav::storage::test

// Asserts that `expression` throws StoreError with code `expectedCode`.
#define CALDAV_ASSERT_STORE_ERROR(expectedCode, expression)                                                \
  do {                                                                                                     \
    bool caldavThrew_ = false;                                                                             \
    try {                                                                                                  \
      expression;                                                                                          \
    } catch (const ::caldav::storage::StoreError& caldavError_) {                                          \
      caldavThrew_ = true;                                                                                 \
      CPPUNIT_ASSERT_MESSAGE(std::string("wrong StoreError code: ") + caldavError_.what(),                 \
                             caldavError_.code() == ::caldav::storage::StoreError::Code::expectedCode);    \
    }                                                                                                      \
    CPPUNIT_ASSERT_MESSAGE("expected StoreError{" #expectedCode "} from " #expression, caldavThrew_);       \
  } while (false)
