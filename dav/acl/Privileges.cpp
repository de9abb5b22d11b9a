#include "dav/acl/Privileges.h"

#include "dav/Namespaces.h"

#include <array>

namespace caldav::dav::acl {
namespace {

using namespace privilege;

constexpr std::array<GrantablePrivilege, 5> kGrantable{{
    // RFC 3744 §3.7: read-current-user-privilege-set is usually part of read; this server
    // also lets readers see the ACL (read-acl), so a delegate can tell who else shares.
    {kDavNs, "read", "read", kRead | kReadFreeBusy | kReadAcl | kReadCurrentUserPrivilegeSet},
    {kDavNs, "write", "write", kWrite | kUnlock},
    {kCalDavNs, "read-free-busy", "read-free-busy", kReadFreeBusy},
    {kCalDavNs, "schedule-deliver", "schedule-deliver", kScheduleDeliver},
    {kCalDavNs, "schedule-send", "schedule-send", kScheduleSend},
}};

struct AbstractPrivilege {
  const char* ns;
  const char* name;
};

constexpr std::array<AbstractPrivilege, 15> kAbstract{{
    {kDavNs, "all"},
    {kDavNs, "write-properties"},
    {kDavNs, "write-content"},
    {kDavNs, "bind"},
    {kDavNs, "unbind"},
    {kDavNs, "unlock"},
    {kDavNs, "read-acl"},
    {kDavNs, "read-current-user-privilege-set"},
    {kDavNs, "write-acl"},
    {kCalDavNs, "schedule-deliver-invite"},
    {kCalDavNs, "schedule-deliver-reply"},
    {kCalDavNs, "schedule-query-freebusy"},
    {kCalDavNs, "schedule-send-invite"},
    {kCalDavNs, "schedule-send-reply"},
    {kCalDavNs, "schedule-send-freebusy"},
}};

std::string dav(const char* name) { return std::string("<D:privilege><D:") + name + "/></D:privilege>"; }
std::string cal(const char* name) { return std::string("<D:privilege><C:") + name + "/></D:privilege>"; }

// One DAV:supported-privilege element (RFC 3744 §5.3).
std::string supported(const std::string& privilege, bool isAbstract, const char* description,
                      const std::string& contained = "") {
  return "<D:supported-privilege>" + privilege + (isAbstract ? "<D:abstract/>" : "") + "<D:description xml:lang=\"en\">" +
         description + "</D:description>" + contained + "</D:supported-privilege>";
}

}  // namespace

std::span<const GrantablePrivilege> grantablePrivileges() { return kGrantable; }

const GrantablePrivilege* findGrantable(std::string_view ns, std::string_view name) {
  for (const auto& entry : kGrantable) {
    if (ns == entry.ns && name == entry.name) return &entry;
  }
  return nullptr;
}

const GrantablePrivilege* findGrantableByToken(std::string_view token) {
  for (const auto& entry : kGrantable) {
    if (token == entry.token) return &entry;
  }
  return nullptr;
}

bool isAbstractPrivilege(std::string_view ns, std::string_view name) {
  for (const auto& entry : kAbstract) {
    if (ns == entry.ns && name == entry.name) return true;
  }
  return false;
}

PrivilegeSet privilegesOf(const std::vector<std::string>& tokens) {
  PrivilegeSet set = 0;
  for (const auto& token : tokens) {
    if (const auto* entry = findGrantableByToken(token)) set |= entry->bits;
  }
  return set;
}

std::string privilegeElements(PrivilegeSet set) {
  auto has = [set](PrivilegeSet wanted) { return (set & wanted) == wanted; };
  std::string out;
  if (has(kAll)) out += dav("all");
  if (has(kRead)) out += dav("read");
  if (has(kReadAcl)) out += dav("read-acl");
  if (has(kReadCurrentUserPrivilegeSet)) out += dav("read-current-user-privilege-set");
  if (has(kReadFreeBusy)) out += cal("read-free-busy");
  if (has(kWrite)) out += dav("write");
  if (has(kWriteProperties)) out += dav("write-properties");
  if (has(kWriteContent)) out += dav("write-content");
  if (has(kBind)) out += dav("bind");
  if (has(kUnbind)) out += dav("unbind");
  if (has(kUnlock)) out += dav("unlock");
  if (has(kWriteAcl)) out += dav("write-acl");
  // RFC 6638 §6.1.1, §6.1.2: the aggregates and what they contain, as sabre/dav lists them.
  if (has(kScheduleDeliver)) {
    out += cal("schedule-deliver") + cal("schedule-deliver-invite") + cal("schedule-deliver-reply") +
           cal("schedule-query-freebusy");
  }
  if (has(kScheduleSend)) {
    out += cal("schedule-send") + cal("schedule-send-invite") + cal("schedule-send-reply") +
           cal("schedule-send-freebusy");
  }
  return out;
}

std::string supportedPrivilegeSet() {
  auto p = [](const char* prefix, const char* name) {
    return std::string("<D:privilege><") + prefix + ":" + name + "/></D:privilege>";
  };
  const std::string read = supported(
      p("D", "read"), false, "Read calendar data and properties",
      supported(p("C", "read-free-busy"), false, "Read free-busy information (CALDAV:free-busy-query)"));
  const std::string write =
      supported(p("D", "write"), false, "Write calendar data and properties",
                supported(p("D", "write-properties"), true, "Write properties") +
                    supported(p("D", "write-content"), true, "Write calendar data") +
                    supported(p("D", "bind"), true, "Add members") + supported(p("D", "unbind"), true, "Remove members"));
  const std::string deliver =
      supported(p("C", "schedule-deliver"), false, "Have scheduling messages delivered (inbox)",
                supported(p("C", "schedule-deliver-invite"), true, "Deliver invitations") +
                    supported(p("C", "schedule-deliver-reply"), true, "Deliver replies") +
                    supported(p("C", "schedule-query-freebusy"), true, "Query free-busy"));
  const std::string send = supported(p("C", "schedule-send"), false, "Send scheduling messages (outbox)",
                                     supported(p("C", "schedule-send-invite"), true, "Send invitations") +
                                         supported(p("C", "schedule-send-reply"), true, "Send replies") +
                                         supported(p("C", "schedule-send-freebusy"), true, "Send free-busy requests"));
  const std::string all =
      supported(p("D", "all"), true, "Everything (the owner's)",
                read + write + supported(p("D", "unlock"), true, "Unlock") +
                    supported(p("D", "read-acl"), true, "Read the ACL") +
                    supported(p("D", "read-current-user-privilege-set"), true, "Read one's own privileges") +
                    supported(p("D", "write-acl"), true, "Change the ACL (the owner only)") + deliver + send);
  return all;
}

}  // namespace caldav::dav::acl
