#include "dav/http/GatedConnection.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <memory>

namespace caldav::dav::http {
namespace {

// Most clients send their next request as soon as they have read an answer: waiting this
// long for it on the request thread saves the hop through the gate (about 50 us a request)
// and holds a thread no longer than this for a client that does not.
constexpr auto kFollowUpWait = std::chrono::milliseconds(2);

// Poco's server session, with what it has read ahead of the current request visible.
class Session : public Poco::Net::HTTPServerSession {
 public:
  using HTTPServerSession::HTTPServerSession;
  bool hasReadAhead() const { return buffered() > 0; }
};

class GatedConnection : public Poco::Net::TCPServerConnection {
 public:
  GatedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, ConnectionGate& gate)
      : TCPServerConnection(socket), params_(std::move(params)), handlers_(std::move(handlers)), gate_(gate) {}

  void run() override {
    bool keepAlive = false;
    Session session(socket(), params_);
    try {
      do {
        keepAlive = serveOne(session);
      } while (keepAlive && (session.hasReadAhead() || ConnectionGate::headArrives(socket(), kFollowUpWait)));
    } catch (const std::exception&) {
      keepAlive = false;  // the client went away or the server is stopping
    }
    // Detached, the socket outlives the session (which would close it).
    if (keepAlive && gate_.readmit(session.detachSocket())) return;
    gate_.release(socket());
  }

 private:
  // One turn of Poco's HTTPServerConnection::run(). Returns whether the connection may carry
  // another request.
  bool serveOne(Session& session) {
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
      Poco::Net::HTTPServerRequestImpl request(response, session, params_);
      response.setDate(Poco::Timestamp());
      response.setVersion(request.getVersion());
      response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive());
      try {
        std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(handlers_->createRequestHandler(request));
        if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
          response.sendContinue();
        }
        handler->handleRequest(request, response);
      } catch (const Poco::Exception&) {
        if (!response.sent()) sendError(session, Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        return false;
      }
      const bool keepAlive = params_->getKeepAlive() && response.getKeepAlive();
      session.setKeepAlive(keepAlive);
      return keepAlive;
    } catch (const Poco::Net::NoMessageException&) {
      return false;  // the client closed before a new request
    } catch (const Poco::Net::MessageException&) {
      sendError(session, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
      return false;
    }
  }

  static void sendError(Session& session, Poco::Net::HTTPResponse::HTTPStatus status) {
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
      response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
      response.setStatusAndReason(status);
      response.setKeepAlive(false);
      response.setContentLength(0);
      response.send();
    } catch (const std::exception&) {
      // the client is gone
    }
    session.setKeepAlive(false);
  }

  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  ConnectionGate& gate_;
};

}  // namespace

Poco::Net::TCPServerConnection* GatedConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket) {
  // Poco's dispatcher takes ownership of the raw pointer.
  return std::make_unique<GatedConnection>(socket, params_, handlers_, gate_).release();
}

}  // namespace caldav::dav::http
