#pragma once

#include "dav/Namespaces.h"  // every thrower names namespaces too
#include "scheduling/Precondition.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace caldav::dav {

using scheduling::Precondition;

// The HTTP status that dav/ErrorMapping's table gives `precondition`.
int preconditionStatus(Precondition precondition);

// A protocol failure: the dav layer's only exception type. Rendered by ErrorMapping as the
// status with a DAV:error body naming the precondition (RFC 4918 §16) and a human-readable
// message, or as a plain-text message when there is no precondition.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message) : std::runtime_error(std::move(message)), status_(status) {}
  // A refusal named by `precondition`, with the status of its row in the table. `innerXml` is
  // the element's content (e.g. the <D:href> of the resource holding a UID). An empty message
  // takes the table's.
  HttpError(Precondition precondition, std::string message, std::string innerXml = "")
      : HttpError(preconditionStatus(precondition), precondition, std::move(message), std::move(innerXml)) {}
  // The same with another status than the table's, where the RFC pairs one precondition with
  // two (RFC 4918 §9.10.6 and §9.11.1: lock-token-matches-request-uri is 412 or 409).
  HttpError(int status, Precondition precondition, std::string message, std::string innerXml = "")
      : std::runtime_error(std::move(message)),
        status_(status),
        precondition_(precondition),
        innerXml_(std::move(innerXml)) {}

  int status() const { return status_; }
  const std::optional<Precondition>& precondition() const { return precondition_; }
  const std::string& innerXml() const { return innerXml_; }

 private:
  int status_;
  std::optional<Precondition> precondition_;
  std::string innerXml_;
};

}  // namespace caldav::dav
