#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::dav::acl {

// The privileges this server decides by (RFC 3744 §3, RFC 4791 §6.1.1, RFC 6638 §6.1), one
// bit each; a PrivilegeSet is what a user holds on a node (dav::acl::Permissions).
using PrivilegeSet = std::uint32_t;
namespace privilege {
inline constexpr PrivilegeSet kRead = 1u << 0;
inline constexpr PrivilegeSet kWriteProperties = 1u << 1;
inline constexpr PrivilegeSet kWriteContent = 1u << 2;
inline constexpr PrivilegeSet kBind = 1u << 3;
inline constexpr PrivilegeSet kUnbind = 1u << 4;
inline constexpr PrivilegeSet kUnlock = 1u << 5;
inline constexpr PrivilegeSet kReadAcl = 1u << 6;
inline constexpr PrivilegeSet kReadCurrentUserPrivilegeSet = 1u << 7;
inline constexpr PrivilegeSet kWriteAcl = 1u << 8;
inline constexpr PrivilegeSet kReadFreeBusy = 1u << 9;     // CALDAV:read-free-busy (RFC 4791 §6.1.1)
inline constexpr PrivilegeSet kScheduleDeliver = 1u << 10;  // CALDAV:schedule-deliver and its parts
inline constexpr PrivilegeSet kScheduleSend = 1u << 11;     // CALDAV:schedule-send and its parts
// RFC 3744 §3.2: DAV:write aggregates these four.
inline constexpr PrivilegeSet kWrite = kWriteProperties | kWriteContent | kBind | kUnbind;
inline constexpr PrivilegeSet kAll = (1u << 12) - 1;
}  // namespace privilege

// A privilege an ACE may grant on this server (RFC 3744 §5.3: the non-abstract ones of
// DAV:supported-privilege-set). `token` is how a grant stores it (storage::GrantRecord).
struct GrantablePrivilege {
  const char* ns;
  const char* name;
  const char* token;
  PrivilegeSet bits;  // what holding it gives (a read grant also reads the ACL, see docs/caldav.md)
};

// DAV:read, DAV:write, CALDAV:read-free-busy, CALDAV:schedule-deliver, CALDAV:schedule-send.
std::span<const GrantablePrivilege> grantablePrivileges();
// Returns the grantable privilege named (ns, name), or nullptr.
const GrantablePrivilege* findGrantable(std::string_view ns, std::string_view name);
// Returns the grantable privilege stored as `token` ("read", "write", ...), or nullptr.
const GrantablePrivilege* findGrantableByToken(std::string_view token);
// Returns true if (ns, name) is a privilege DAV:supported-privilege-set lists as abstract
// (known, contained in a grantable one, but not grantable on its own).
bool isAbstractPrivilege(std::string_view ns, std::string_view name);
// Returns the privileges that a grant of `tokens` gives (unknown tokens give nothing).
PrivilegeSet privilegesOf(const std::vector<std::string>& tokens);

// The <D:privilege> elements for `set` (DAV:current-user-privilege-set, RFC 3744 §5.4):
// aggregates with their parts, in a fixed order. The D and C prefixes must be declared.
std::string privilegeElements(PrivilegeSet set);
// The value of DAV:supported-privilege-set (RFC 3744 §5.3), the same on every node.
std::string supportedPrivilegeSet();

}  // namespace caldav::dav::acl
