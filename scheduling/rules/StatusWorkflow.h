#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caldav::scheduling {

// The status of an appointment (docs/booking-rules.md "Status workflow"): STATUS
// (TENTATIVE, CONFIRMED, CANCELLED; RFC 5545 §3.8.1.11) or, for what iCalendar has no value
// for, the extension property X-CALDAVD-STATUS (IN-PROGRESS, COMPLETED, NO-SHOW), which takes
// precedence when present. No status at all counts as CONFIRMED.
enum class AppointmentStatus { Tentative, Confirmed, Cancelled, InProgress, Completed, NoShow };

inline constexpr const char* kStatusExtension = "X-CALDAVD-STATUS";

// The status named by the STATUS and X-CALDAVD-STATUS values ("" when absent); std::nullopt
// if either names an unknown status.
std::optional<AppointmentStatus> appointmentStatus(std::string_view status, std::string_view extension);
// The lower-case name used in the policy text and in messages ("in-progress", ...).
const char* statusName(AppointmentStatus status);
std::optional<AppointmentStatus> statusFromName(std::string_view name);
// True if an appointment with `status` blocks its time (cancelled and no-show do not).
bool isBlocking(AppointmentStatus status);

// Which status changes are allowed. Keeping a status is always allowed.
class StatusTransitions {
 public:
  // tentative -> confirmed, cancelled, no-show; confirmed -> in-progress, cancelled, no-show;
  // in-progress -> completed; cancelled -> tentative; completed -> no-show.
  static StatusTransitions appointmentDefault();
  // Parses "tentative>confirmed,cancelled; confirmed>in-progress" (statuses by statusName);
  // std::nullopt if malformed.
  static std::optional<StatusTransitions> parse(std::string_view text);

  bool allows(AppointmentStatus from, AppointmentStatus to) const;

 private:
  std::vector<std::pair<AppointmentStatus, AppointmentStatus>> allowed_;
};

}  // namespace caldav::scheduling
