#include "dav/server/GrantCommands.h"

#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/acl/Permissions.h"
#include "dav/acl/Privileges.h"
#include "storage/OpenStore.h"

#include <algorithm>
#include <iostream>
#include <stdexcept>

namespace caldav::server {
namespace {

// PATH USER [PRIVILEGE] --storage URL
struct GrantArguments {
  std::vector<std::string> positionals;
  std::string storage;
};

GrantArguments parseGrantArguments(const std::vector<std::string>& args) {
  GrantArguments parsed;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--storage" && i + 1 < args.size()) {
      parsed.storage = args[++i];
    } else if (args[i].rfind("--storage=", 0) == 0) {
      parsed.storage = args[i].substr(10);
    } else if (args[i].rfind("--", 0) == 0) {
      throw std::runtime_error("unknown option " + args[i]);
    } else {
      parsed.positionals.push_back(args[i]);
    }
  }
  if (parsed.storage.empty()) throw std::runtime_error("--storage URL is required");
  return parsed;
}

// The node at PATH that grants may be set on; throws std::invalid_argument otherwise.
storage::NodeRecord grantTarget(storage::ReadTransaction& txn, const std::string& pathText, const std::string& user) {
  const std::string path = dav::resolveTarget(pathText).path;
  auto node = txn.findNode(path);
  if (!node || !dav::acl::carriesGrants(*node)) {
    throw std::invalid_argument("no calendar, scheduling inbox or outbox or calendar home at " + pathText);
  }
  if (!txn.findUser(user)) throw std::invalid_argument("no user " + user);
  if (dav::ownerOfPath(path) == user) throw std::invalid_argument(user + " owns " + pathText + " already");
  return *node;
}

// Replaces USER's grant on `node` by `privileges` (none: removes it), keeping the others'.
void storeGrant(storage::Store& store, const storage::NodeRecord& node, const std::string& user,
                const std::vector<std::string>& privileges) {
  auto txn = store.beginWrite({dav::ownerOfPath(node.path)});
  auto grants = txn->grantsOn({node.id});
  std::erase_if(grants, [&](const storage::GrantRecord& grant) { return grant.principal == user; });
  if (!privileges.empty()) grants.push_back(storage::GrantRecord{node.id, node.path, user, privileges});
  txn->setGrants(node.id, grants);
  txn->commit();
}

}  // namespace

int grantCommand(const std::vector<std::string>& args) {
  auto parsed = parseGrantArguments(args);
  if (parsed.positionals.size() != 3) throw std::runtime_error("expected grant PATH USER PRIVILEGE");
  const std::string& user = parsed.positionals[1];
  const std::string& token = parsed.positionals[2];
  if (!dav::acl::findGrantableByToken(token)) {
    throw std::invalid_argument("unknown privilege " + token +
                                " (read, write, read-free-busy, schedule-deliver, schedule-send)");
  }
  auto store = storage::openStore(parsed.storage);
  auto node = grantTarget(*store->beginRead(), parsed.positionals[0], user);
  std::vector<std::string> privileges;
  for (const auto& grant : store->beginRead()->grantsOn({node.id})) {
    if (grant.principal == user) privileges = grant.privileges;
  }
  privileges.push_back(token);
  if (token == "write") privileges.emplace_back("read");
  storeGrant(*store, node, user, privileges);
  std::cerr << "granted " << token << " on " << dav::hrefFor(node.path, true) << " to " << user << std::endl;
  return 0;
}

int revokeCommand(const std::vector<std::string>& args) {
  auto parsed = parseGrantArguments(args);
  if (parsed.positionals.size() != 2) throw std::runtime_error("expected revoke PATH USER");
  const std::string& user = parsed.positionals[1];
  auto store = storage::openStore(parsed.storage);
  auto node = grantTarget(*store->beginRead(), parsed.positionals[0], user);
  storeGrant(*store, node, user, {});
  std::cerr << "revoked " << user << "'s grant on " << dav::hrefFor(node.path, true) << std::endl;
  return 0;
}

}  // namespace caldav::server
