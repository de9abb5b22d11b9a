#pragma once

#include "dav/Request.h"
#include "dav/locks/IfHeader.h"
#include "storage/Store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caldav::dav::locks {

// Applies the If header and WebDAV locks (RFC 4918 §6, §10.4) to one write, inside the
// write transaction: what it checks still holds at commit.
class LockGuard {
 public:
  // Parses the If header of `request` (HttpError(400) if malformed). `requestPath` is the
  // canonical target, used for untagged lists.
  LockGuard(const Request& request, storage::ReadTransaction& txn, std::int64_t now, std::string requestPath);

  // Throws HttpError(412) if an If header is present and none of its lists is true.
  void checkIfHeader();
  // Throws HttpError(423, DAV:lock-token-submitted) unless the token of every lock that
  // covers `path` (and, if `includeBelow`, every lock rooted below it) was submitted.
  void requireUnlocked(std::string_view path, bool includeBelow);
  // Same for adding or removing a member of the collection `parentPath`: a lock on the
  // collection itself (any depth) protects its membership.
  void requireMembershipUnlocked(std::string_view parentPath);

  bool hasIfHeader() const { return header_.has_value(); }
  const std::optional<IfHeader>& header() const { return header_; }

 private:
  bool listIsTrue(const IfList& list);
  bool isSubmitted(const std::string& token) const;

  storage::ReadTransaction& txn_;
  std::int64_t now_;
  std::string requestPath_;
  std::optional<IfHeader> header_;
};

// Returns the <D:lockdiscovery> property value (the activelock elements) for the locks
// covering `path`.
std::string lockDiscoveryXml(storage::ReadTransaction& txn, std::string_view path, std::int64_t now);
// Returns one <D:activelock> element.
std::string activeLockXml(const storage::LockRecord& lock, std::int64_t now);

}  // namespace caldav::dav::locks
