#include "dav/Provisioning.h"

#include "dav/Access.h"
#include "dav/Namespaces.h"
#include "dav/auth/PasswordHash.h"
#include "dav/properties/DeadProperty.h"
#include "scheduling/rules/BookingPolicy.h"
#include "storage/StoreError.h"

#include <algorithm>
#include <array>
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

// What a user and a principal both get, in `txn` (RFC 6638 §2.4, §2.1, §2.2): the user
// record, the principal, the calendar home with the default calendar (bookable for a
// principal), the inbox and the outbox. Checks that name and address are free first.
void createAccount(storage::WriteTransaction& txn, const storage::UserRecord& user, bool isBookable,
                   std::int64_t now) {
  const std::string& name = user.name;
  if (txn.findUser(name)) throw storage::StoreError(storage::StoreError::Code::AlreadyExists, "user exists: " + name);
  if (auto holder = txn.findUserByEmail(user.email)) {
    // Scheduling finds principals by address (RFC 6638 §3.2): one address, one principal.
    throw storage::StoreError(storage::StoreError::Code::AlreadyExists,
                              "the address " + user.email + " is already " + holder->name + "'s");
  }
  txn.createUser(user);
  auto principal = txn.createCollection(paths::principalPath(name), kPrincipalType, name, now);
  txn.setProperty(principal.id,
                  {kDavNs, "displayname", "<D:displayname xmlns:D=\"DAV:\">" + name + "</D:displayname>"});
  std::string home = paths::calendarHomePath(name);
  txn.createCollection(home, kCalendarHomeType, name, now);
  // Every new user gets one calendar to book into; clients discover it via the home. It has
  // no supported-calendar-component-set, so it accepts every component type (VEVENT, VTODO,
  // VJOURNAL, VFREEBUSY, VAVAILABILITY: caldav::supportedComponents, RFC 4791 §5.2.3).
  auto calendar = txn.createCollection(home + "/" + kDefaultCalendarName, kCalendarType, name, now);
  txn.setProperty(calendar.id, {kDavNs, "displayname", "<D:displayname xmlns:D=\"DAV:\">Calendar</D:displayname>"});
  if (isBookable) {
    // As `caldavd calendar create --bookable` stores it (CalendarAdmin).
    txn.setProperty(calendar.id, properties::deadProperty(properties::textElement(
                                     kBookingNs, scheduling::kBookingRulesEnabled, "true")));
  }
  createSchedulingCollection(txn, paths::scheduleInboxPath(name), kScheduleInboxType, name, now);
  createSchedulingCollection(txn, paths::scheduleOutboxPath(name), kScheduleOutboxType, name, now);
}

std::string checkedAddress(const std::string& name, const std::string& email) {
  const std::string address = email.empty() ? defaultEmail(name, kDefaultMailDomain) : email;
  if (!isValidEmail(address)) throw std::invalid_argument("invalid email address: " + address);
  return address;
}

constexpr std::array<std::string_view, 3> kPrincipalKinds = {"individual", "room", "resource"};
constexpr std::array<std::string_view, 4> kAutoScheduleValues = {"automatic", "accept-if-free", "decline-if-busy",
                                                                 "none"};

void requirePrincipalValues(const std::string& kind, const std::string& autoSchedule) {
  if (!kind.empty() && !isValidPrincipalKind(kind)) {
    throw std::invalid_argument("invalid type: " + kind + " (individual, room or resource)");
  }
  if (!autoSchedule.empty() && !isValidAutoSchedule(autoSchedule)) {
    throw std::invalid_argument("invalid auto-schedule value: " + autoSchedule +
                                " (automatic, accept-if-free, decline-if-busy or none)");
  }
}

}  // namespace

void createUser(storage::Store& store, const std::string& name, const std::string& password, std::int64_t now,
                int kdfIterations, const std::string& email) {
  if (!isValidUserName(name)) throw std::invalid_argument("invalid user name: " + name);
  if (password.empty()) throw std::invalid_argument("the password must not be empty");
  const std::string address = checkedAddress(name, email);
  // Slow on purpose: before the transaction.
  std::string hash = auth::hashPassword(password, kdfIterations > 0 ? kdfIterations : auth::kDefaultIterations);
  auto txn = store.beginWrite({name});
  createAccount(*txn, {name, hash, now, address}, false, now);
  txn->commit();
}

bool isValidPrincipalKind(std::string_view kind) {
  return std::find(kPrincipalKinds.begin(), kPrincipalKinds.end(), kind) != kPrincipalKinds.end();
}

bool isValidAutoSchedule(std::string_view autoSchedule) {
  return std::find(kAutoScheduleValues.begin(), kAutoScheduleValues.end(), autoSchedule) != kAutoScheduleValues.end();
}

bool isPrincipalWithoutLogin(const storage::UserRecord& user) { return user.passwordHash.empty(); }

void createPrincipal(storage::Store& store, const std::string& name, const std::string& kind,
                     const std::string& autoSchedule, std::int64_t now, const std::string& email) {
  if (!isValidUserName(name)) throw std::invalid_argument("invalid principal name: " + name);
  if (kind.empty()) throw std::invalid_argument("a principal needs a type (individual, room or resource)");
  if (autoSchedule.empty()) {
    throw std::invalid_argument("a principal needs an auto-schedule value (automatic, accept-if-free, "
                                "decline-if-busy or none)");
  }
  requirePrincipalValues(kind, autoSchedule);
  const std::string address = checkedAddress(name, email);
  storage::UserRecord user{name, "", now, address};  // no password: it cannot log in
  user.kind = kind;
  user.autoSchedule = autoSchedule;
  auto txn = store.beginWrite({name});
  createAccount(*txn, user, true, now);
  txn->commit();
}

void setPrincipalScheduling(storage::Store& store, const std::string& name, const std::string& kind,
                            const std::string& autoSchedule) {
  requirePrincipalValues(kind, autoSchedule);
  auto txn = store.beginWrite({name});
  auto user = txn->findUser(name);
  if (!user) throw storage::StoreError(storage::StoreError::Code::NotFound, "no such principal: " + name);
  txn->setUserScheduling(name, kind.empty() ? user->kind : kind,
                         autoSchedule.empty() ? user->autoSchedule : autoSchedule);
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
