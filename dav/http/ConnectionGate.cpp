#include "dav/http/ConnectionGate.h"

#include <Poco/Logger.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <cerrno>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace caldav::dav::http {
namespace {

constexpr auto kPeekInterval = std::chrono::milliseconds(50);
constexpr auto kMaxPollWait = std::chrono::milliseconds(200);
constexpr const char* kBusy =
    "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n";
constexpr const char* kHeadTimeout = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

int descriptorOf(const Poco::Net::StreamSocket& socket) { return socket.impl()->sockfd(); }

// RFC 9112 §2.2: a head ends with an empty line; a lone LF may end a line.
bool hasCompleteHead(std::string_view bytes) {
  return bytes.find("\r\n\r\n") != std::string_view::npos || bytes.find("\n\n") != std::string_view::npos;
}

}  // namespace

ConnectionGate::ConnectionGate(const Poco::Net::ServerSocket& listener, GateLimits limits)
    : listener_(listener), limits_(limits) {
  if (::pipe2(wakePipe_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("cannot create the gate's wake pipe");
  listener_.setBlocking(false);  // acceptAll() takes what is pending and no more
}

ConnectionGate::~ConnectionGate() {
  stop();
  ::close(wakePipe_[0]);
  ::close(wakePipe_[1]);
}

void ConnectionGate::start(Poco::Net::TCPServerDispatcher& workers) {
  workers_ = &workers;
  thread_ = std::thread([this] { run(); });
}

void ConnectionGate::stop() {
  if (stopping_.exchange(true)) return;
  wake();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.isServed) {
      try {
        it->second.socket.shutdown();  // the request thread's reads and writes now fail
      } catch (const std::exception&) {
        // already gone
      }
      ++it;
    } else {
      it->second.socket.close();
      it = entries_.erase(it);
    }
  }
}

bool ConnectionGate::readmit(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(descriptorOf(socket));
  if (stopping_ || it == entries_.end()) return false;
  Entry& entry = it->second;
  entry.isServed = false;
  entry.peeked = 0;
  entry.nextPeek = {};
  entry.deadline = Clock::now() + limits_.keepAliveTimeout;
  wake();
  return true;
}

void ConnectionGate::release(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mutex_);
  forget(descriptorOf(socket));
}

bool ConnectionGate::headArrives(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds wait) {
  pollfd p{descriptorOf(socket), POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  std::array<char, 8192> buffer;
  const ssize_t n = ::recv(p.fd, buffer.data(), buffer.size(), MSG_PEEK | MSG_DONTWAIT);
  return n > 0 && hasCompleteHead(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
}

void ConnectionGate::forget(int fd) {
  auto it = entries_.find(fd);
  if (it == entries_.end()) return;
  if (auto count = perAddress_.find(it->second.address); count != perAddress_.end() && --count->second == 0) {
    perAddress_.erase(count);
  }
  entries_.erase(it);
}

void ConnectionGate::wake() {
  const char byte = 1;
  [[maybe_unused]] auto written = ::write(wakePipe_[1], &byte, 1);  // a full pipe already wakes
}

void ConnectionGate::run() {
  std::vector<pollfd> polled;
  while (!stopping_) {
    auto now = Clock::now();
    auto wakeAt = now + kMaxPollWait;
    polled.clear();
    polled.push_back({wakePipe_[0], POLLIN, 0});
    // Out of descriptors, the listener stays readable: pause accepting rather than spin.
    polled.push_back({listener_.impl()->sockfd(), static_cast<short>(now < acceptPausedUntil_ ? 0 : POLLIN), 0});
    {
      std::lock_guard lock(mutex_);
      for (auto& [fd, entry] : entries_) {
        if (entry.isServed) continue;
        wakeAt = std::min(wakeAt, entry.deadline);
        if (entry.nextPeek > now) {
          wakeAt = std::min(wakeAt, entry.nextPeek);
        } else {
          polled.push_back({fd, POLLIN, 0});
        }
      }
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wakeAt - now).count();
    const int ready = ::poll(polled.data(), polled.size(), static_cast<int>(std::max<long long>(wait, 0)));
    if (ready < 0 && errno != EINTR) {
      Poco::Logger::get("caldavd").error("connection gate: poll failed (errno %d)", errno);
      std::this_thread::sleep_for(kPeekInterval);
      continue;
    }
    if (polled[0].revents != 0) {
      std::array<char, 64> drain;
      while (::read(wakePipe_[0], drain.data(), drain.size()) > 0) {
      }
    }
    if (polled[1].revents != 0) acceptAll();
    now = Clock::now();
    std::unordered_map<int, bool> readable;  // the connections polled this round
    for (std::size_t i = 2; i < polled.size(); ++i) readable[polled[i].fd] = polled[i].revents != 0;
    std::lock_guard lock(mutex_);
    std::vector<int> due;
    for (auto& [fd, entry] : entries_) {
      if (entry.isServed) continue;
      const auto wasPolled = readable.find(fd);
      const bool hasNews = wasPolled != readable.end() ? wasPolled->second : entry.nextPeek <= now;
      if (hasNews || entry.deadline <= now) due.push_back(fd);
    }
    for (int fd : due) inspect(fd, entries_.at(fd), now);
  }
}

void ConnectionGate::acceptAll() {
  const int listenFd = listener_.impl()->sockfd();
  for (int i = 0; i < 256; ++i) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    const int fd = ::accept4(listenFd, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)) {
      Poco::Logger::get("caldavd").error("cannot accept connections: out of file descriptors (errno %d)", errno);
      acceptPausedUntil_ = Clock::now() + std::chrono::milliseconds(100);
    }
    if (fd < 0) return;  // EAGAIN (nothing more), or an aborted connection
    std::string address;
    try {
      address = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&peer), length).host().toString();
    } catch (const std::exception&) {
      address = "?";
    }
    accept(fd, address);
  }
}

