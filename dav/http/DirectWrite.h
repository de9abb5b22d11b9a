#pragma once

#include <Poco/Net/StreamSocket.h>

#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace caldav::dav::http {

// Writing answers straight on the connection's socket. Poco's HTTP output streams buffer
// 4 KiB and send() each buffer on its own, so a 60 KiB answer took 15 segments (and the
// headers one more); these send it with one call.

// Sends `head` (the status line and headers, as HTTPResponse::write makes them) and `body`
// together. Throws Poco::Exception if the peer is gone.
void sendMessage(Poco::Net::StreamSocket& socket, const std::string& head, std::string_view body);

// A streambuf that sends each write as one HTTP/1.1 chunk (RFC 9112 §7.1): a streamed
// multistatus writes 64 KiB at a time, one send() each instead of 16. It writes no last
// chunk: the response's own (empty) Poco chunked stream does that when it closes.
class ChunkWriter : public std::streambuf {
 public:
  explicit ChunkWriter(Poco::Net::StreamSocket& socket) : socket_(socket) {}

 protected:
  std::streamsize xsputn(const char* data, std::streamsize size) override;
  int_type overflow(int_type c) override;

 private:
  Poco::Net::StreamSocket& socket_;
  std::string frame_;  // the chunk being sent: size line, data, CRLF
};

// An ostream over a ChunkWriter; a failed send sets badbit.
class ChunkStream : public std::ostream {
 public:
  explicit ChunkStream(Poco::Net::StreamSocket& socket) : std::ostream(nullptr), writer_(socket) { rdbuf(&writer_); }

 private:
  ChunkWriter writer_;
};

}  // namespace caldav::dav::http
