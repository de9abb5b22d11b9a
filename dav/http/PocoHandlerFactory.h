#pragma once

#include "dav/Dispatcher.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <atomic>
#include <cstddef>

namespace caldav::dav::http {

struct HttpLimits {
  std::size_t maxBodyBytes = 16 * 1024 * 1024;  // larger bodies get 413
  bool logRequests = false;
};

// The one adapter between Poco's HTTP server and the dav layer: it bounds and reads the
// body, builds a plain dav::Request, calls the Dispatcher and writes its Response.
// Nothing below it sees Poco Net types.
class PocoHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  PocoHandlerFactory(Dispatcher& dispatcher, HttpLimits limits) : dispatcher_(dispatcher), limits_(limits) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

 private:
  Dispatcher& dispatcher_;
  HttpLimits limits_;
  std::atomic<std::uint64_t> nextRequestId_{1};
};

}  // namespace caldav::dav::http
