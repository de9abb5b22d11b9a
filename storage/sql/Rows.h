#pragma once

#include "storage/Records.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/TypeHandler.h>
#include <Poco/Tuple.h>
#include <Poco/Types.h>

#include <string>

namespace caldav::storage::sql {

// Row shapes as Poco extracts them. Integers are Poco::Int64 on both backends; booleans
// are stored as 0/1 integers so no backend-specific boolean type is needed.
using NodeRow = Poco::Tuple<Poco::Int64, std::string, std::string, Poco::Int64, std::string, std::string,
                            std::string, std::string, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64>;
using LockRow = Poco::Tuple<std::string, std::string, Poco::Int64, Poco::Int64, std::string, std::string,
                            Poco::Int64, Poco::Int64>;
using UserRow = Poco::Tuple<std::string, std::string, Poco::Int64, std::string, std::string, std::string>;

// The column list user queries select, in UserRow order.
inline constexpr const char* kUserColumns = "name, password_hash, created_at, email, kind, auto_schedule";
// The column list lock queries select, in LockRow order.
inline constexpr const char* kLockColumns =
    "token, path, is_deep, is_exclusive, owner_xml, principal, timeout_seconds, expires_at";

NodeRecord rowToNode(const NodeRow& row);
NodeRecord rowToNode(NodeRow&& row);  // moves the strings out of `row`
// The bytes of a BLOB as a string, copied in one piece.
inline std::string bytesOf(const Poco::Data::BLOB& blob) {
  return blob.size() == 0 ? std::string() : std::string(reinterpret_cast<const char*>(blob.rawContent()), blob.size());
}
LockRecord rowToLock(const LockRow& row);
UserRecord rowToUser(UserRow&& row);  // moves the strings out of `row`

}  // namespace caldav::storage::sql
