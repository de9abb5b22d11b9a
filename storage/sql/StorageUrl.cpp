#include "storage/sql/StorageUrl.h"

#include "storage/StoreError.h"

#include <Poco/NumberParser.h>
#include <Poco/URI.h>

namespace caldav::storage::sql {
namespace {

StoreError invalid(const std::string& url, const std::string& why) {
  return StoreError(StoreError::Code::InvalidUrl, "invalid storage URL '" + url + "': " + why);
}

// libpq connection-string value: always single-quoted, with ' and \ escaped.
std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

std::string decoded(const std::string& text) {
  std::string out;
  Poco::URI::decode(text, out);
  return out;
}

int parsePoolSize(const std::string& url, const std::string& query) {
  int pool = kDefaultPostgresqlPoolSize;
  if (query.empty()) {
    return pool;
  }
  if (!query.starts_with("pool=") || !Poco::NumberParser::tryParse(query.substr(5), pool) || pool < 1) {
    throw invalid(url, "the only query parameter is pool=N (N >= 1)");
  }
  return pool;
}

StorageUrl parsePostgresql(const std::string& url, std::string rest) {
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.resize(q);
  }
  const auto at = rest.rfind('@');
  const auto slash = rest.find('/', at == std::string::npos ? 0 : at);
  if (at == std::string::npos || slash == std::string::npos || slash + 1 >= rest.size()) {
    throw invalid(url, "expected postgresql://USER[:PW]@HOST[:PORT]/DB");
  }
  const std::string userInfo = rest.substr(0, at);
  const std::string hostPort = rest.substr(at + 1, slash - at - 1);
  const std::string database = decoded(rest.substr(slash + 1));
  const auto colon = userInfo.find(':');
  const std::string user = decoded(userInfo.substr(0, colon));
  const auto portColon = hostPort.rfind(':');
  const std::string host = hostPort.substr(0, portColon);
  std::string port = portColon == std::string::npos ? "5432" : hostPort.substr(portColon + 1);
  int portNumber = 0;
  if (user.empty() || host.empty() || !Poco::NumberParser::tryParse(port, portNumber) || portNumber <= 0) {
    throw invalid(url, "expected postgresql://USER[:PW]@HOST[:PORT]/DB");
  }
  std::string conn = "host=" + quoted(host) + " port=" + port + " user=" + quoted(user) +
                     " dbname=" + quoted(database);
  if (colon != std::string::npos) {
    conn += " password=" + quoted(decoded(userInfo.substr(colon + 1)));
  }
  return StorageUrl{Dialect::Kind::Postgresql, conn, parsePoolSize(url, query)};
}

}  // namespace

StorageUrl parseStorageUrl(const std::string& url) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty()) {
      throw invalid(url, "missing database file path");
    }
    return StorageUrl{Dialect::Kind::Sqlite, path, kDefaultSqlitePoolSize};
  }
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    if (url.starts_with(scheme)) {
      return parsePostgresql(url, url.substr(std::string_view(scheme).size()));
    }
  }
  throw invalid(url, "unknown scheme (expected sqlite: or postgresql://)");
}

}  // namespace caldav::storage::sql
