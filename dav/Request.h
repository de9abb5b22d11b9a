#pragma once

#include "dav/BodyStream.h"

#include <string>
#include <utility>
#include <vector>

namespace caldav::dav {

// Case-insensitive header list (HTTP field names are case-insensitive, RFC 9110 §5.1).
class Headers {
 public:
  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  // Returns the first value of `name`, or nullptr if absent.
  const std::string* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  const std::vector<std::pair<std::string, std::string>>& all() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// A parsed HTTP request as the dav layer sees it: no Poco types below the adapter.
struct Request {
  std::string method;  // as sent, e.g. "PROPFIND"
  std::string target;  // the raw request target (path and query, percent-encoded)
  std::string host;    // the Host header, for absolute URLs in Location
  Headers headers;
  std::string body;
  std::string authorization;  // the Authorization header ("" if none)
  std::string requestId;      // for logs and 500 answers
  // Set by the HTTP layer when the answer may be streamed; nullptr in-process (tests), where
  // answers are always built whole.
  BodyStream* stream = nullptr;
};

}  // namespace caldav::dav
