#pragma once

#include "storage/Store.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::scheduling {

// A local calendar user as implicit scheduling sees it (RFC 6638 §2.4): who it is, how it is
// addressed and where deliveries to it go. The protocol layer knows the URL scheme and fills
// it in; the write path only follows the paths.
struct CalendarUser {
  std::string name;                    // the principal's name: owner of its tree, its lock key
  std::vector<std::string> addresses;  // its calendar user addresses ("mailto:...", principal URL)
  std::string kind = "individual";     // storage::UserRecord::kind
  std::string autoSchedule;            // storage::UserRecord::autoSchedule ("" = its client answers)
  std::string homePath;                // its calendar home
  std::string inboxPath;               // its schedule inbox (RFC 6638 §2.2)
};

// Finds local calendar users inside a transaction (the write path's), so what it finds holds
// at commit. byName and byAddress return std::nullopt for an unknown user or address (one
// indexed lookup each); defaultCalendar returns the path of the calendar where new invitations
// to `user` go (RFC 6638 §9.2 schedule-default-calendar-URL), "" if it has none.
struct CalendarUserDirectory {
  std::function<std::optional<CalendarUser>(storage::ReadTransaction&, std::string_view name)> byName;
  std::function<std::optional<CalendarUser>(storage::ReadTransaction&, std::string_view address)> byAddress;
  std::function<std::string(storage::ReadTransaction&, const CalendarUser& user)> defaultCalendar;
};

}  // namespace caldav::scheduling
