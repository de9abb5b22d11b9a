#include "dav/http/DirectWrite.h"

#include <cstdio>

namespace caldav::dav::http {

void sendMessage(Poco::Net::StreamSocket& socket, const std::string& head, std::string_view body) {
  constexpr std::size_t kCopyAtMost = 256 * 1024;  // a larger body goes in a send of its own
  if (body.size() <= kCopyAtMost) {
    std::string message;
    message.reserve(head.size() + body.size());
    message += head;
    message += body;
    socket.sendBytes(message.data(), static_cast<int>(message.size()));
    return;
  }
  socket.sendBytes(head.data(), static_cast<int>(head.size()));
  socket.sendBytes(body.data(), static_cast<int>(body.size()));
}

std::streamsize ChunkWriter::xsputn(const char* data, std::streamsize size) {
  if (size <= 0) return 0;
  char sizeLine[24];
  const int sizeLength = std::snprintf(sizeLine, sizeof sizeLine, "%zx\r\n", static_cast<std::size_t>(size));
  frame_.clear();
  frame_.reserve(static_cast<std::size_t>(sizeLength + size + 2));
  frame_.append(sizeLine, static_cast<std::size_t>(sizeLength));
  frame_.append(data, static_cast<std::size_t>(size));
  frame_.append("\r\n");
  // StreamSocket::sendBytes loops until a blocking socket took everything; it throws (and
  // the ostream sets badbit) when the peer is gone or the send timeout passes.
  const auto length = static_cast<int>(frame_.size());
  if (socket_.sendBytes(frame_.data(), length) != length) return 0;
  return size;
}

ChunkWriter::int_type ChunkWriter::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char one = traits_type::to_char_type(c);
  return xsputn(&one, 1) == 1 ? c : traits_type::eof();
}

}  // namespace caldav::dav::http
