#pragma once

#include "scheduling/write/PreparedObject.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace caldav::scheduling {

// The kinds of change to a collection member, one per protocol entry point.
enum class WriteMethod {
  Put,     // create or replace the resource at `target`
  Delete,  // remove `target` (and everything below it)
  Copy,    // copy `source` to `target`
  Move,    // move `source` to `target`
  Lock,    // RFC 4918 §9.10.4: LOCK of an unmapped URL creates an empty resource at `target`
};

// One intended change, as the protocol layer understood the request. Paths are canonical.
struct WriteIntent {
  WriteMethod method = WriteMethod::Put;
  std::string actor;   // the authenticated principal; owner of what it creates
  // The owners of the trees it touches: writers with an owner in common run one after the
  // other (storage::Store::beginWrite), so the rules' checks hold at commit.
  std::vector<std::string> owners;
  std::string target;  // the resource written: PUT/DELETE/LOCK target, COPY/MOVE destination
  std::string source;  // COPY/MOVE: the resource read
  bool deep = true;    // COPY of a collection: with its members (Depth: infinity)
  // PUT into a calendar: the object, prepared before the transaction (prepareObject).
  std::optional<PreparedObject> object;
  // PUT outside calendars: the body and its media type.
  std::string body;
  std::string contentType;
  std::int64_t now = 0;  // Unix seconds: the request's time
};

}  // namespace caldav::scheduling
