// Runs the store contract on PostgreSQL: one fresh database per test, created in the
// throwaway cluster whose storage URL is in the file named by $CALDAV_PG_URL_FILE.
#include "StoreContract.h"
#include "storage/sql/StorageUrl.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace caldav::storage::test {
namespace {

std::string clusterUrl() {
  const char* file = std::getenv("CALDAV_PG_URL_FILE");
  if (file == nullptr || *file == '\0') {
    CPPUNIT_FAIL("CALDAV_PG_URL_FILE is not set (start a cluster with tests/scripts/pg-cluster.sh)");
  }
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    CPPUNIT_FAIL(std::string("no storage URL in ") + file);
  }
  return url;
}

// Runs one statement outside any transaction on the cluster's own database.
void administer(const std::string& clusterUrl, const std::string& sql) {
  Poco::Data::PostgreSQL::Connector::registerConnector();
  Poco::Data::Session session("postgresql", sql::parseStorageUrl(clusterUrl).connectionString);
  session << sql, Poco::Data::Keywords::now;
}

}  // namespace

class PostgresqlStoreTest : public StoreContract {
  CPPUNIT_TEST_SUB_SUITE(PostgresqlStoreTest, StoreContract);
  CPPUNIT_TEST(testBackendNameIsPostgresql);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testBackendNameIsPostgresql() { CPPUNIT_ASSERT_EQUAL(std::string("postgresql"), store().backendName()); }

 protected:
  std::string freshDatabaseUrl() override {
    static std::atomic<int> counter{0};
    cluster_ = clusterUrl();
    database_ = "caldav_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    administer(cluster_, "CREATE DATABASE " + database_);
    return cluster_.substr(0, cluster_.rfind('/') + 1) + database_ + "?pool=8";
  }

  void dropDatabase() override {
    if (!database_.empty()) {
      administer(cluster_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    }
  }

 private:
  std::string cluster_;
  std::string database_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PostgresqlStoreTest, "postgresql");

}  // namespace caldav::storage::test
