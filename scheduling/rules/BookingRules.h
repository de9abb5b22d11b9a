#pragma once

#include "scheduling/Precondition.h"
#include "scheduling/rules/BookingPolicy.h"
#include "scheduling/rules/StatusWorkflow.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace caldav::scheduling {

// A half-open span of time [start, end), Unix seconds UTC.
struct Interval {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

// Everything the booking rules look at, as values: the write path loads them inside its
// transaction; the rules read no clock, no store and no request.
struct BookingCheck {
  std::int64_t now = 0;
  BookingPolicy policy;
  bool isNew = true;                                // nothing was at the target before
  std::optional<AppointmentStatus> oldStatus;       // of the replaced object, if any
  std::optional<AppointmentStatus> newStatus;       // std::nullopt: the object names an unknown status
  // The busy instances the write adds: those of the new object that were not, with the same
  // times, busy instances of the object it replaces. Sorted by start. Checked for overlaps,
  // availability and the daily limit.
  std::vector<Interval> added;
  // For each interval of `added`, in the same order: its RECURRENCE-ID ("" if the object does
  // not recur) and whether an override rather than the master's rule describes it.
  std::vector<std::string> addedRecurrenceIds;
  std::vector<bool> addedIsOverride;
  // The instances whose times the write sets: those of the new object (busy or not, but not
  // TRANSPARENT) that the replaced object did not have at the same times. Checked by the time
  // rules (past, notice, advance, duration), so a change of status or text of a past
  // appointment is allowed, a change of its time is not.
  std::vector<Interval> changed;
  // Busy time of the owner's other objects (every calendar that counts for free-busy) near
  // `added`, sorted by start. An object never conflicts with itself (same UID).
  std::vector<Interval> others;
  // Time outside the owner's availability (RFC 7953) near `added`, sorted by start.
  std::vector<Interval> unavailable;
  // Busy instances of the calendar's other objects near `added` (max-bookings-per-day).
  std::vector<Interval> calendarBookings;
  // The day (in the calendar's time zone) of a UTC instant, as any number that is equal
  // for instants of one day, e.g. local days since 1970.
  std::function<std::int64_t(std::int64_t)> dayOf;
  // Describes a slot for a message in the calendar's time zone: "Tue 3 Mar 10:00-10:30".
  std::function<std::string(const Interval&)> describe;
};

// A broken rule: which, and a sentence a client can show (about the client's own booking only).
struct Refusal {
  Precondition precondition;
  std::string message;
};

// Applies the rules in a fixed order (status, past, notice, advance, duration, availability,
// overlap, daily limit) and returns the first one broken, or std::nullopt.
std::optional<Refusal> checkBooking(const BookingCheck& check);

// conflict-mode "exclude": the RECURRENCE-IDs of the occurrences of `added` that overlap the
// owner's busy time (with the buffers), if excluding them leaves a series that is otherwise
// fine: each comes from the master's rule (not an override) and at least one instance is
// left. std::nullopt if there is nothing to exclude or the series must be refused whole.
std::optional<std::vector<std::string>> occurrencesToExclude(const BookingCheck& check);

// The first instance of `added` that overlaps (half-open) an interval of `busy`, each instance
// widened by `before` and `after`; both sorted by start. std::nullopt if none does.
std::optional<Interval> firstOverlap(const std::vector<Interval>& added, const std::vector<Interval>& busy,
                                     std::int64_t before, std::int64_t after);

}  // namespace caldav::scheduling
