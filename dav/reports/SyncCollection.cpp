// RFC 6578 sync-collection: changes of one collection since a token, from the change log.
#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/SyncToken.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/methods/Common.h"
#include "dav/methods/MultistatusAnswer.h"
#include "dav/properties/PropertyRequest.h"
#include "dav/reports/Reports.h"
#include "dav/xml/Multistatus.h"
#include "storage/CanonicalPath.h"

#include <algorithm>
#include <limits>

namespace caldav::dav::reports {
namespace {

constexpr std::size_t kMaxChanges = 1000000;

[[noreturn]] void invalidToken(const std::string& why) {
  throw HttpError(Precondition::ValidSyncToken, "Invalid sync token: " + why);
}

std::size_t parseLimit(const xml::XmlElement& root) {
  const auto* limit = root.child(kDavNs, "limit");
  if (!limit) return kMaxChanges;
  const auto* nresults = limit->child(kDavNs, "nresults");
  try {
    long long value = nresults ? std::stoll(nresults->textContent()) : -1;
    if (value < 1) throw std::invalid_argument("nresults");
    return static_cast<std::size_t>(value);
  } catch (const std::exception&) {
    throw HttpError(400, "DAV:limit needs a positive DAV:nresults");
  }
}

// Returns the seq to sync from: 0 for an initial sync, else the token's position.
std::int64_t startSeq(const xml::XmlElement& root, storage::ReadTransaction& txn, const storage::NodeRecord& collection) {
  const auto* tokenElement = root.child(kDavNs, "sync-token");
  std::string text = tokenElement ? tokenElement->textContent() : "";
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return 0;  // §3.3: empty = initial sync
  auto token = SyncToken::parse(text);
  if (!token) invalidToken("not issued by this server");
  if (token->storeId != txn.storeId() || token->collectionId != collection.id) invalidToken("issued for another collection");
  if (token->seq > collection.syncSeq) invalidToken("from the future");
  if (token->seq < txn.oldestRetainedSeq(collection.id)) invalidToken("too old; start a new initial sync");
  return token->seq;
}

std::string tokenElement(storage::ReadTransaction& txn, const storage::NodeRecord& collection, std::int64_t seq) {
  return "<D:sync-token>" + xmlEscape(SyncToken{txn.storeId(), collection.id, seq}.str()) + "</D:sync-token>";
}

}  // namespace

Response syncCollection(Context& context, const xml::XmlElement& root) {
  // §3.2: Depth must be 0; Thunderbird sends Depth: 1, which we read as 0 (level 1 sync).
  parseDepth(context.request, Depth::Zero);
  // §3.3: sync-level is "1" or "infinite"; anything else is a bad request. A missing one is
  // read as "1" (leniency).
  const auto* level = root.child(kDavNs, "sync-level");
  std::string levelText = level ? level->textContent() : "1";
  levelText.erase(0, levelText.find_first_not_of(" \t\r\n"));
  levelText.erase(levelText.find_last_not_of(" \t\r\n") + 1);
  if (levelText != "1" && levelText != "infinite") throw HttpError(400, "DAV:sync-level must be 1 or infinite");
  std::size_t limit = parseLimit(root);
  auto request = properties::parsePropertyRequest(root);
  auto txn = context.store.beginRead();
  auto collection = methods::requireNode(*txn, context.target.path);
  if (!collection.isCollection) throw HttpError(Precondition::ValidSyncToken, "sync-collection works on collections only");
  // A calendar has no child collections, so there "infinite" is the same as "1"; above
  // calendars the server does not traverse.
  if (levelText == "infinite" && !caldav::isCalendar(collection)) {
    throw HttpError(Precondition::SupportedSyncLevel, "Only sync-level 1 is supported on this collection");
  }
  std::int64_t since = startSeq(root, *txn, collection);

  methods::MultistatusAnswer answer(context.request);
  xml::Multistatus& out = answer.out();
  if (since == 0 && !root.child(kDavNs, "limit")) {
    // An initial sync without a limit answers every member (§3.4), so the members are listed
    // directly, as for PROPFIND Depth 1, rather than looked up one by one from the change
    // log. The collection's seq, read in the same transaction, is the token of that state.
    properties::describeChildren(context, *txn, collection, request, out);
    out.addTrailer(tokenElement(*txn, collection, collection.syncSeq));
    return answer.finish();
  }
  // The change log is read a page at a time (the answer streams); `limit` caps the total.
  constexpr std::size_t kPage = 500;
  std::int64_t cursor = since;
  std::size_t taken = 0;
  bool isTruncated = false;
  std::int64_t reached = collection.syncSeq;
  for (;;) {
    const std::size_t want = std::min(kPage, limit - taken);
    auto changes = txn->changesSince(collection.id, cursor, want + 1);
    const bool hasMore = changes.size() > want;
    if (hasMore) changes.resize(want);
    std::vector<std::string> livePaths;
    for (const auto& change : changes) {
      std::string path = storage::join(collection.path, change.member);
      if (!context.permissions.canRead(path)) continue;
      if (change.isDeleted && since > 0) out.addStatus(hrefFor(path, false), 404);  // §3.5.2
      if (!change.isDeleted) livePaths.push_back(path);
    }
    properties::describeMembers(context, *txn, txn->findNodes(livePaths), request, out);
    taken += changes.size();
    if (!changes.empty()) cursor = changes.back().seq;
    if (!hasMore) break;
    if (taken >= limit) {
      isTruncated = true;
      reached = cursor;
      break;
    }
  }
  if (isTruncated) {
    // §3.6: a truncated answer says so with 507 on the collection itself.
    out.addStatus(hrefFor(collection.path, true), 507, "<D:error><D:number-of-matches-within-limits/></D:error>");
  }
  out.addTrailer(tokenElement(*txn, collection, reached));
  return answer.finish();
}

}  // namespace caldav::dav::reports
