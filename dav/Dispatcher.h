#pragma once

#include "dav/Request.h"
#include "dav/Response.h"
#include "dav/auth/Authenticator.h"
#include "scheduling/write/WriteService.h"
#include "storage/Store.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace caldav::dav {

// Returns the current time in Unix seconds. Injected so tests can move time.
using Clock = std::function<std::int64_t()>;

// The whole protocol behind one call: authenticates, resolves the target, authorizes,
// picks the method handler from one table and maps every failure to an answer. Never
// throws. Thread-safe; holds no per-connection state.
class Dispatcher {
 public:
  Dispatcher(storage::Store& store, Clock clock, scheduling::IndexPolicy policy = {});

  Response handle(const Request& request);

  // The one write path (maintenance extends the index horizon through it; observers of
  // committed writes are added to it before serving).
  scheduling::WriteService& writes() { return writes_; }

  // Methods this server implements, in the order of the Allow header.
  static const std::vector<std::string>& implementedMethods();

 private:
  Response dispatch(const Request& request);

  storage::Store& store_;
  Clock clock_;
  auth::Authenticator authenticator_;
  scheduling::WriteService writes_;
};

}  // namespace caldav::dav
