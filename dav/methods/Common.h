#pragma once

#include "dav/Context.h"
#include "dav/HttpError.h"
#include "storage/Store.h"

#include <string>
#include <string_view>
#include <vector>

namespace caldav::dav::methods {

// Returns the node at `path`; throws HttpError(404) if there is none.
storage::NodeRecord requireNode(storage::ReadTransaction& txn, std::string_view path);
// Throws HttpError(409) unless the parent of `path` exists and is a collection
// (RFC 4918 §9.7.1, §9.3.1: intermediate collections are never created implicitly).
void requireParentCollection(storage::ReadTransaction& txn, std::string_view path);
// Throws HttpError(403) if `path` is a fixed node (structure, principal, calendar home).
void requireNotFixed(std::string_view path, std::string_view action);
// Throws 403 DAV:need-privileges (bind, RFC 3744 §7.1.1) if `path` would be a member of a
// scheduling inbox or outbox: only the server delivers into the inbox, and the outbox holds
// nothing (RFC 6638 §2.1, §2.2). Members of the inbox may still be read and deleted.
void requireBindable(std::string_view path);
// The plain 403 of a request whose user may not touch its target ("You may not GET /href").
HttpError forbidden(std::string_view method, std::string_view path);
// The writer-serialization keys for a write that touches `paths` (their owners).
std::vector<std::string> lockKeysFor(std::initializer_list<std::string_view> paths);
// A write intent for `method` on `target` (canonical) by the context's user at its time,
// serialized with the writers of the owners of `target` and `source` (if any).
scheduling::WriteIntent writeIntent(const Context& context, scheduling::WriteMethod method, const std::string& target,
                                    const std::string& source = "");
// Opens a write transaction serialized with other writers of the target's owner.
storage::WriteTransactionPtr beginWriteFor(Context& context);

}  // namespace caldav::dav::methods
