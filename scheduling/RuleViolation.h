#pragma once

#include "scheduling/Precondition.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace caldav::scheduling {

// The one exception scheduling throws: a write breaks a business or protocol rule.
// dav/ErrorMapping turns the precondition into a status and a DAV:error element; what() is a
// sentence a client can show its user (it names no other person's data).
class RuleViolation : public std::runtime_error {
 public:
  // `subject` is a canonical path the precondition names, if any (no-uid-conflict: the
  // resource that holds the UID).
  RuleViolation(Precondition precondition, const std::string& message, std::string subject = "")
      : std::runtime_error(message), precondition_(precondition), subject_(std::move(subject)) {}
  Precondition precondition() const { return precondition_; }
  const std::string& subject() const { return subject_; }

 private:
  Precondition precondition_;
  std::string subject_;
};

}  // namespace caldav::scheduling
