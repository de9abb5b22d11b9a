#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caldav::dav {

// A sync token (RFC 6578 §3.2: a URI) names a database, a collection and a position in
// that collection's change log: http://caldavd.invalid/sync/STOREID/COLLECTIONID/SEQ
struct SyncToken {
  std::string storeId;
  std::int64_t collectionId = 0;
  std::int64_t seq = 0;

  std::string str() const;
  // Returns the parsed token, or std::nullopt if `text` is not one of ours.
  static std::optional<SyncToken> parse(std::string_view text);
};

}  // namespace caldav::dav
