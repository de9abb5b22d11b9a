#pragma once

#include <stdexcept>
#include <string>

namespace caldav::scheduling {

// The one exception scheduling throws: a write breaks a business or protocol rule.
// dav/ErrorMapping turns the code into a status and a precondition element.
class RuleViolation : public std::runtime_error {
 public:
  enum class Code {
    UidConflict,  // RFC 4791 §5.3.2.1 no-uid-conflict: `subject` is the path holding the UID
    NotACalendarObject,  // a non-calendar resource would land in a calendar collection
  };

  RuleViolation(Code code, const std::string& message, std::string subject = "")
      : std::runtime_error(message), code_(code), subject_(std::move(subject)) {}
  Code code() const { return code_; }
  const std::string& subject() const { return subject_; }

 private:
  Code code_;
  std::string subject_;
};

}  // namespace caldav::scheduling
