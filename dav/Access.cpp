#include "dav/Access.h"

namespace caldav::dav {
namespace {

// Returns the first segment of `path` below `root` ("" if `path` is not below it).
std::string_view segmentBelow(std::string_view path, std::string_view root) {
  if (path.size() <= root.size() + 1 || path.substr(0, root.size()) != root || path[root.size()] != '/') return {};
  std::string_view rest = path.substr(root.size() + 1);
  return rest.substr(0, rest.find('/'));
}

}  // namespace

namespace paths {
std::string principalPath(std::string_view user) { return std::string(kUsersRoot) + "/" + std::string(user); }
std::string calendarHomePath(std::string_view user) { return std::string(kCalendarsRoot) + "/" + std::string(user); }
std::string scheduleInboxPath(std::string_view user) { return calendarHomePath(user) + "/inbox"; }
std::string scheduleOutboxPath(std::string_view user) { return calendarHomePath(user) + "/outbox"; }
}  // namespace paths

std::string ownerOfPath(std::string_view path) {
  if (auto user = segmentBelow(path, paths::kCalendarsRoot); !user.empty()) return std::string(user);
  if (auto user = segmentBelow(path, paths::kUsersRoot); !user.empty()) return std::string(user);
  return {};
}

bool canRead(std::string_view user, std::string_view path) {
  std::string owner = ownerOfPath(path);
  return owner.empty() || owner == user;
}

bool canWrite(std::string_view user, std::string_view path) {
  std::string owner = ownerOfPath(path);
  return !owner.empty() && owner == user;
}

bool isFixedNode(std::string_view path) {
  if (path == "/" || path == paths::kPrincipalsRoot || path == paths::kUsersRoot || path == paths::kCalendarsRoot) {
    return true;
  }
  std::string owner = ownerOfPath(path);
  return !owner.empty() && (path == paths::principalPath(owner) || path == paths::calendarHomePath(owner) ||
                            isSchedulingCollection(path));
}

bool isSchedulingCollection(std::string_view path) {
  std::string owner = ownerOfPath(path);
  return !owner.empty() && (path == paths::scheduleInboxPath(owner) || path == paths::scheduleOutboxPath(owner));
}

}  // namespace caldav::dav
