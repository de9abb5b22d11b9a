#include "dav/Provisioning.h"

#include "dav/Access.h"
#include "dav/Namespaces.h"
#include "dav/auth/PasswordHash.h"
#include "storage/StoreError.h"

#include <stdexcept>

namespace caldav::dav {

bool isValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool isValidEmail(std::string_view address) {
  const auto at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == address.size() || address.size() > 254) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : address) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || std::string_view("<>\"'&\\,;:()[]").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string defaultEmail(std::string_view name, std::string_view mailDomain) {
  if (name.find('@') != std::string_view::npos) return std::string(name);
  return std::string(name) + "@" + std::string(mailDomain);
}

namespace {

// RFC 6638 §2.1, §2.2: the inbox receives scheduling messages, the outbox is the target of
// POST (later). Both are fixed members of the home (isFixedNode).
void createSchedulingCollection(storage::WriteTransaction& txn, const std::string& path, const char* type,
                                const std::string& owner, std::int64_t now) {
  txn.createCollection(path, type, owner, now);
}

}  // namespace

void createUser(storage::Store& store, const std::string& name, const std::string& password, std::int64_t now,
                int kdfIterations, const std::string& email) {
  if (!isValidUserName(name)) throw std::invalid_argument("invalid user name: " + name);
  if (password.empty()) throw std::invalid_argument("the password must not be empty");
  const std::string address = email.empty() ? defaultEmail(name, kDefaultMailDomain) : email;
  if (!isValidEmail(address)) throw std::invalid_argument("invalid email address: " + address);
  // Slow on purpose: before the transaction.
  std::string hash = auth::hashPassword(password, kdfIterations > 0 ? kdfIterations : auth::kDefaultIterations);
  auto txn = store.beginWrite({name});
  if (txn->findUser(name)) throw storage::StoreError(storage::StoreError::Code::AlreadyExists, "user exists: " + name);
  txn->createUser({name, hash, now, address});
  auto principal = txn->createCollection(paths::principalPath(name), kPrincipalType, name, now);
  txn->setProperty(principal.id, {kDavNs, "displayname", "<D:displayname xmlns:D=\"DAV:\">" + name + "</D:displayname>"});
  std::string home = paths::calendarHomePath(name);
  txn->createCollection(home, kCalendarHomeType, name, now);
  // Every new user gets one calendar to book into; clients discover it via the home. It has
  // no supported-calendar-component-set, so it accepts every component type (VEVENT, VTODO,
  // VJOURNAL, VFREEBUSY, VAVAILABILITY: caldav::supportedComponents, RFC 4791 §5.2.3).
  auto calendar = txn->createCollection(home + "/" + kDefaultCalendarName, kCalendarType, name, now);
  txn->setProperty(calendar.id, {kDavNs, "displayname", "<D:displayname xmlns:D=\"DAV:\">Calendar</D:displayname>"});
  createSchedulingCollection(*txn, paths::scheduleInboxPath(name), kScheduleInboxType, name, now);
  createSchedulingCollection(*txn, paths::scheduleOutboxPath(name), kScheduleOutboxType, name, now);
  txn->commit();
}

std::vector<std::string> provisionScheduling(storage::Store& store, std::string_view mailDomain, std::int64_t now) {
  std::vector<std::string> warnings;
  for (const auto& user : store.beginRead()->listUsers()) {
    auto txn = store.beginWrite({user.name});
    bool changed = false;
    if (user.email.empty()) {
      txn->setUserEmail(user.name, defaultEmail(user.name, mailDomain));
      changed = true;
    }
    const std::string home = paths::calendarHomePath(user.name);
    const bool hasHome = txn->findNode(home).has_value();
    for (auto [path, type] : {std::pair{paths::scheduleInboxPath(user.name), kScheduleInboxType},
                              std::pair{paths::scheduleOutboxPath(user.name), kScheduleOutboxType}}) {
      auto existing = txn->findNode(path);
      if (!existing && hasHome) {
        createSchedulingCollection(*txn, path, type, user.name, now);
        changed = true;
      } else if (existing && existing->resourceType != type) {
        warnings.push_back(path + " exists and is not a " + type + ": left as it is");
      }
    }
    if (changed) txn->commit();
  }
  return warnings;
}

void setPassword(storage::Store& store, const std::string& name, const std::string& password) {
  if (password.empty()) throw std::invalid_argument("the password must not be empty");
  std::string hash = auth::hashPassword(password);
  auto txn = store.beginWrite({name});
  txn->setPasswordHash(name, hash);
  txn->commit();
}

}  // namespace caldav::dav
