#include "dav/methods/Common.h"

#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "storage/CanonicalPath.h"

#include <algorithm>

namespace caldav::dav::methods {

storage::NodeRecord requireNode(storage::ReadTransaction& txn, std::string_view path) {
  auto node = txn.findNode(path);
  if (!node) throw HttpError(404, "No resource at " + hrefFor(path, false));
  return *node;
}

void requireParentCollection(storage::ReadTransaction& txn, std::string_view path) {
  std::string parent = storage::parentOf(path);
  auto node = parent.empty() ? std::nullopt : txn.findNode(parent);
  if (!node || !node->isCollection) {
    throw HttpError(409, "The parent collection " + hrefFor(parent, true) + " does not exist");
  }
}

void requireNotFixed(std::string_view path, std::string_view action) {
  if (isFixedNode(path)) {
    throw HttpError(403, "You may not " + std::string(action) + " " + hrefFor(path, true) + ": it is part of the server's structure");
  }
}

void requireBindable(std::string_view path) {
  const std::string parent = storage::parentOf(path);
  if (!isSchedulingCollection(parent)) return;
  throw HttpError(Precondition::NeedPrivileges,
                  "Nothing can be put into " + hrefFor(parent, true) + ": the server fills the scheduling inbox, and the outbox holds nothing",
                  "<D:resource><D:href>" + xmlEscape(hrefFor(parent, true)) +
                      "</D:href><D:privilege><D:bind/></D:privilege></D:resource>");
}

HttpError forbidden(std::string_view method, std::string_view path) {
  return HttpError(403, "You may not " + std::string(method) + " " + hrefFor(path, false));
}

std::vector<std::string> lockKeysFor(std::initializer_list<std::string_view> paths) {
  std::vector<std::string> keys;
  for (auto path : paths) {
    std::string owner = ownerOfPath(path);
    if (std::find(keys.begin(), keys.end(), owner) == keys.end()) keys.push_back(owner);
  }
  return keys;
}

scheduling::WriteIntent writeIntent(const Context& context, scheduling::WriteMethod method, const std::string& target,
                                    const std::string& source) {
  scheduling::WriteIntent intent;
  intent.method = method;
  intent.actor = context.user;
  intent.owners = source.empty() ? lockKeysFor({target}) : lockKeysFor({source, target});
  intent.target = target;
  intent.source = source;
  intent.now = context.now;
  return intent;
}

storage::WriteTransactionPtr beginWriteFor(Context& context) {
  return context.store.beginWrite(lockKeysFor({context.target.path}));
}

}  // namespace caldav::dav::methods
