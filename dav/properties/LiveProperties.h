#pragma once

#include "dav/acl/Permissions.h"
#include "storage/Records.h"
#include "storage/Store.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::dav::properties {

struct PropertyName {
  std::string ns;
  std::string name;
  bool operator==(const PropertyName&) const = default;
};

// What a live property needs to compute its value.
struct PropertyContext {
  const storage::NodeRecord& node;
  storage::ReadTransaction& txn;
  const std::string& user;
  std::int64_t now;
  const std::vector<storage::DeadProperty>& dead;  // the node's dead properties
  const acl::Permissions& permissions;            // what `user` may do
};

struct LiveProperty;  // a row of the live-property tables (LivePropertyTable.h)

// Returns the live property called `name`, or nullptr if there is none.
const LiveProperty* findLiveProperty(const PropertyName& name);
// Returns true if `property` exists on `node`.
bool liveExistsOn(const LiveProperty& property, const storage::NodeRecord& node);
// Appends the full XML element of `property`, which exists on `context.node`, to `out`.
void appendLiveProperty(const LiveProperty& property, const PropertyContext& context, std::string& out);

// Returns the live properties that exist on `node`; with `forAllprop`, only those that
// DAV:allprop returns (RFC 4918 §9.1).
std::vector<PropertyName> livePropertyNames(const storage::NodeRecord& node, bool forAllprop);
// Returns true if `name` is a live property that PROPPATCH may not change (RFC 4918 §15).
bool isProtected(const PropertyName& name);
// Returns true if `name` is a live property with a computed default that PROPPATCH may set
// (stored as a dead property, which the live property then renders): schedule-calendar-transp,
// schedule-default-calendar-URL.
bool isSettable(const PropertyName& name);
// Returns an empty element for `name` (for propname answers and 404 propstats).
std::string emptyElement(const PropertyName& name);

}  // namespace caldav::dav::properties
