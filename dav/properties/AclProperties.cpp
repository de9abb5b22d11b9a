// The WebDAV ACL properties (RFC 3744 §5) of what the ACL method applies to: calendars,
// scheduling inboxes and outboxes, calendar homes (dav/methods/Acl.cpp). DAV:owner,
// DAV:current-user-privilege-set and DAV:principal-collection-set live with the other
// discovery properties.
#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/Namespaces.h"
#include "dav/acl/Permissions.h"
#include "dav/acl/Privileges.h"
#include "dav/properties/LivePropertyTable.h"
#include "storage/CanonicalPath.h"

#include <array>

namespace caldav::dav::properties {
namespace {

bool acceptsAcl(const storage::NodeRecord& node) { return acl::carriesGrants(node); }

std::string principalHref(const std::string& user) {
  return "<D:principal><D:href>" + xmlEscape(hrefFor(paths::principalPath(user), true)) + "</D:href></D:principal>";
}

std::string grantAce(const storage::GrantRecord& grant, const std::string& inheritedFrom) {
  std::string privileges;
  for (const auto& token : grant.privileges) {
    if (const auto* privilege = acl::findGrantableByToken(token)) {
      privileges += std::string("<D:privilege><") + (std::string(privilege->ns) == kDavNs ? "D:" : "C:") +
                    privilege->name + "/></D:privilege>";
    }
  }
  std::string ace = "<D:ace>" + principalHref(grant.principal) + "<D:grant>" + privileges + "</D:grant>";
  if (!inheritedFrom.empty()) {
    ace += "<D:inherited><D:href>" + xmlEscape(hrefFor(inheritedFrom, true)) + "</D:href></D:inherited>";
  }
  return ace + "</D:ace>";
}

// RFC 3744 §5.5: the owner's protected ACE (DAV:all), the grants set here, then those set on
// the collections above it in the home, marked inherited (a grant covers what is below it).
void aclProperty(const PropertyContext& c, std::string& out) {
  const std::string owner = ownerOfPath(c.node.path);
  std::string value = "<D:ace>" + principalHref(owner) +
                      "<D:grant><D:privilege><D:all/></D:privilege></D:grant><D:protected/></D:ace>";
  std::vector<std::string> ancestors;
  const std::string home = paths::calendarHomePath(owner);
  for (std::string path = c.node.path; acl::isAtOrBelow(path, home); path = storage::parentOf(path)) {
    ancestors.push_back(path);
  }
  std::vector<std::int64_t> ids;
  for (const auto& node : c.txn.findNodes(ancestors)) ids.push_back(node.id);
  const auto grants = c.txn.grantsOn(ids);
  for (const auto& grant : grants) {
    if (grant.nodeId == c.node.id) value += grantAce(grant, "");
  }
  for (const auto& grant : grants) {
    if (grant.nodeId != c.node.id) value += grantAce(grant, grant.path);
  }
  out += "<D:acl>" + value + "</D:acl>";
}

void supportedPrivilegeSet(const PropertyContext&, std::string& out) {
  out += "<D:supported-privilege-set>" + acl::supportedPrivilegeSet() + "</D:supported-privilege-set>";
}

// RFC 3744 §5.6: only grants, never inverted; the owner's ACE is protected.
void aclRestrictions(const PropertyContext&, std::string& out) {
  out += "<D:acl-restrictions><D:grant-only/><D:no-invert/></D:acl-restrictions>";
}

// RFC 3744 §5.7: the collections whose grants apply here too.
void inheritedAclSet(const PropertyContext& c, std::string& out) {
  const std::string home = paths::calendarHomePath(ownerOfPath(c.node.path));
  std::string value;
  for (std::string path = storage::parentOf(c.node.path); acl::isAtOrBelow(path, home);
       path = storage::parentOf(path)) {
    value += "<D:href>" + xmlEscape(hrefFor(path, true)) + "</D:href>";
  }
  out += "<D:inherited-acl-set>" + value + "</D:inherited-acl-set>";
}

constexpr std::array<LiveProperty, 4> kAclProperties{{
    {kDavNs, "acl", false, acceptsAcl, aclProperty},
    {kDavNs, "supported-privilege-set", false, acceptsAcl, supportedPrivilegeSet},
    {kDavNs, "acl-restrictions", false, acceptsAcl, aclRestrictions},
    {kDavNs, "inherited-acl-set", false, acceptsAcl, inheritedAclSet},
}};

}  // namespace

std::span<const LiveProperty> aclProperties() { return kAclProperties; }

}  // namespace caldav::dav::properties
