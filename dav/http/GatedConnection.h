#pragma once

#include "dav/http/ConnectionGate.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

namespace caldav::dav::http {

// Makes the request threads' connections: each serves the request whose head the
// ConnectionGate saw complete (and any the client pipelined behind it, already read), then
// hands a kept-alive connection back to the gate instead of waiting for the next request
// on a thread. The HTTP exchange itself is Poco's (HTTPServerConnection's loop, one turn).
class GatedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  GatedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                         ConnectionGate& gate)
      : params_(std::move(params)), handlers_(std::move(handlers)), gate_(gate) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  ConnectionGate& gate_;
};

}  // namespace caldav::dav::http
