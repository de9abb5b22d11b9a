#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace caldav::dav {

// Lets a method send its answer while it builds it: the HTTP layer sends the status line and
// headers (with chunked transfer coding) and returns the stream for the body. Once started,
// the answer can no longer become an error response; a failure then aborts the connection
// so the client never takes a truncated body for a whole one.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  virtual std::ostream& start(int status, const std::vector<std::pair<std::string, std::string>>& headers) = 0;
  virtual bool isStarted() const = 0;
};

}  // namespace caldav::dav
