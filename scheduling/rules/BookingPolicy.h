#pragma once

#include "scheduling/rules/StatusWorkflow.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace caldav::scheduling {

// What a booking-managed calendar enforces (docs/booking-rules.md). Times are seconds.
struct BookingPolicy {
  bool isEnabled = false;                        // booking-rules-enabled
  std::optional<std::int64_t> minNotice;         // min-notice: a booking starts at least this far ahead
  std::optional<std::int64_t> maxAdvance;        // max-advance: ... and at most this far ahead
  std::optional<std::int64_t> minDuration;       // min-duration
  std::optional<std::int64_t> maxDuration;       // max-duration
  std::int64_t bufferBefore = 0;                 // buffer-before: free time kept before a booking
  std::int64_t bufferAfter = 0;                  // buffer-after: ... and after it
  std::optional<int> maxBookingsPerDay;          // max-bookings-per-day, in the calendar's time zone
  std::optional<std::int64_t> defaultDuration;   // default-duration: for DTSTART without DTEND/DURATION
  // conflict-mode: "refuse" (default) refuses a recurring series with a conflicting occurrence
  // whole; "exclude" stores it without those occurrences (EXDATE) and says so.
  bool excludesConflictingOccurrences = false;
  StatusTransitions transitions = StatusTransitions::appointmentDefault();  // status-transitions
};

// The property names of the policy, in the booking namespace (urn:caldavd:booking).
inline constexpr const char* kBookingRulesEnabled = "booking-rules-enabled";

// Returns true if `name` is one of the policy's properties.
bool isBookingPolicyProperty(const std::string& name);

// Checks one policy value as a client or the admin sets it (`name` without namespace, `value`
// the element's text). Returns an explanation if it is not valid, std::nullopt if it is.
std::optional<std::string> invalidBookingValue(const std::string& name, const std::string& value);

// The policy from the stored values (name -> text). Values that do not parse are ignored
// (they were validated when stored).
BookingPolicy parseBookingPolicy(const std::map<std::string, std::string>& values);

// Parses an RFC 5545 §3.3.6 duration ("PT30M", "P1D", "-PT5M"); std::nullopt if invalid.
std::optional<std::int64_t> parseDuration(const std::string& text);

}  // namespace caldav::scheduling
