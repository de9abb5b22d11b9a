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
