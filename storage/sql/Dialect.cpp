#include "storage/sql/Dialect.h"

namespace caldav::storage::sql {

std::string Dialect::name() const { return isSqlite() ? "sqlite" : "postgresql"; }

std::string Dialect::rewrite(std::string_view text) const {
  if (isSqlite()) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size() + 16);
  int next = 1;
  bool inLiteral = false;
  for (char c : text) {
    if (c == '\'') {
      inLiteral = !inLiteral;  // '' inside a literal toggles twice, which is harmless
    }
    if (c == '?' && !inLiteral) {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

std::string Dialect::beginReadSql() const {
  return isSqlite() ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

std::string Dialect::beginWriteSql() const {
  return isSqlite() ? "BEGIN IMMEDIATE" : "BEGIN ISOLATION LEVEL READ COMMITTED";
}

std::string Dialect::blobPlaceholder() const {
  return isSqlite() ? "COALESCE(?, x'')" : "COALESCE(?, ''::bytea)";
}

std::string Dialect::epochSecondsSql() const {
  return isSqlite() ? "CAST(strftime('%s', 'now') AS INTEGER)" : "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)";
}

bool Dialect::isUniqueViolation(const Poco::Exception& error) const {
  const std::string text = error.displayText();
  if (isSqlite()) {
    return text.find("UNIQUE constraint failed") != std::string::npos ||
           text.find("PRIMARY KEY") != std::string::npos;
  }
  return text.find("duplicate key value") != std::string::npos || text.find("23505") != std::string::npos;
}

}  // namespace caldav::storage::sql
