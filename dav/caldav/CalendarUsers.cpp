#include "dav/caldav/CalendarUsers.h"

#include "dav/Access.h"
#include "dav/caldav/ScheduleDefaultCalendar.h"
#include "scheduling/itip/CalendarAddress.h"

namespace caldav::dav::caldav {
namespace {

scheduling::CalendarUser calendarUserOf(const storage::UserRecord& user) {
  scheduling::CalendarUser out;
  out.name = user.name;
  if (!user.email.empty()) out.addresses.push_back("mailto:" + user.email);
  out.addresses.push_back(paths::principalPath(user.name) + "/");
  out.addresses.push_back(paths::principalPath(user.name));
  out.kind = user.kind;
  out.autoSchedule = user.autoSchedule;
  out.homePath = paths::calendarHomePath(user.name);
  out.inboxPath = paths::scheduleInboxPath(user.name);
  return out;
}

// The user a principal URL names: "/principals/users/NAME/" or "http(s)://host/principals/users/NAME/".
std::string userOfPrincipalUrl(std::string_view address) {
  if (address.rfind("http://", 0) == 0 || address.rfind("https://", 0) == 0) {
    auto slash = address.find('/', address.find("//") + 2);
    if (slash == std::string_view::npos) return "";
    address.remove_prefix(slash);
  }
  const std::string prefix = std::string(paths::kUsersRoot) + "/";
  if (address.rfind(prefix, 0) != 0) return "";
  address.remove_prefix(prefix.size());
  if (!address.empty() && address.back() == '/') address.remove_suffix(1);
  if (address.empty() || address.find('/') != std::string_view::npos) return "";
  return std::string(address);
}

}  // namespace

scheduling::CalendarUserDirectory calendarUserDirectory() {
  scheduling::CalendarUserDirectory directory;
  directory.byName = [](storage::ReadTransaction& txn, std::string_view name) -> std::optional<scheduling::CalendarUser> {
    auto user = txn.findUser(name);
    if (!user) return std::nullopt;
    return calendarUserOf(*user);
  };
  directory.byAddress = [](storage::ReadTransaction& txn,
                           std::string_view address) -> std::optional<scheduling::CalendarUser> {
    std::optional<storage::UserRecord> user;
    if (auto email = scheduling::itip::emailOf(address); !email.empty()) {
      user = txn.findUserByEmail(email);
    } else if (auto name = userOfPrincipalUrl(address); !name.empty()) {
      user = txn.findUser(name);
    }
    if (!user) return std::nullopt;
    return calendarUserOf(*user);
  };
  directory.defaultCalendar = [](storage::ReadTransaction& txn, const scheduling::CalendarUser& user) {
    return scheduleDefaultCalendar(txn, user.name);
  };
  return directory;
}

}  // namespace caldav::dav::caldav
