#pragma once

#include <Poco/Net/HTTPClientSession.h>

#include <string>
#include <utility>
#include <vector>

namespace caldav::testing {

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string header(const std::string& name) const;
};

// One keep-alive HTTP/1.1 connection to the server under test.
class HttpClient {
 public:
  HttpClient(const std::string& host, unsigned short port);

  // Sends one request on this connection; `authorization` "" sends none.
  HttpResult send(const std::string& method, const std::string& target, const std::string& body = "",
                  const std::vector<std::pair<std::string, std::string>>& headers = {},
                  const std::string& authorization = "");
  HttpResult sendAs(const std::string& user, const std::string& password, const std::string& method,
                    const std::string& target, const std::string& body = "",
                    const std::vector<std::pair<std::string, std::string>>& headers = {});
  static std::string basic(const std::string& user, const std::string& password);
  // Sends raw bytes on a fresh connection and returns the raw answer (up to close).
  static std::string raw(const std::string& host, unsigned short port, const std::string& bytes);

 private:
  Poco::Net::HTTPClientSession session_;
};

}  // namespace caldav::testing
