#include "dav/ErrorMapping.h"

#include "dav/Href.h"

namespace caldav::dav {
namespace {

struct StoreMapping {
  storage::StoreError::Code code;
  int status;
};

// One table for every storage code that reaches the dispatcher unhandled.
constexpr StoreMapping kStoreMappings[] = {
    {storage::StoreError::Code::NotFound, 409},  // a missing parent or source mid-operation
    {storage::StoreError::Code::AlreadyExists, 412},
    {storage::StoreError::Code::Conflict, 409},
    {storage::StoreError::Code::Unavailable, 503},
    {storage::StoreError::Code::InvalidUrl, 500},
};

}  // namespace

Response errorResponse(const HttpError& error) {
  Response response;
  response.status = error.status();
  if (error.status() == 304) return response;  // RFC 9110 §15.4.5: no content
  if (error.condition().empty()) {
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = std::string(error.what()) + "\n";
    return response;
  }
  const auto& condition = error.condition();
  std::string element = condition.ns == kDavNs
                            ? "<D:" + condition.name + "/>"
                            : "<" + condition.name + " xmlns=\"" + xmlEscape(condition.ns) + "\"/>";
  response.setHeader("Content-Type", "application/xml; charset=utf-8");
  response.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\">" + element +
                  "<M:message xmlns:M=\"" + std::string(kProjectNs) + "\">" + xmlEscape(error.what()) +
                  "</M:message></D:error>";
  return response;
}

HttpError toHttpError(const storage::StoreError& error) {
  for (const auto& mapping : kStoreMappings) {
    if (mapping.code == error.code()) return HttpError(mapping.status, error.what());
  }
  return HttpError(500, "Storage failure");
}

}  // namespace caldav::dav
