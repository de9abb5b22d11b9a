#include "dav/locks/LockGuard.h"

#include "dav/Href.h"
#include "dav/HttpError.h"

#include <algorithm>

namespace caldav::dav::locks {
namespace {

[[noreturn]] void locked(const storage::LockRecord& lock) {
  throw HttpError(Precondition::LockTokenSubmitted,
                  "The resource is locked (lock root " + hrefFor(lock.path, false) + "); submit its lock token");
}

}  // namespace

LockGuard::LockGuard(const Request& request, storage::ReadTransaction& txn, std::int64_t now, std::string requestPath)
    : txn_(txn), now_(now), requestPath_(std::move(requestPath)) {
  if (const std::string* text = request.headers.find("If")) header_ = parseIfHeader(*text);
}

bool LockGuard::listIsTrue(const IfList& list) {
  const std::string& path = list.resourcePath ? *list.resourcePath : requestPath_;
  auto node = txn_.findNode(path);
  auto locks = txn_.locksCovering(path, now_);
  for (const auto& condition : list.conditions) {
    bool matches = false;
    if (condition.isEtag) {
      matches = node && node->etag == condition.value;
    } else {
      matches = std::any_of(locks.begin(), locks.end(),
                            [&](const storage::LockRecord& lock) { return lock.token == condition.value; });
    }
    if (matches == condition.isNegated) return false;
  }
  return true;
}

void LockGuard::checkIfHeader() {
  if (!header_) return;
  for (const auto& list : header_->lists) {
    if (listIsTrue(list)) return;
  }
  throw HttpError(412, "No list of the If header matches the current state");
}

bool LockGuard::isSubmitted(const std::string& token) const {
  if (!header_) return false;
  auto tokens = header_->submittedTokens();
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

void LockGuard::requireUnlocked(std::string_view path, bool includeBelow) {
  for (const auto& lock : txn_.locksCovering(path, now_)) {
    if (!isSubmitted(lock.token)) locked(lock);
  }
  if (!includeBelow) return;
  for (const auto& lock : txn_.locksBelow(path, now_)) {
    if (!isSubmitted(lock.token)) locked(lock);
  }
}

void LockGuard::requireMembershipUnlocked(std::string_view parentPath) {
  if (parentPath.empty()) return;
  requireUnlocked(parentPath, false);
}

std::string activeLockXml(const storage::LockRecord& lock, std::int64_t now) {
  std::string xml = "<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>";
  xml += lock.isExclusive ? "<D:exclusive/>" : "<D:shared/>";
  xml += "</D:lockscope><D:depth>";
  xml += lock.isDeep ? "infinity" : "0";
  xml += "</D:depth>";
  xml += lock.ownerXml;
  xml += "<D:timeout>Second-" + std::to_string(std::max<std::int64_t>(0, lock.expiresAt - now)) + "</D:timeout>";
  xml += "<D:locktoken><D:href>" + xmlEscape(lock.token) + "</D:href></D:locktoken>";
  xml += "<D:lockroot><D:href>" + xmlEscape(hrefFor(lock.path, false)) + "</D:href></D:lockroot>";
  xml += "</D:activelock>";
  return xml;
}

std::string lockDiscoveryXml(storage::ReadTransaction& txn, std::string_view path, std::int64_t now) {
  std::string xml = "<D:lockdiscovery>";
  for (const auto& lock : txn.locksCovering(path, now)) xml += activeLockXml(lock, now);
  xml += "</D:lockdiscovery>";
  return xml;
}

}  // namespace caldav::dav::locks
