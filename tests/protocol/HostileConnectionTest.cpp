// Hostile connections (issue 10 item 11; docs/caldav.md "Paths and hostile connections"):
// clients that trickle their request heads, open too many connections, or keep a request
// running while the server is asked to stop.
#include "HttpClient.h"
#include "ServerProcess.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using caldav::testing::HttpClient;
using caldav::testing::ServerProcess;
using Clock = std::chrono::steady_clock;

namespace {

// A raw TCP connection to the server under test, optionally from another loopback address
// (Linux routes all of 127/8 to the loopback interface).
class RawConnection {
 public:
  RawConnection(unsigned short port, const char* from = nullptr) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (from) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      ::inet_pton(AF_INET, from, &local.sin_addr);
      ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    }
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    isConnected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool isConnected() const { return isConnected_; }
  bool send(const std::string& bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }

  // Reads until the server closes or `limit` passes; returns what arrived.
  std::string readUntilClosed(std::chrono::milliseconds limit) {
    std::string answer;
    const auto deadline = Clock::now() + limit;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return answer;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        isClosed_ = true;
        return answer;
      }
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  bool wasClosed() const { return isClosed_; }

 private:
  int fd_;
  bool isConnected_ = false;
  bool isClosed_ = false;
};

// Milliseconds one GET on a fresh connection takes to be answered (any status), from
// `from`; a GET unanswered after 3 s counts as 3000.
long long timeOneGet(unsigned short port, const char* from = nullptr) {
  const auto start = Clock::now();
  RawConnection client(port, from);
  client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const std::string answer = client.readUntilClosed(std::chrono::seconds(3));
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  return answer.rfind("HTTP/1.1 ", 0) == 0 && answer.rfind("HTTP/1.1 503", 0) != 0 ? took : 3000;
}

const std::string kSlowHead = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(400, 'a');

// RFC 5545 allows any RRULE in a VTIMEZONE observance: this one has a transition every second since 1601.
const std::string kSecondlyTimezoneEvent =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Every-Second\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nRRULE:FREQ=SECONDLY\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"
    "END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:stuck\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART;TZID=Every-Second:20240105T100000\r\nDTEND;TZID=Every-Second:20240105T110000\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

}  // namespace

