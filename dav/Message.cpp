#include "dav/Request.h"
#include "dav/Response.h"

#include <Poco/String.h>

namespace caldav::dav {

const std::string* Headers::find(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key.size() == name.size() && Poco::icompare(key, std::string(name)) == 0) return &value;
  }
  return nullptr;
}

void Response::setHeader(const std::string& name, const std::string& value) {
  for (auto& [key, existing] : headers) {
    if (Poco::icompare(key, name) == 0) {
      existing = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

const std::string* Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, std::string(name)) == 0) return &value;
  }
  return nullptr;
}

Response Response::xml(int status, std::string body) {
  Response response;
  response.status = status;
  response.setHeader("Content-Type", "application/xml; charset=utf-8");
  response.body = std::move(body);
  return response;
}

Response Response::empty(int status) {
  Response response;
  response.status = status;
  return response;
}

}  // namespace caldav::dav
