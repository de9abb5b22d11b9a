#include "storage/sql/SqliteStatements.h"

#include <sqlite3.h>

#include <cctype>

namespace caldav::storage::sql {
namespace {

[[noreturn]] void throwError(sqlite3* db, const std::string& context) {
  throw SqliteError(sqlite3_extended_errcode(db), context + ": " + sqlite3_errmsg(db));
}

bool isBlank(const char* text) {
  for (; *text != '\0'; ++text) {
    if (!std::isspace(static_cast<unsigned char>(*text)) && *text != ';') return false;
  }
  return true;
}

}  // namespace

bool SqliteError::isUniqueViolation() const {
  return code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
}

SqliteStatements::~SqliteStatements() { finalizeAll(); }

void SqliteStatements::finalizeAll() {
  for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
  cache_.clear();
}

sqlite3_stmt* SqliteStatements::get(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxStatements) finalizeAll();
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  // PERSISTENT: a hint that the statement is kept and reused (lookaside memory is spared).
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()) + 1, SQLITE_PREPARE_PERSISTENT, &statement,
                         &tail) != SQLITE_OK) {
    throwError(db_, "cannot prepare \"" + sql + "\"");
  }
  if (statement == nullptr || (tail != nullptr && !isBlank(tail))) {
    sqlite3_finalize(statement);
    throw SqliteError(SQLITE_MISUSE, "not exactly one SQL statement: \"" + sql + "\"");
  }
  cache_.emplace(sql, statement);
  return statement;
}

SqliteRun::SqliteRun(SqliteStatements& statements, const std::string& sql, const Params& params)
    : db_(statements.db()), statement_(statements.get(sql)) {
  if (static_cast<std::size_t>(sqlite3_bind_parameter_count(statement_)) != params.size()) {
    throw SqliteError(SQLITE_RANGE, "\"" + sql + "\" has " + std::to_string(sqlite3_bind_parameter_count(statement_)) +
                                        " placeholders, " + std::to_string(params.size()) + " values given");
  }
  int index = 1;
  for (const Param& param : params) {
    int rc = SQLITE_OK;
    if (const auto* number = std::get_if<Poco::Int64>(&param)) {
      rc = sqlite3_bind_int64(statement_, index, *number);
    } else if (const auto* text = std::get_if<std::string>(&param)) {
      // SQLITE_STATIC: `params` outlives this run, which unbinds in its destructor.
      rc = sqlite3_bind_text64(statement_, index, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
      const auto& content = std::get<Poco::Data::BLOB>(param).content();
      rc = content.empty() ? sqlite3_bind_zeroblob(statement_, index, 0)
                           : sqlite3_bind_blob64(statement_, index, content.data(), content.size(), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) {
      sqlite3_clear_bindings(statement_);
      throwError(db_, "cannot bind value " + std::to_string(index));
    }
    ++index;
  }
}

SqliteRun::~SqliteRun() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

bool SqliteRun::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throwError(db_, "SQLite");
}

std::size_t SqliteRun::changes() const { return static_cast<std::size_t>(sqlite3_changes64(db_)); }

void SqliteRun::read(int column, Poco::Int64& out) const { out = sqlite3_column_int64(statement_, column); }

void SqliteRun::read(int column, int& out) const { out = sqlite3_column_int(statement_, column); }

void SqliteRun::read(int column, std::string& out) const {
  // _blob rather than _text: the same bytes for a TEXT value, and a BLOB's bytes without a
  // conversion, so a body column reads straight into a string. Before _bytes, as SQLite asks.
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, column));
  if (bytes == nullptr) {
    out.clear();
  } else {
    out.assign(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }
}

void SqliteRun::read(int column, Poco::Data::BLOB& out) const {
  const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(statement_, column));
  const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
  if (data == nullptr || size == 0) {
    out = Poco::Data::BLOB();
  } else {
    out.assignRaw(data, size);
  }
}

}  // namespace caldav::storage::sql
