#pragma once

#include "ical/CalendarObject.h"
#include "scheduling/ObjectIndexer.h"
#include "storage/Store.h"

#include <cstdint>
#include <optional>
#include <string>

namespace caldav::scheduling {

// One calendar-object write, already parsed and validated (ical::validateAsResource).
struct ObjectWrite {
  const storage::NodeRecord& calendar;  // the target calendar collection
  std::string path;                     // canonical path of the resource (a member of `calendar`)
  std::string owner;                    // the acting user (owner of new resources)
  const std::string& body;              // stored byte for byte
  const ical::CalendarObject& object;
  std::int64_t now = 0;
};

// The single write path for calendar object resources: every entry point (PUT, COPY,
// MOVE, import, later scheduling delivery) stores objects through it, inside the caller's
// write transaction, so the same rules apply everywhere.
class ObjectWriter {
 public:
  explicit ObjectWriter(IndexPolicy policy = {}) : policy_(policy) {}

  // Applies the rules (UID unique in the calendar, RFC 4791 §5.3.2.1), stores the body and
  // its index. Returns the stored record. Throws RuleViolation{UidConflict} naming the
  // other resource, ical::InvalidCalendar{TooManyInstances}, storage::StoreError.
  storage::NodeRecord put(storage::WriteTransaction& txn, const ObjectWrite& write) const;

  // Re-expands the recurrences of stored objects whose index ends before now + horizon
  // (the horizon moves with time), at most `batch` of them. Returns how many were
  // re-indexed; objects that no longer parse are left as they are.
  std::size_t extendIndexes(storage::Store& store, std::int64_t now, std::size_t batch) const;

  const IndexPolicy& policy() const { return policy_; }

 private:
  IndexPolicy policy_;
};

}  // namespace caldav::scheduling
