#include "dav/http/PocoHandlerFactory.h"

#include "dav/http/DirectWrite.h"
#include "dav/xml/Multistatus.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <chrono>
#include <istream>
#include <memory>
#include <sstream>

namespace caldav::dav::http {
namespace {

// Request::stream for Poco: the status line and headers go out with chunked transfer coding.
// The body's chunks go straight on the socket (ChunkWriter); Poco's own chunked stream,
// never written to, sends the last chunk when the response ends.
class PocoBodyStream : public BodyStream {
 public:
  PocoBodyStream(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) : in_(in), out_(out) {}

  std::ostream& start(int status, const std::vector<std::pair<std::string, std::string>>& headers) override {
    out_.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status), xml::reasonPhrase(status));
    for (const auto& [name, value] : headers) out_.set(name, value);
    out_.setChunkedTransferEncoding(true);
    stream_ = &out_.send();  // sends the status line and headers
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in_)) {
      chunks_ = std::make_unique<ChunkStream>(impl->socket());
      return *chunks_;
    }
    return *stream_;
  }
  bool isStarted() const override { return stream_ != nullptr; }

 private:
  Poco::Net::HTTPServerRequest& in_;
  Poco::Net::HTTPServerResponse& out_;
  std::ostream* stream_ = nullptr;
  std::unique_ptr<ChunkStream> chunks_;
};

class DavRequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  DavRequestHandler(Dispatcher& dispatcher, const HttpLimits& limits, std::uint64_t requestId)
      : dispatcher_(dispatcher), limits_(limits), requestId_(requestId) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    Response response;
    bool bodyComplete = true;
    PocoBodyStream stream(in, out);
    try {
      Request request = toRequest(in, bodyComplete);
      request.stream = &stream;
      response = bodyComplete ? dispatcher_.handle(request) : tooLarge();
    } catch (const std::exception& error) {
      Poco::Logger::get("caldavd").error("request %s: reading the request failed: %s", std::to_string(requestId_),
                                         std::string(error.what()));
      response = Response::empty(400);
      bodyComplete = false;
    }
    if (stream.isStarted() && !response.isStreamed) {
      // The answer failed half-way through: end the connection without the last chunk, so
      // the client sees an error instead of a complete-looking truncated document.
      Poco::Logger::get("caldavd").error("request %s: a streamed answer failed (status %d); closing the connection",
                                         std::to_string(requestId_), response.status);
      abortConnection(in);
      return;
    }
    // An unread body would be parsed as the next request: close the connection instead.
    if (!bodyComplete) out.setKeepAlive(false);
    if (!response.isStreamed) write(response, in, out);
    if (response.status == 413) lingerOnRefusedBody(in);
    if (limits_.logRequests) {
      Poco::Logger::get("caldavd.access")
          .information("%s %s %s -> %d", std::to_string(requestId_), in.getMethod(), in.getURI(), response.status);
    }
  }

 private:
  Request toRequest(Poco::Net::HTTPServerRequest& in, bool& bodyComplete) {
    Request request;
    request.method = in.getMethod();
    request.target = in.getURI();
    request.host = in.getHost();
    request.requestId = std::to_string(requestId_);
    for (const auto& [name, value] : in) request.headers.add(name, value);
    if (in.has("Authorization")) request.authorization = in.get("Authorization");
    if (in.hasContentLength() && in.getContentLength64() > static_cast<Poco::Int64>(limits_.maxBodyBytes)) {
      bodyComplete = false;
      return request;
    }
    // RFC 9112 §6.3: a request without Content-Length or chunked encoding has no body
    // (Poco's stream would otherwise wait for the connection to close).
    if (in.hasContentLength() || in.getChunkedTransferEncoding()) request.body = readBounded(in.stream(), bodyComplete);
    // A body shorter than its Content-Length (the client went away) is never acted on.
    if (bodyComplete && in.hasContentLength() && static_cast<Poco::Int64>(request.body.size()) != in.getContentLength64()) {
      throw std::runtime_error("request body shorter than its Content-Length");
    }
    return request;
  }

  std::string readBounded(std::istream& stream, bool& bodyComplete) {
    std::string body;
    char buffer[16384];
    while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
      body.append(buffer, static_cast<std::size_t>(stream.gcount()));
      if (body.size() > limits_.maxBodyBytes) {
        bodyComplete = false;
        return {};
      }
    }
    return body;
  }

  Response tooLarge() const {
    Response response = Response::empty(413);
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = "The request body exceeds " + std::to_string(limits_.maxBodyBytes) + " bytes\n";
    return response;
  }

  // A client still sending a refused body gets a TCP reset if we close with its bytes unread,
  // and the reset can destroy the 413 before the client reads it. Like Apache's lingering
  // close, read and discard what keeps arriving, bounded in bytes and time, then close.
  static void lingerOnRefusedBody(Poco::Net::HTTPServerRequest& in) {
    constexpr std::size_t kMaxDiscardBytes = 64 * 1024 * 1024;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    try {
      if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in)) {
        impl->socket().setReceiveTimeout(Poco::Timespan(1, 0));
      }
      std::istream& stream = in.stream();
      char buffer[16384];
      std::size_t discarded = 0;
      while (discarded < kMaxDiscardBytes && std::chrono::steady_clock::now() < deadline &&
             (stream.read(buffer, sizeof buffer) || stream.gcount() > 0)) {
        discarded += static_cast<std::size_t>(stream.gcount());
      }
    } catch (const std::exception&) {
      // The client closed or went quiet: nothing more to linger for.
    }
  }

  static void abortConnection(Poco::Net::HTTPServerRequest& in) {
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in)) {
      try {
        impl->socket().shutdown();
      } catch (const std::exception&) {
        // already gone
      }
    }
    throw Poco::IOException("streamed answer aborted");
  }

  static void write(const Response& response, Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status),
                           xml::reasonPhrase(response.status));
    for (const auto& [name, value] : response.headers) out.set(name, value);
    bool hasNoContent = response.status == 204 || response.status == 304 || response.status < 200;
    // Content-Length: 0 on 204 keeps Poco's connection alive; clients ignore it.
    out.setContentLength64(hasNoContent ? 0 : static_cast<Poco::Int64>(response.body.size()));
    const bool hasBody = !hasNoContent && !response.omitBody && in.getMethod() != "HEAD";
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in)) {
      std::ostringstream head;
      out.write(head);  // the status line and headers, as send() would write them
      sendMessage(impl->socket(), head.str(), hasBody ? std::string_view(response.body) : std::string_view());
      return;
    }
    std::ostream& stream = out.send();
    if (hasBody) stream.write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    stream.flush();
  }

  Dispatcher& dispatcher_;
  const HttpLimits& limits_;
  std::uint64_t requestId_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* PocoHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
  // Poco takes ownership of the raw pointer it is given: the only place we release one.
  return std::make_unique<DavRequestHandler>(dispatcher_, limits_, nextRequestId_++).release();
}

}  // namespace caldav::dav::http
