#pragma once

#include <string>
#include <utility>
#include <vector>

namespace caldav::dav {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // HEAD answers carry the headers of GET (Content-Length included) but no body.
  bool omitBody = false;
  // The answer went out through Request::stream already; nothing is left to send.
  bool isStreamed = false;

  void setHeader(const std::string& name, const std::string& value);
  const std::string* header(std::string_view name) const;
  static Response xml(int status, std::string body);
  static Response empty(int status);
};

}  // namespace caldav::dav
