#pragma once

#include <stdexcept>
#include <string>

namespace caldav::dav {

// A precondition or postcondition element for a DAV:error body (RFC 4918 §16).
struct Condition {
  std::string ns;    // e.g. "DAV:" or "urn:ietf:params:xml:ns:caldav"
  std::string name;  // e.g. "propfind-finite-depth"
  bool empty() const { return name.empty(); }
};

// A protocol failure: the dav layer's only exception type. Rendered by ErrorMapping as
// `status` with a DAV:error body naming `condition` (when set) and a human-readable message.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message, Condition condition = {})
      : std::runtime_error(std::move(message)), status_(status), condition_(std::move(condition)) {}
  int status() const { return status_; }
  const Condition& condition() const { return condition_; }

 private:
  int status_;
  Condition condition_;
};

inline constexpr const char* kDavNs = "DAV:";
// The project's own namespace: booking-rule conditions and human-readable messages.
inline constexpr const char* kProjectNs = "urn:caldavd";

}  // namespace caldav::dav
