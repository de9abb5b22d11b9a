// SqliteStatements / SqliteRun: the statement cache and the raw binding and reading of values
// that SqlConnection uses on SQLite, on an in-memory database.
#include "storage/sql/SqliteStatements.h"

#include <cppunit/extensions/HelperMacros.h>
#include <sqlite3.h>

#include <limits>

namespace caldav::storage::test {

using sql::Params;
using sql::SqliteError;
using sql::SqliteRun;
using sql::SqliteStatements;

class SqliteStatementsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SqliteStatementsTest);
  CPPUNIT_TEST(testStatementIsPreparedOnceAndReused);
  CPPUNIT_TEST(testValuesRoundTripExactly);
  CPPUNIT_TEST(testNullReadsAsZeroEmptyTextAndEmptyBlob);
  CPPUNIT_TEST(testBadSqlAndSeveralStatementsAreRefused);
  CPPUNIT_TEST(testWrongNumberOfValuesIsRefused);
  CPPUNIT_TEST(testUniqueViolationIsRecognized);
  CPPUNIT_TEST(testRunResetsItsStatementEvenWhenStoppedEarly);
  CPPUNIT_TEST(testCacheStaysBoundedForUnboundedTexts);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_open(":memory:", &db_));
    statements_ = std::make_unique<SqliteStatements>(db_);
    exec("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, b BLOB)");
  }

  void tearDown() override {
    statements_.reset();  // finalized before the connection closes
    CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_close(db_));
  }

  void testStatementIsPreparedOnceAndReused() {
    const std::string sql = "SELECT n FROM t WHERE id = ?";
    sqlite3_stmt* first = statements_->get(sql);
    CPPUNIT_ASSERT(first == statements_->get(sql));
    CPPUNIT_ASSERT(first != statements_->get("SELECT s FROM t WHERE id = ?"));
    insert(1, 10, "a");
    insert(2, 20, "b");
    CPPUNIT_ASSERT_EQUAL(Poco::Int64{10}, readN(sql, 1));
    CPPUNIT_ASSERT_EQUAL(Poco::Int64{20}, readN(sql, 2));  // rebound, not the first value
  }

  void testValuesRoundTripExactly() {
    const std::string text("nul\0inside", 10);
    const unsigned char bytes[] = {0, 255, 1, 0};
    {
      Params params{Poco::Int64{std::numeric_limits<Poco::Int64>::min()}, text, Poco::Data::BLOB(bytes, sizeof bytes)};
      SqliteRun run(*statements_, "INSERT INTO t (id, n, s, b) VALUES (1, ?, ?, ?)", params);
      CPPUNIT_ASSERT(!run.step());
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, run.changes());
    }
    Params none;
    SqliteRun run(*statements_, "SELECT n, s, b FROM t", none);
    CPPUNIT_ASSERT(run.step());
    Poco::Int64 n = 0;
    std::string s;
    Poco::Data::BLOB b;
    run.read(0, n);
    run.read(1, s);
    run.read(2, b);
    CPPUNIT_ASSERT_EQUAL(std::numeric_limits<Poco::Int64>::min(), n);
    CPPUNIT_ASSERT_EQUAL(text, s);
    CPPUNIT_ASSERT_EQUAL(sizeof bytes, b.size());
    CPPUNIT_ASSERT(std::equal(bytes, bytes + sizeof bytes, b.rawContent()));
    CPPUNIT_ASSERT(!run.step());
  }

  void testNullReadsAsZeroEmptyTextAndEmptyBlob() {
    Params empty{Poco::Data::BLOB()};
    { SqliteRun run(*statements_, "INSERT INTO t (id, b) VALUES (1, ?)", empty); run.step(); }
    Params none;
    SqliteRun run(*statements_, "SELECT n, s, b, b IS NULL FROM t", none);
    CPPUNIT_ASSERT(run.step());
    Poco::Int64 n = 7;
    std::string s = "x";
    Poco::Data::BLOB b(reinterpret_cast<const unsigned char*>("x"), 1);
    Poco::Int64 isNull = 1;
    run.read(0, n);
    run.read(1, s);
    run.read(2, b);
    run.read(3, isNull);
    CPPUNIT_ASSERT_EQUAL(Poco::Int64{0}, n);
    CPPUNIT_ASSERT(s.empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, b.size());
    CPPUNIT_ASSERT_EQUAL(Poco::Int64{0}, isNull);  // an empty blob is bound as a blob, not as NULL
  }

  void testBadSqlAndSeveralStatementsAreRefused() {
    CPPUNIT_ASSERT_THROW(statements_->get("SELEC nothing"), SqliteError);
    CPPUNIT_ASSERT_THROW(statements_->get("SELECT 1; SELECT 2"), SqliteError);
    CPPUNIT_ASSERT(statements_->get("SELECT 1;  ") != nullptr);  // a trailing separator is fine
    try {
      statements_->get("SELECT * FROM missing");
      CPPUNIT_FAIL("no error");
    } catch (const SqliteError& error) {
      CPPUNIT_ASSERT(std::string(error.what()).find("no such table: missing") != std::string::npos);
    }
  }

  void testWrongNumberOfValuesIsRefused() {
    Params one{Poco::Int64{1}};
    CPPUNIT_ASSERT_THROW(SqliteRun(*statements_, "SELECT ?, ?", one), SqliteError);
    SqliteRun run(*statements_, "SELECT ?, ?", Params{Poco::Int64{1}, Poco::Int64{2}});  // usable afterwards
    CPPUNIT_ASSERT(run.step());
  }

  void testUniqueViolationIsRecognized() {
    insert(1, 1, "a");
    try {
      insert(1, 2, "b");
      CPPUNIT_FAIL("no error");
    } catch (const SqliteError& error) {
      CPPUNIT_ASSERT(error.isUniqueViolation());
    }
    try {
      exec("INSERT INTO t (id, n) VALUES ('not a number', 1)");
      CPPUNIT_FAIL("no error");
    } catch (const SqliteError& error) {
      CPPUNIT_ASSERT(!error.isUniqueViolation());
    }
  }

  void testRunResetsItsStatementEvenWhenStoppedEarly() {
    insert(1, 1, "a");
    insert(2, 2, "b");
    const std::string sql = "SELECT id FROM t ORDER BY id";
    {
      Params none;
      SqliteRun run(*statements_, sql, none);
      CPPUNIT_ASSERT(run.step());  // one row of two read, then abandoned
      CPPUNIT_ASSERT(sqlite3_stmt_busy(statements_->get(sql)) != 0);
    }
    CPPUNIT_ASSERT_EQUAL(0, sqlite3_stmt_busy(statements_->get(sql)));  // no read left open
    CPPUNIT_ASSERT_EQUAL(Poco::Int64{1}, readN("SELECT id FROM t ORDER BY id", 0, false));
  }

  void testCacheStaysBoundedForUnboundedTexts() {
    for (std::size_t i = 0; i < 2 * SqliteStatements::kMaxStatements + 7; ++i) {
      const std::string sql = "SELECT " + std::to_string(i);
      Params none;
      SqliteRun run(*statements_, sql, none);
      CPPUNIT_ASSERT(run.step());
      Poco::Int64 value = -1;
      run.read(0, value);
      CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Int64>(i), value);
      CPPUNIT_ASSERT(statements_->size() <= SqliteStatements::kMaxStatements);
    }
  }

 private:
  void exec(const std::string& sql) {
    Params none;
    SqliteRun run(*statements_, sql, none);
    while (run.step()) {
    }
  }

  void insert(Poco::Int64 id, Poco::Int64 n, const std::string& s) {
    Params params{id, n, s};
    SqliteRun run(*statements_, "INSERT INTO t (id, n, s) VALUES (?, ?, ?)", params);
    run.step();
  }

  Poco::Int64 readN(const std::string& sql, Poco::Int64 id, bool bindId = true) {
    const Params params = bindId ? Params{sql::arg(id)} : Params{};
    SqliteRun run(*statements_, sql, params);
    CPPUNIT_ASSERT(run.step());
    Poco::Int64 n = 0;
    run.read(0, n);
    return n;
  }

  sqlite3* db_ = nullptr;
  std::unique_ptr<SqliteStatements> statements_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SqliteStatementsTest, "unit");

}  // namespace caldav::storage::test
