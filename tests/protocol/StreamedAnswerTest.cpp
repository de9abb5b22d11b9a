// Whole-collection answers (PROPFIND Depth 1, calendar-query, sync-collection) stream in
// chunks once they pass 64 KiB: they must arrive complete and well-formed, and the
// connection must stay usable. Small answers keep their Content-Length.
#include "HttpClient.h"
#include "ServerProcess.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/NodeList.h>
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>

using caldav::testing::HttpClient;
using caldav::testing::HttpResult;
using caldav::testing::ServerProcess;

namespace {

constexpr int kEvents = 300;

std::string event(int i) {
  std::string uid = "stream-" + std::to_string(i);
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd tests//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
         "\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250310T" + std::to_string(10 + i % 8) +
         "0000Z\r\nDURATION:PT30M\r\nSUMMARY:Appointment number " + std::to_string(i) +
         " with a description long enough to make the answer big\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

// Parses `body` as XML (throws if it is not well-formed) and counts DAV:response elements.
unsigned long responsesIn(const std::string& body) {
  Poco::XML::DOMParser parser;
  Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(body);
  Poco::AutoPtr<Poco::XML::NodeList> responses = document->getElementsByTagNameNS("DAV:", "response");
  return responses->length();
}

}  // namespace

class StreamedAnswerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StreamedAnswerTest);
  CPPUNIT_TEST(testLargeAnswersStreamCompleteAndKeepTheConnection);
  CPPUNIT_TEST(testStreamedAnswerGoesOutInLargeChunks);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    server_ = std::make_unique<ServerProcess>();
    alice_ = server_->addUser("alice", "pw-a");
  }
  void tearDown() override {
    CPPUNIT_ASSERT(server_ && server_->isRunning());
    server_.reset();
  }

  void testLargeAnswersStreamCompleteAndKeepTheConnection() {
    HttpClient client(server_->host(), server_->port());
    const std::string calendar = "/calendars/" + alice_ + "/calendar/";
    for (int i = 0; i < kEvents; ++i) {
      auto put = client.sendAs(alice_, "pw-a", "PUT", calendar + "e" + std::to_string(i) + ".ics", event(i),
                               {{"Content-Type", "text/calendar"}});
      CPPUNIT_ASSERT_EQUAL(201, put.status);
    }
    const std::string ns = "xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"";
    auto propfind = client.sendAs(alice_, "pw-a", "PROPFIND", calendar,
                                  "<D:propfind " + ns + "><D:prop><D:getetag/><D:displayname/></D:prop></D:propfind>",
                                  {{"Depth", "1"}});
    assertStreamed(propfind, kEvents + 1);

    auto query = client.sendAs(alice_, "pw-a", "REPORT", calendar,
                               "<C:calendar-query " + ns + "><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter>"
                               "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range "
                               "start=\"20250310T000000Z\" end=\"20250311T000000Z\"/></C:comp-filter></C:comp-filter>"
                               "</C:filter></C:calendar-query>",
                               {{"Depth", "1"}});
    assertStreamed(query, kEvents);
    CPPUNIT_ASSERT(query.body.find("UID:stream-299") != std::string::npos);

    auto sync = client.sendAs(alice_, "pw-a", "REPORT", calendar,
                              "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token/><D:sync-level>1</D:sync-level>"
                              "<D:prop><D:getetag/></D:prop></D:sync-collection>");
    assertStreamed(sync, kEvents);
    CPPUNIT_ASSERT(sync.body.find("</D:sync-token></D:multistatus>") != std::string::npos);

    // The same connection still works, and a small answer is sent whole.
    auto small = client.sendAs(alice_, "pw-a", "PROPFIND", calendar, "", {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL(207, small.status);
    CPPUNIT_ASSERT(!small.header("Content-Length").empty());
    CPPUNIT_ASSERT_EQUAL(1UL, responsesIn(small.body));
  }

  // On the wire: a streamed answer's chunks are the 64 KiB pieces the multistatus is written
  // in (Poco's own chunked stream would cut them to 4 KiB, one send() each), the chunked
  // coding is well-formed and ends with the last chunk, and a whole answer's Content-Length
  // matches what follows its headers.
  void testStreamedAnswerGoesOutInLargeChunks() {
    HttpClient client(server_->host(), server_->port());
    const std::string calendar = "/calendars/" + alice_ + "/calendar/";
    for (int i = 0; i < kEvents; ++i) {
      CPPUNIT_ASSERT_EQUAL(201, client.sendAs(alice_, "pw-a", "PUT", calendar + "e" + std::to_string(i) + ".ics",
                                              event(i), {{"Content-Type", "text/calendar"}})
                                    .status);
    }
    const std::string body =
        "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/><D:displayname/></D:prop></D:propfind>";
    const std::string answer = HttpClient::raw(
        server_->host(), server_->port(),
        "PROPFIND " + calendar + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + HttpClient::basic(alice_, "pw-a") +
            "\r\nDepth: 1\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    const auto headersEnd = answer.find("\r\n\r\n");
    CPPUNIT_ASSERT(headersEnd != std::string::npos);
    CPPUNIT_ASSERT(answer.substr(0, headersEnd).find("Transfer-Encoding: chunked") != std::string::npos);
    std::string document;
    std::size_t largest = 0;
    for (std::size_t at = headersEnd + 4;;) {
      const auto lineEnd = answer.find("\r\n", at);
      CPPUNIT_ASSERT(lineEnd != std::string::npos);
      const std::size_t size = std::stoul(answer.substr(at, lineEnd - at), nullptr, 16);
      if (size == 0) {
        CPPUNIT_ASSERT_EQUAL(std::string("\r\n"), answer.substr(lineEnd + 2));
        break;
      }
      CPPUNIT_ASSERT(lineEnd + 2 + size + 2 <= answer.size());
      document += answer.substr(lineEnd + 2, size);
      CPPUNIT_ASSERT_EQUAL(std::string("\r\n"), answer.substr(lineEnd + 2 + size, 2));
      largest = std::max(largest, size);
      at = lineEnd + 2 + size + 2;
    }
    CPPUNIT_ASSERT(largest >= 64 * 1024);
    CPPUNIT_ASSERT_EQUAL(static_cast<unsigned long>(kEvents + 1), responsesIn(document));

    const std::string small = HttpClient::raw(
        server_->host(), server_->port(),
        "GET " + calendar + "e1.ics HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + HttpClient::basic(alice_, "pw-a") +
            "\r\nConnection: close\r\n\r\n");
    const auto smallEnd = small.find("\r\n\r\n");
    CPPUNIT_ASSERT(smallEnd != std::string::npos);
    CPPUNIT_ASSERT(small.substr(0, smallEnd).find("Content-Length: " + std::to_string(event(1).size())) !=
                   std::string::npos);
    CPPUNIT_ASSERT_EQUAL(event(1), small.substr(smallEnd + 4));
  }

 private:
  static void assertStreamed(const HttpResult& result, unsigned long responses) {
    CPPUNIT_ASSERT_EQUAL(207, result.status);
    CPPUNIT_ASSERT_EQUAL(std::string("chunked"), result.header("Transfer-Encoding"));
    CPPUNIT_ASSERT(result.body.size() > 64 * 1024);
    CPPUNIT_ASSERT_EQUAL(responses, responsesIn(result.body));
  }

  std::unique_ptr<ServerProcess> server_;
  std::string alice_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(StreamedAnswerTest);
