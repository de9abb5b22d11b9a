#pragma once

#include <string>
#include <vector>

namespace caldav::server {

// The administrator's delegation sub-commands (docs/configuration.md, "Command line";
// docs/caldav.md, "Access control (RFC 3744)"): the same grants the ACL method sets, for
// principals that cannot log in themselves (bookable rooms and resources, whose owner is the
// administrator). Same conventions as AdminCommands.h: args[0] names the command; the exit
// code is returned; std::runtime_error is a usage error, std::invalid_argument a value that
// cannot be used (nothing is stored).

// caldavd grant PATH USER read|write|read-free-busy|schedule-deliver|schedule-send --storage URL
// Adds the privilege to USER's grant on the calendar, inbox, outbox or calendar home at PATH
// (a path or href such as /calendars/room1/calendar/). `write` also grants `read`: a delegate
// who may write a calendar must see it.
int grantCommand(const std::vector<std::string>& args);

// caldavd revoke PATH USER --storage URL
// Removes every privilege USER holds by a grant on PATH (not those on other collections).
int revokeCommand(const std::vector<std::string>& args);

}  // namespace caldav::server
