#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerDispatcher.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace caldav::dav::http {

struct GateLimits {
  std::size_t maxConnectionsPerAddress = 64;  // open connections per client IP address
  std::chrono::milliseconds headTimeout{10000};       // a whole request head must arrive within this
  std::chrono::milliseconds keepAliveTimeout{15000};  // idle time allowed between requests
  std::size_t maxQueued = 256;                        // complete heads waiting for a request thread
};

// Holds every connection that has no complete request head yet, so that no request thread
// ever waits for a client's bytes before a request begins. One thread accepts connections
// and polls them; a connection goes to the request threads (`workers`) only once its whole
// head (up to the blank line) has arrived, peeked at and left in the socket for Poco to
// parse. Keep-alive connections come back here between requests (readmit()).
//
// Refusals, each closing the connection:
// - an address with maxConnectionsPerAddress open connections: 503 on the new one;
// - more than maxQueued complete heads waiting for a thread: 503;
// - a head not complete headTimeout after the connection was accepted, or after its first
//   byte on a kept-alive connection: 408 (a head longer than kMaxHeadBytes goes on as it is
//   and Poco refuses it); a kept-alive connection idle for keepAliveTimeout: closed quietly.
// A client that already sent bytes may see a reset instead of the answer.
class ConnectionGate {
 public:
  static constexpr std::size_t kMaxHeadBytes = 64 * 1024;

  ConnectionGate(const Poco::Net::ServerSocket& listener, GateLimits limits);
  ~ConnectionGate();  // stop()s
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Starts accepting; complete heads are enqueued on `workers`, which must outlive stop().
  void start(Poco::Net::TCPServerDispatcher& workers);
  // Stops accepting, closes the connections waiting here and shuts down those a request
  // thread serves (their reads and writes fail at once). Idempotent.
  void stop();

  // Called by a request thread when its connection may carry another request: the gate
  // waits for that request's head. Returns false (and the caller closes) once stopped.
  bool readmit(const Poco::Net::StreamSocket& socket);
  // Called by a request thread when its connection ends, before the socket is closed.
  void release(const Poco::Net::StreamSocket& socket);

  // Returns true if a whole request head (of at most 8 KiB) arrives in `socket` within
  // `wait`; it is peeked at, not read. Lets a request thread serve a client's next request
  // itself when it follows at once, without the round trip through the gate.
  static bool headArrives(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds wait);

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Poco::Net::StreamSocket socket;
    std::string address;
    bool isServed = false;  // a request thread has it
    Clock::time_point deadline;
    Clock::time_point nextPeek;  // a partial head is peeked at again then, not polled
    std::size_t peeked = 0;
  };
  enum class HeadState { Waiting, Complete, Closed };

  void run();
  void acceptAll();
  void accept(int fd, const std::string& address);
  void inspect(int fd, Entry& entry, Clock::time_point now);  // gate thread, mutex held
  HeadState peekHead(Entry& entry);
  void forget(int fd);  // mutex held
  void refuse(const Poco::Net::StreamSocket& socket, const char* answer);
  void wake();

  Poco::Net::ServerSocket listener_;
  const GateLimits limits_;
  Poco::Net::TCPServerDispatcher* workers_ = nullptr;
  int wakePipe_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  Clock::time_point acceptPausedUntil_;  // gate thread only
  std::mutex mutex_;
  std::unordered_map<int, Entry> entries_;  // by socket descriptor
  std::unordered_map<std::string, std::size_t> perAddress_;
  std::thread thread_;
};

}  // namespace caldav::dav::http
