#pragma once

#include "dav/Namespaces.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace caldav::dav {

// A precondition or postcondition element for a DAV:error body (RFC 4918 §16).
struct Condition {
  Condition() = default;
  Condition(std::string ns_, std::string name_, std::string innerXml_ = "")
      : ns(std::move(ns_)), name(std::move(name_)), innerXml(std::move(innerXml_)) {}

  std::string ns;         // e.g. "DAV:" or "urn:ietf:params:xml:ns:caldav"
  std::string name;       // e.g. "propfind-finite-depth"
  std::string innerXml;   // content, e.g. <D:href> of the resource holding a UID
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


}  // namespace caldav::dav
