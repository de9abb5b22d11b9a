#pragma once

#include <string>

namespace caldav::scheduling {

// Returns a new Schedule-Tag (RFC 6638 §3.2.10), quoted like an entity tag: unique with
// overwhelming probability (128 random bits).
std::string newScheduleTag();

// Returns a new name for a resource the server creates (a delivered message or an
// attendee's copy): a random hex string with ".ics" appended.
std::string newResourceName();

}  // namespace caldav::scheduling
