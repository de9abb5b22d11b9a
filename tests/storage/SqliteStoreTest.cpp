// Runs the store contract on SQLite, one temporary database file per test.
#include "StoreContract.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <filesystem>

namespace caldav::storage::test {

class SqliteStoreTest : public StoreContract {
  CPPUNIT_TEST_SUB_SUITE(SqliteStoreTest, StoreContract);
  CPPUNIT_TEST(testBackendNameIsSqlite);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testBackendNameIsSqlite() { CPPUNIT_ASSERT_EQUAL(std::string("sqlite"), store().backendName()); }

 protected:
  std::string freshDatabaseUrl() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "caldav-storage-XXXXXX").string();
    CPPUNIT_ASSERT(::mkdtemp(pattern.data()) != nullptr);
    directory_ = pattern;
    return "sqlite:" + (directory_ / "store.db").string();
  }

  void dropDatabase() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

 private:
  std::filesystem::path directory_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SqliteStoreTest, "sqlite");

}  // namespace caldav::storage::test
