#pragma once

#include "dav/Href.h"
#include "dav/Request.h"
#include "dav/acl/Permissions.h"
#include "scheduling/write/WriteService.h"
#include "storage/Store.h"

#include <cstdint>
#include <string>

namespace caldav::dav {

// What a method handler gets: the request, its resolved target, the authenticated user,
// the store, the request's time (injected, never read from the system clock here) and what
// the user may do (read their grants at most once per request).
struct Context {
  const Request& request;
  TargetPath target;
  std::string user;
  storage::Store& store;
  const scheduling::WriteService& writes;  // the one write path for members of collections
  std::int64_t now = 0;                    // Unix seconds
  const acl::Permissions& permissions;
};

// Depth header values (RFC 4918 §10.2).
enum class Depth { Zero, One, Infinity };

// Returns the Depth header, or `fallback` if absent. Throws HttpError(400) if malformed.
Depth parseDepth(const Request& request, Depth fallback);

}  // namespace caldav::dav
