#pragma once

#include <cstdint>
#include <string>

namespace caldav::storage::sql {

// Strong ETag of a resource body: the quoted first 128 bits (32 hex digits) of its SHA-256,
// so equal bodies give equal ETags on every backend and across copies.
std::string resourceEtag(const std::string& body);

// ETag of a collection: changes whenever a member changes (its syncSeq advances).
std::string collectionEtag(std::int64_t id, std::int64_t syncSeq);

}  // namespace caldav::storage::sql
