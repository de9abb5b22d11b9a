// The ACL method (RFC 3744 §8.1), grant only: the owner of a calendar, a scheduling inbox or
// outbox, or a calendar home replaces the grants on it (docs/caldav.md, "Access control").
#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/acl/Permissions.h"
#include "dav/acl/Privileges.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "dav/xml/SafeXmlParser.h"

#include <algorithm>

namespace caldav::dav::methods {
namespace {

// Returns the user named by a DAV:principal, or "" when it names the owner's protected ACE
// (which a client may send back unchanged). Throws the §8.1.1 refusals.
std::string principalOf(const xml::XmlElement& principal, const std::string& owner,
                        storage::ReadTransaction& txn) {
  const auto elements = principal.elements();
  if (elements.size() != 1) throw HttpError(400, "DAV:principal must hold exactly one element");
  const xml::XmlElement& which = *elements.front();
  if (which.is(kDavNs, "property") && which.child(kDavNs, "owner")) return owner;
  if (!which.is(kDavNs, "href")) {
    // DAV:all, authenticated, unauthenticated, self, other properties: grants go to users.
    throw HttpError(Precondition::AllowedPrincipal, "Privileges can only be granted to a user principal (DAV:href)");
  }
  const std::string path = resolveTarget(which.textContent()).path;
  const std::string user = ownerOfPath(path);
  if (user.empty() || path != paths::principalPath(user) || !txn.findUser(user)) {
    throw HttpError(Precondition::RecognizedPrincipal, "No principal at " + which.textContent(),
                    "<D:href>" + xmlEscape(which.textContent()) + "</D:href>");
  }
  return user;
}

// Returns the grant tokens of a DAV:grant. Throws the §8.1.1 refusals.
std::vector<std::string> privilegesOf(const xml::XmlElement& grant) {
  std::vector<std::string> tokens;
  for (const auto* privilege : grant.elements()) {
    if (!privilege->is(kDavNs, "privilege")) continue;
    for (const auto* name : privilege->elements()) {
      if (const auto* grantable = acl::findGrantable(name->ns, name->name)) {
        tokens.emplace_back(grantable->token);
      } else if (acl::isAbstractPrivilege(name->ns, name->name)) {
        throw HttpError(Precondition::NoAbstract,
                        name->name + " cannot be granted on its own (see DAV:supported-privilege-set)");
      } else {
        throw HttpError(Precondition::NotSupportedPrivilege, "Unsupported privilege " + name->ns + name->name);
      }
    }
  }
  if (tokens.empty()) throw HttpError(400, "DAV:grant names no privilege");
  return tokens;
}

// The grants a DAV:acl body asks for, merged per principal.
std::vector<storage::GrantRecord> parseAcl(const xml::XmlElement& root, const std::string& owner,
                                           storage::ReadTransaction& txn) {
  if (!root.is(kDavNs, "acl")) throw HttpError(400, "The body must be a DAV:acl element");
  std::vector<storage::GrantRecord> grants;
  for (const auto* ace : root.elements()) {
    if (!ace->is(kDavNs, "ace")) continue;
    if (ace->child(kDavNs, "invert")) throw HttpError(Precondition::NoInvert, "DAV:invert is not supported");
    if (ace->child(kDavNs, "deny")) {
      throw HttpError(Precondition::GrantOnly, "This server only grants: DAV:deny is not supported");
    }
    if (ace->child(kDavNs, "inherited")) {
      throw HttpError(Precondition::NoInheritedAceConflict, "Inherited ACEs are changed where they are set, not here");
    }
    const auto* principal = ace->child(kDavNs, "principal");
    const auto* grant = ace->child(kDavNs, "grant");
    if (!principal || !grant) throw HttpError(400, "A DAV:ace needs a DAV:principal and a DAV:grant");
    const std::string user = principalOf(*principal, owner, txn);
    if (user == owner) {
      // RFC 3744 §8.1: the protected ACE may come back unchanged; it cannot be changed.
      if (ace->child(kDavNs, "protected")) continue;
      throw HttpError(Precondition::NoProtectedAceConflict, "The owner holds every privilege; that ACE is protected");
    }
    auto tokens = privilegesOf(*grant);
    auto same = std::find_if(grants.begin(), grants.end(), [&](const auto& g) { return g.principal == user; });
    if (same == grants.end()) same = grants.insert(grants.end(), storage::GrantRecord{0, "", user, {}});
    same->privileges.insert(same->privileges.end(), tokens.begin(), tokens.end());
  }
  return grants;
}

}  // namespace

Response acl(Context& context) {
  xml::XmlElement root = xml::parseXml(context.request.body);
  const std::string owner = ownerOfPath(context.target.path);
  auto txn = beginWriteFor(context);
  auto node = requireNode(*txn, context.target.path);
  if (!acl::carriesGrants(node)) {
    throw HttpError(403, "ACLs are set on calendars, scheduling inboxes and outboxes and calendar homes only");
  }
  auto grants = parseAcl(root, owner, *txn);
  txn->setGrants(node.id, grants);
  txn->commit();
  return Response::empty(200);
}

}  // namespace caldav::dav::methods
