#include "dav/Href.h"
#include "dav/Namespaces.h"
#include "dav/HttpError.h"
#include "dav/locks/LockGuard.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/xml/SafeXmlParser.h"
#include "storage/CanonicalPath.h"

#include <Poco/String.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>

namespace caldav::dav::methods {
namespace {

constexpr std::int64_t kDefaultTimeout = 3600;
constexpr std::int64_t kMaxTimeout = 7 * 24 * 3600;

// RFC 4918 §10.7: "Infinite" or "Second-N", possibly several; the first usable one wins.
std::int64_t parseTimeout(const Request& request) {
  const std::string* header = request.headers.find("Timeout");
  if (!header) return kDefaultTimeout;
  std::string first = Poco::trim(header->substr(0, header->find(',')));
  if (Poco::icompare(first, "Infinite") == 0) return kMaxTimeout;
  if (Poco::icompare(first.substr(0, 7), "Second-") == 0) {
    try {
      return std::clamp<std::int64_t>(std::stoll(first.substr(7)), 1, kMaxTimeout);
    } catch (const std::exception&) {
    }
  }
  return kDefaultTimeout;
}

storage::LockRecord parseLockInfo(const std::string& body) {
  xml::XmlElement root = xml::parseXml(body);
  if (!root.is(kDavNs, "lockinfo")) throw HttpError(400, "The body must be a DAV:lockinfo element");
  const auto* scope = root.child(kDavNs, "lockscope");
  const auto* type = root.child(kDavNs, "locktype");
  if (!scope || !type || !type->child(kDavNs, "write")) throw HttpError(400, "Only write locks with a scope exist");
  storage::LockRecord lock;
  if (scope->child(kDavNs, "shared")) {
    lock.isExclusive = false;
  } else if (!scope->child(kDavNs, "exclusive")) {
    throw HttpError(400, "DAV:lockscope must be exclusive or shared");
  }
  if (const auto* owner = root.child(kDavNs, "owner")) {
    // Stored verbatim but re-rooted in DAV: with the "D" prefix used in our answers.
    std::string inner;
    for (const auto& child : owner->children) inner += child.isText() ? xmlEscape(child.text) : child.serialize();
    lock.ownerXml = "<D:owner>" + inner + "</D:owner>";
  }
  return lock;
}

// RFC 4918 §9.10.1: the Lock-Token header only answers the creation of a lock.
Response lockAnswer(const storage::LockRecord& lock, std::int64_t now, int status, bool isNewLock) {
  Response response = Response::xml(status, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:prop xmlns:D=\"DAV:\">"
                                            "<D:lockdiscovery>" + locks::activeLockXml(lock, now) +
                                                "</D:lockdiscovery></D:prop>");
  if (isNewLock) response.setHeader("Lock-Token", "<" + lock.token + ">");
  return response;
}

// RFC 4918 §9.10.2: a LOCK without a body refreshes the lock named in the If header.
Response refresh(Context& context, storage::WriteTransaction& txn) {
  locks::LockGuard guard(context.request, txn, context.now, context.target.path);
  if (!guard.hasIfHeader()) throw HttpError(400, "A lock refresh needs an If header with the lock token");
  for (const auto& token : guard.header()->submittedTokens()) {
    auto lock = txn.findLock(token, context.now);
    if (!lock || !storage::isSameOrBelow(context.target.path, lock->path)) continue;
    if (!lock->isDeep && lock->path != context.target.path) continue;
    lock->timeoutSeconds = parseTimeout(context.request);
    lock->expiresAt = context.now + lock->timeoutSeconds;
    txn.putLock(*lock);
    txn.commit();
    return lockAnswer(*lock, context.now, 200, false);
  }
  throw HttpError(412, Precondition::LockTokenMatchesRequestUri, "No lock named in the If header covers this resource");
}

// Throws 423 if `lock` conflicts with a lock already covering or below its root.
void requireCompatible(storage::ReadTransaction& txn, const storage::LockRecord& lock, std::int64_t now) {
  auto conflicts = [&](const storage::LockRecord& other) { return other.isExclusive || lock.isExclusive; };
  for (const auto& other : txn.locksCovering(lock.path, now)) {
    if (conflicts(other)) throw HttpError(Precondition::NoConflictingLock, "The resource is already locked");
  }
  if (!lock.isDeep) return;
  for (const auto& other : txn.locksBelow(lock.path, now)) {
    if (conflicts(other)) throw HttpError(Precondition::NoConflictingLock, "A member is already locked");
  }
}

}  // namespace

Response lock(Context& context) {
  const std::string& path = context.target.path;
  if (context.request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    auto txn = beginWriteFor(context);
    return refresh(context, *txn);
  }

  storage::LockRecord lock = parseLockInfo(context.request.body);
  Depth depth = parseDepth(context.request, Depth::Infinity);
  if (depth == Depth::One) throw HttpError(400, "LOCK Depth must be 0 or infinity");
  lock.isDeep = depth == Depth::Infinity;
  lock.path = path;
  lock.principal = context.user;
  lock.token = "urn:uuid:" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  lock.timeoutSeconds = parseTimeout(context.request);
  lock.expiresAt = context.now + lock.timeoutSeconds;

  // RFC 4918 §9.10.4: locking an unmapped URL creates an empty resource (through the write
  // path, in the transaction that records the lock).
  auto session = context.writes.begin(writeIntent(context, scheduling::WriteMethod::Lock, path));
  auto& txn = session.transaction();
  requireCompatible(txn, lock, context.now);
  const bool existed = session.facts().target.has_value();
  if (!existed) {
    requireNotFixed(path, "LOCK");
    requireParentCollection(txn, path);
    locks::LockGuard guard(context.request, txn, context.now, path);
    guard.requireMembershipUnlocked(storage::parentOf(path));
  }
  txn.putLock(lock);
  session.commit();
  return lockAnswer(lock, context.now, existed ? 200 : 201, true);
}

Response unlock(Context& context) {
  const std::string* header = context.request.headers.find("Lock-Token");
  if (!header) throw HttpError(400, "UNLOCK needs a Lock-Token header");
  std::string token = Poco::trim(*header);
  if (token.size() < 2 || token.front() != '<' || token.back() != '>') throw HttpError(400, "Malformed Lock-Token");
  token = token.substr(1, token.size() - 2);
  auto txn = beginWriteFor(context);
  auto lock = txn->findLock(token, context.now);
  if (!lock || !storage::isSameOrBelow(context.target.path, lock->path) ||
      (!lock->isDeep && lock->path != context.target.path)) {
    throw HttpError(Precondition::LockTokenMatchesRequestUri, "That lock does not cover this resource");
  }
  txn->removeLock(token);
  txn->commit();
  return Response::empty(204);
}

}  // namespace caldav::dav::methods
