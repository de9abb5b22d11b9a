#pragma once

#include "storage/Records.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace caldav::server {

// The administrator's sub-commands of caldavd (docs/configuration.md, "Command line"). Each
// takes the whole argument list (args[0] names the command) and returns the exit code. They
// throw std::runtime_error for a usage error, std::invalid_argument for a value that cannot be
// used (nothing is stored; main exits 2 with the reason), storage::StoreError when the store
// refuses (no such user or calendar, something already exists).

// caldavd calendar create OWNER NAME [--display-name TEXT] [--bookable] [--set KEY=VALUE ...]
//                  list [OWNER]
//                  set OWNER NAME KEY=VALUE... (KEY= removes the value)
//                  ... --storage URL
int calendarCommand(const std::vector<std::string>& args, std::int64_t now);

// caldavd principal add NAME --type individual|room|resource [--auto-schedule VALUE]
//                             [--email ADDR | --mail-domain DOMAIN]
//                   list
//                   set NAME [--type TYPE] [--auto-schedule VALUE]
//                   ... --storage URL
// VALUE: automatic, accept-if-free, decline-if-busy or none; a room gets automatic unless
// given, the other types must name one. `list` prints NAME, type, auto-schedule value and
// address, tab-separated, one principal (a user without password) per line.
int principalCommand(const std::vector<std::string>& args, std::int64_t now);

// caldavd audit list [--calendar PATH] [--since TIME] [--limit N] --storage URL
// Prints one line per audit entry, oldest first (formatAuditEntry).
int auditCommand(const std::vector<std::string>& args);

// Parses TIME of --since: ISO 8601 (2026-12-01T00:00:00Z, 2026-12-01T01:00:00+01:00,
// 2026-12-01; a time without zone is UTC) or Unix seconds (1796083200). Returns Unix
// seconds, or std::nullopt if `text` is neither.
std::optional<std::int64_t> parseInstant(const std::string& text);

// One line (no newline) of `caldavd audit list`, fields separated by tabs, "-" for an empty
// one: time (ISO 8601 UTC), actor, method, href, UID, "old ETag -> new ETag", the changed
// iCalendar property names, "status before -> status after". Control characters and '\'
// are escaped as \xNN, so an entry is always one line.
std::string formatAuditEntry(const storage::AuditRecord& entry);

}  // namespace caldav::server