void ConnectionGate::accept(int fd, const std::string& address) {
  Poco::Net::StreamSocket socket(new Poco::Net::StreamSocketImpl(fd));  // owns fd from here on
  std::lock_guard lock(mutex_);
  std::size_t& count = perAddress_[address];
  if (count >= limits_.maxConnectionsPerAddress) {
    Poco::Logger::get("caldavd").warning("refusing a connection from %s: %z connections open", address, count);
    refuse(socket, kBusy);
    return;
  }
  ++count;
  try {
    socket.setNoDelay(true);  // as Poco's TCPServer does: answers go out at once
  } catch (const std::exception&) {
    // the peer is already gone; the first peek says so
  }
  entries_.emplace(fd, Entry{socket, address, false, Clock::now() + limits_.headTimeout, {}, 0});
}

void ConnectionGate::inspect(int fd, Entry& entry, Clock::time_point now) {
  const std::size_t before = entry.peeked;
  const HeadState state = peekHead(entry);
  if (state == HeadState::Closed) {
    entry.socket.close();
    forget(fd);
    return;
  }
  if (state == HeadState::Complete) {
    if (workers_->queuedConnections() >= static_cast<int>(limits_.maxQueued)) {
      Poco::Logger::get("caldavd").warning("refusing a request from %s: %z requests wait for a thread", entry.address,
                                           limits_.maxQueued);
      refuse(entry.socket, kBusy);
      forget(fd);
      return;
    }
    entry.isServed = true;
    workers_->enqueue(entry.socket);
    return;
  }
  // A kept-alive connection's head deadline runs from the first byte of its next request.
  if (before == 0 && entry.peeked > 0) entry.deadline = std::min(entry.deadline, now + limits_.headTimeout);
  if (entry.deadline <= now) {
    if (entry.peeked > 0) {
      Poco::Logger::get("caldavd").warning("closing a connection from %s: its request head took longer than %Ld ms",
                                           entry.address, static_cast<long long>(limits_.headTimeout.count()));
      refuse(entry.socket, kHeadTimeout);
    } else {
      entry.socket.close();
    }
    forget(fd);
    return;
  }
  // Bytes wait unread in the socket, so poll() would report it at once: look again later.
  if (entry.peeked > 0) entry.nextPeek = now + kPeekInterval;
}

ConnectionGate::HeadState ConnectionGate::peekHead(Entry& entry) {
  static thread_local std::vector<char> buffer(kMaxHeadBytes);
  const ssize_t n = ::recv(descriptorOf(entry.socket), buffer.data(), buffer.size(), MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return HeadState::Closed;
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? HeadState::Waiting : HeadState::Closed;
  entry.peeked = static_cast<std::size_t>(n);
  if (entry.peeked == buffer.size() || hasCompleteHead(std::string_view(buffer.data(), entry.peeked))) {
    return HeadState::Complete;
  }
  return HeadState::Waiting;
}

void ConnectionGate::refuse(const Poco::Net::StreamSocket& socket, const char* answer) {
  const int fd = descriptorOf(socket);
  [[maybe_unused]] auto sent = ::send(fd, answer, std::string_view(answer).size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  // Closing with unread bytes sends a reset, which can destroy the answer before the client
  // reads it: discard what has arrived (what arrives later still gets the reset).
  std::array<char, 16384> discard;
  for (int i = 0; i < 4 && ::recv(fd, discard.data(), discard.size(), MSG_DONTWAIT) > 0; ++i) {
  }
  Poco::Net::StreamSocket(socket).close();
}

}  // namespace caldav::dav::http
