#pragma once

#include <stdexcept>
#include <string>

namespace caldav::ical {

// The one exception ical/ throws: the calendar data breaks a rule. The code names the rule
// (dav/ErrorMapping turns it into a CalDAV precondition); what() is a message for humans.
class InvalidCalendar : public std::runtime_error {
 public:
  enum class Code {
    ValidCalendarData,            // not parseable, or not valid iCalendar (RFC 5545)
    ValidCalendarObjectResource,  // RFC 4791 §4.1 resource restrictions
    SupportedCalendarComponent,   // component type not allowed by the collection
    MinDateTime,                  // a value before the collection's min-date-time
    MaxDateTime,                  // a value after the collection's max-date-time
    TooManyInstances,             // recurrence set larger (or costlier) than allowed
  };

  InvalidCalendar(Code code, const std::string& message)
      : std::runtime_error(message), code_(code) {}

  Code code() const { return code_; }

 private:
  Code code_;
};

}  // namespace caldav::ical
