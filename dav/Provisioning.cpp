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

void createUser(storage::Store& store, const std::string& name, const std::string& password, std::int64_t now,
                int kdfIterations) {
  if (!isValidUserName(name)) throw std::invalid_argument("invalid user name: " + name);
  if (password.empty()) throw std::invalid_argument("the password must not be empty");
  // Slow on purpose: before the transaction.
  std::string hash = auth::hashPassword(password, kdfIterations > 0 ? kdfIterations : auth::kDefaultIterations);
  auto txn = store.beginWrite({name});
  if (txn->findUser(name)) throw storage::StoreError(storage::StoreError::Code::AlreadyExists, "user exists: " + name);
  txn->createUser({name, hash, now});
  auto principal = txn->createCollection(paths::principalPath(name), kPrincipalType, name, now);
  txn->setProperty(principal.id, {kDavNs, "displayname", "<D:displayname xmlns:D=\"DAV:\">" + name + "</D:displayname>"});
  std::string home = paths::calendarHomePath(name);
  txn->createCollection(home, kCalendarHomeType, name, now);
  // Every new user gets one calendar to book into; clients discover it via the home. It has
  // no supported-calendar-component-set, so it accepts every component type (VEVENT, VTODO,
  // VJOURNAL, VFREEBUSY, VAVAILABILITY: caldav::supportedComponents, RFC 4791 §5.2.3).
  auto calendar = txn->createCollection(home + "/" + kDefaultCalendarName, kCalendarType, name, now);
  txn->setProperty(calendar.id, {kDavNs, "displayname", "<D:displayname xmlns:D=\"DAV:\">Calendar</D:displayname>"});
  txn->commit();
}

void setPassword(storage::Store& store, const std::string& name, const std::string& password) {
  if (password.empty()) throw std::invalid_argument("the password must not be empty");
  std::string hash = auth::hashPassword(password);
  auto txn = store.beginWrite({name});
  txn->setPasswordHash(name, hash);
  txn->commit();
}

}  // namespace caldav::dav
