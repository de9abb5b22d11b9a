#pragma once

#include "dav/acl/Permissions.h"
#include "storage/Store.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace caldav::dav {

// What GET answers for a collection (RFC 4918 §9.4 leaves it open): a plain-text index,
// "Index of <href>\n" and then one line per member the user may read (Permissions::canRead), its href, in
// path order. DAV:getcontentlength of a collection is the size of this text (RFC 4918 §15.4),
// so both come from here.
std::string collectionListing(storage::ReadTransaction& txn, const storage::NodeRecord& collection,
                              const acl::Permissions& permissions);

// The size in bytes of collectionListing(txn, collection, permissions), without building it.
std::size_t collectionListingLength(storage::ReadTransaction& txn, const storage::NodeRecord& collection,
                                    const acl::Permissions& permissions);

}  // namespace caldav::dav