// Trickles kSlowHead into `connection`, a byte every 100 ms, against a server whose head
// deadline is 1 s: each byte arrives well within any per-read timeout, the whole head does not.
void assertTrickledHeadIs408(RawConnection& connection) {
  const auto start = Clock::now();
  std::string answer;
  for (std::size_t at = 0; at < kSlowHead.size() && !connection.wasClosed(); ++at) {
    if (!connection.send(kSlowHead.substr(at, 1))) break;
    answer += connection.readUntilClosed(std::chrono::milliseconds(100));
    if (Clock::now() - start > std::chrono::seconds(5)) break;
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  CPPUNIT_ASSERT_MESSAGE(answer, answer.rfind("HTTP/1.1 408", 0) == 0);
  CPPUNIT_ASSERT_MESSAGE(std::to_string(took) + " ms", took >= 900 && took < 3000);
}

class HostileConnectionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HostileConnectionTest);
  CPPUNIT_TEST(testTwoHundredTricklingHeadsDoNotDelayAnotherClient);
  CPPUNIT_TEST(testHeadNotCompleteWithinTheDeadlineIs408);
  CPPUNIT_TEST(testConnectionsOverThePerAddressCapAre503);
  CPPUNIT_TEST(testKeptAliveConnectionsHoldNoThread);
  CPPUNIT_TEST(testStopIsBoundedWhileRequestsAreStuck);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testTwoHundredTricklingHeadsDoNotDelayAnotherClient() {
    // All 200 from the same address as the other client: only the head deadline and the
    // gate protect it here, not the per-address cap.
    ServerProcess server({"--max-connections-per-address", "1000", "--threads", "8"});
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 200; ++i) slow.push_back(std::make_unique<RawConnection>(server.port()));
    std::atomic<bool> done{false};
    std::thread trickler([&] {  // one byte on each connection every 50 ms, for at most 4 s
      const auto end = Clock::now() + std::chrono::seconds(4);
      for (std::size_t at = 0; !done && Clock::now() < end && at < kSlowHead.size(); ++at) {
        for (auto& connection : slow) connection->send(kSlowHead.substr(at, 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // every trickler has started
    long long slowest = 0;
    for (int i = 0; i < 5; ++i) {
      slowest = std::max(slowest, timeOneGet(server.port()));
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    done = true;
    trickler.join();
    CPPUNIT_ASSERT_MESSAGE("slowest GET took " + std::to_string(slowest) + " ms", slowest < 1000);
    CPPUNIT_ASSERT(server.isRunning());
  }

  void testHeadNotCompleteWithinTheDeadlineIs408() {
    ServerProcess server({"--request-head-timeout", "1"});
    RawConnection fresh(server.port());
    assertTrickledHeadIs408(fresh);
    // On a kept-alive connection the deadline runs from the next request's first byte.
    RawConnection kept(server.port());
    kept.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    CPPUNIT_ASSERT(kept.readUntilClosed(std::chrono::milliseconds(1500)).rfind("HTTP/1.1 ", 0) == 0);
    CPPUNIT_ASSERT(!kept.wasClosed());
    assertTrickledHeadIs408(kept);
    CPPUNIT_ASSERT(timeOneGet(server.port()) < 1000);
  }

  void testConnectionsOverThePerAddressCapAre503() {
    ServerProcess server({"--max-connections-per-address", "4"});
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 4; ++i) idle.push_back(std::make_unique<RawConnection>(server.port()));
    RawConnection over(server.port());
    CPPUNIT_ASSERT(over.readUntilClosed(std::chrono::seconds(3)).rfind("HTTP/1.1 503", 0) == 0);
    CPPUNIT_ASSERT(over.wasClosed());

    // Another address is not affected.
    CPPUNIT_ASSERT(timeOneGet(server.port(), "127.0.0.2") < 1000);

    // A closed connection frees its place.
    idle.pop_back();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CPPUNIT_ASSERT(timeOneGet(server.port()) < 1000);
  }

  void testKeptAliveConnectionsHoldNoThread() {
    // Two request threads, ten idle keep-alive connections: a new client is still served.
    ServerProcess server({"--threads", "2"});
    std::vector<std::unique_ptr<HttpClient>> kept;
    for (int i = 0; i < 10; ++i) {
      kept.push_back(std::make_unique<HttpClient>("127.0.0.1", server.port()));
      CPPUNIT_ASSERT(kept.back()->send("GET", "/").status >= 200);
    }
    CPPUNIT_ASSERT(timeOneGet(server.port()) < 1000);
    for (auto& client : kept) CPPUNIT_ASSERT(client->send("GET", "/").status >= 200);  // still alive
  }

  void testStopIsBoundedWhileRequestsAreStuck() {
    ServerProcess server({"--stop-timeout", "2"});
    const std::string user = server.addUser("stuck", "pw");
    const std::string auth = "Authorization: " + HttpClient::basic(user, "pw") + "\r\n";
    // One client sent half a body and waits; another's request keeps a thread busy.
    RawConnection halfBody(server.port());
    halfBody.send("PUT /calendars/" + user + "/calendar/half.ics HTTP/1.1\r\nHost: x\r\n" + auth +
                  "Content-Type: text/calendar\r\nContent-Length: 1000\r\n\r\nBEGIN:VCALENDAR\r\n");
    RawConnection busy(server.port());
    busy.send("PUT /calendars/" + user + "/calendar/stuck.ics HTTP/1.1\r\nHost: x\r\n" + auth +
              "Content-Type: text/calendar\r\nContent-Length: " + std::to_string(kSecondlyTimezoneEvent.size()) +
              "\r\n\r\n" + kSecondlyTimezoneEvent);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    const auto start = Clock::now();
    const auto code = server.terminate(std::chrono::seconds(6));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    CPPUNIT_ASSERT_MESSAGE("still running 6 s after SIGTERM", code.has_value());
    CPPUNIT_ASSERT_MESSAGE(std::to_string(took) + " ms", took < 3000);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostileConnectionTest);
