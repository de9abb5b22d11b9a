#include "storage/StoreError.h"
#include "storage/sql/StorageUrl.h"

#include <cppunit/extensions/HelperMacros.h>

namespace caldav::storage::test {

using sql::parseStorageUrl;

class StorageUrlTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StorageUrlTest);
  CPPUNIT_TEST(testSqliteUrlNamesTheFile);
  CPPUNIT_TEST(testPostgresqlUrlBecomesLibpqConnectionString);
  CPPUNIT_TEST(testPostgresqlPasswordIsDecodedAndQuoted);
  CPPUNIT_TEST(testPoolSizeIsConfigurable);
  CPPUNIT_TEST(testUnknownOrMalformedUrlIsInvalidUrl);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSqliteUrlNamesTheFile() {
    auto url = parseStorageUrl("sqlite:/var/lib/caldav/store.db");
    CPPUNIT_ASSERT(url.kind == sql::Dialect::Kind::Sqlite);
    CPPUNIT_ASSERT_EQUAL(std::string("/var/lib/caldav/store.db"), url.connectionString);
    CPPUNIT_ASSERT_EQUAL(std::string("data/x.db"), parseStorageUrl("sqlite:data/x.db").connectionString);
  }

  void testPostgresqlUrlBecomesLibpqConnectionString() {
    auto url = parseStorageUrl("postgresql://caldav@127.0.0.1:5433/caldav");
    CPPUNIT_ASSERT(url.kind == sql::Dialect::Kind::Postgresql);
    CPPUNIT_ASSERT_EQUAL(std::string("host='127.0.0.1' port=5433 user='caldav' dbname='caldav'"),
                         url.connectionString);
    CPPUNIT_ASSERT_EQUAL(sql::kDefaultPostgresqlPoolSize, url.poolSize);
  }

  void testPostgresqlPasswordIsDecodedAndQuoted() {
    auto url = parseStorageUrl("postgresql://bob:p%40ss'w@db.example:5432/cal");
    CPPUNIT_ASSERT_EQUAL(std::string("host='db.example' port=5432 user='bob' dbname='cal' password='p@ss\\'w'"),
                         url.connectionString);
  }

  void testPoolSizeIsConfigurable() {
    CPPUNIT_ASSERT_EQUAL(4, parseStorageUrl("postgresql://u@h:1/d?pool=4").poolSize);
  }

  void testUnknownOrMalformedUrlIsInvalidUrl() {
    for (const char* bad : {"mysql://u@h/d", "sqlite:", "postgresql://h:5432/d", "postgresql://u@h:x/d",
                            "postgresql://u@h:5432/", "postgresql://u@h:1/d?pool=0", "postgresql://u@h:1/d?x=1"}) {
      try {
        parseStorageUrl(bad);
        CPPUNIT_FAIL(std::string("accepted ") + bad);
      } catch (const StoreError& error) {
        CPPUNIT_ASSERT_MESSAGE(bad, error.code() == StoreError::Code::InvalidUrl);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StorageUrlTest, "unit");

}  // namespace caldav::storage::test
