// What only a real socket shows: keep-alive connections carry no auth state, body limits,
// chunked bodies, malformed requests; after each the server is still up with data intact.
#include "HttpClient.h"
#include "ServerProcess.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::testing::HttpClient;
using caldav::testing::ServerProcess;

class HttpRobustnessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HttpRobustnessTest);
  CPPUNIT_TEST(testAuthStateDoesNotSurviveAcrossKeepAliveRequests);
  CPPUNIT_TEST(testOversizedBodyIs413AndStoresNothing);
  CPPUNIT_TEST(testChunkedBodyIsStoredByteForByte);
  CPPUNIT_TEST(testMalformedRequestsGet4xxAndServerStaysUp);
  CPPUNIT_TEST(testTraversalOnTheWireIs400);
  CPPUNIT_TEST(testEntityExpansionIsRefusedQuickly);
  CPPUNIT_TEST(testNonAsciiHrefsRoundTrip);
  CPPUNIT_TEST(testEncodedNewlineInANameIsDataOnTheWire);
  CPPUNIT_TEST(testHeadHasLengthButNoBody);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--max-body-bytes", "65536"});
    alice_ = server_->addUser("alice", "pw-a");
    bob_ = server_->addUser("bob", "pw-b");
  }
  void tearDown() override {
    CPPUNIT_ASSERT(server_ && server_->isRunning());
    server_.reset();
  }

  void testAuthStateDoesNotSurviveAcrossKeepAliveRequests() {
    HttpClient client(server_->host(), server_->port());
    std::string home = "/calendars/" + alice_ + "/";
    CPPUNIT_ASSERT_EQUAL(207, client.sendAs(alice_, "pw-a", "PROPFIND", home, "", {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT_EQUAL(401, client.send("PROPFIND", home, "", {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT_EQUAL(403, client.sendAs(bob_, "pw-b", "PROPFIND", home, "", {{"Depth", "0"}}).status);
    CPPUNIT_ASSERT_EQUAL(401, client.sendAs(alice_, "wrong", "PROPFIND", home, "", {{"Depth", "0"}}).status);
  }

  void testOversizedBodyIs413AndStoresNothing() {
    HttpClient client(server_->host(), server_->port());
    std::string path = "/calendars/" + alice_ + "/big.bin";
    // Far larger than the limit, so the client is still sending when the 413 is written: the
    // server must linger and drain, or the client's write meets a reset and never sees the 413.
    auto response = client.sendAs(alice_, "pw-a", "PUT", path, std::string(4 * 1024 * 1024, 'x'));
    CPPUNIT_ASSERT_EQUAL(413, response.status);
    HttpClient again(server_->host(), server_->port());
    CPPUNIT_ASSERT_EQUAL(404, again.sendAs(alice_, "pw-a", "GET", path).status);
    auto chunked = again.sendAs(alice_, "pw-a", "PUT", path, std::string(70000, 'y'), {{"Transfer-Encoding", "chunked"}});
    CPPUNIT_ASSERT_EQUAL(413, chunked.status);
  }

  void testChunkedBodyIsStoredByteForByte() {
    HttpClient client(server_->host(), server_->port());
    std::string path = "/calendars/" + alice_ + "/chunked.bin";
    std::string body(5000, '\0');
    for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 7);
    CPPUNIT_ASSERT_EQUAL(201, client.sendAs(alice_, "pw-a", "PUT", path, body, {{"Transfer-Encoding", "chunked"}}).status);
    CPPUNIT_ASSERT(client.sendAs(alice_, "pw-a", "GET", path).body == body);
  }

  void testMalformedRequestsGet4xxAndServerStaysUp() {
    std::string auth = HttpClient::basic(alice_, "pw-a");
    auto answer = HttpClient::raw(server_->host(), server_->port(), "THIS IS NOT HTTP\r\n\r\n");
    CPPUNIT_ASSERT(answer.empty() || answer.find(" 400 ") != std::string::npos);
    answer = HttpClient::raw(server_->host(), server_->port(),
                             "PROPFIND /calendars/" + alice_ + "/ HTTP/1.1\r\nHost: x\r\nDepth: banana\r\nAuthorization: " +
                                 auth + "\r\nContent-Length: 0\r\n\r\n");
    CPPUNIT_ASSERT(answer.find("HTTP/1.1 400") == 0);
    answer = HttpClient::raw(server_->host(), server_->port(),
                             "BREW /calendars/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    CPPUNIT_ASSERT(answer.find("HTTP/1.1 501") == 0);
    answer = HttpClient::raw(server_->host(), server_->port(),
                             "PUT /calendars/" + alice_ + "/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nAuthorization: " +
                                 auth + "\r\n\r\nshort");
    CPPUNIT_ASSERT(answer.find("HTTP/1.1 400") == 0);  // a truncated body is never stored
    HttpClient client(server_->host(), server_->port());
    CPPUNIT_ASSERT_EQUAL(200, client.sendAs(alice_, "pw-a", "OPTIONS", "/").status);
    CPPUNIT_ASSERT_EQUAL(404, client.sendAs(alice_, "pw-a", "GET", "/calendars/" + alice_ + "/x").status);
  }

  void testTraversalOnTheWireIs400() {
    std::string auth = HttpClient::basic(alice_, "pw-a");
    for (const std::string& target : {"/calendars/" + alice_ + "/../" + bob_ + "/", "/calendars/" + alice_ + "/%2e%2e/" + bob_ + "/",
                                     "/calendars/" + alice_ + "%2f..%2f" + bob_, "/calendars/" + alice_ + "/%00"}) {
      auto answer = HttpClient::raw(server_->host(), server_->port(),
                                    "PROPFIND " + target + " HTTP/1.1\r\nHost: x\r\nDepth: 0\r\nAuthorization: " + auth +
                                        "\r\nContent-Length: 0\r\n\r\n");
      CPPUNIT_ASSERT_MESSAGE(target + ": " + answer.substr(0, 40), answer.find("HTTP/1.1 400") == 0);
    }
  }

  void testEntityExpansionIsRefusedQuickly() {
    std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">";
    for (int i = 1; i < 10; ++i) {
      laughs += "<!ENTITY " + std::string(1, static_cast<char>('a' + i)) + " \"";
      for (int k = 0; k < 10; ++k) laughs += "&" + std::string(1, static_cast<char>('a' + i - 1)) + ";";
      laughs += "\">";
    }
    laughs += "]><D:propfind xmlns:D=\"DAV:\"><D:prop><x xmlns=\"urn:x\">&j;</x></D:prop></D:propfind>";
    HttpClient client(server_->host(), server_->port());
    auto response = client.sendAs(alice_, "pw-a", "PROPFIND", "/calendars/" + alice_ + "/", laughs, {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL(400, response.status);
  }

  void testNonAsciiHrefsRoundTrip() {
    HttpClient client(server_->host(), server_->port());
    std::string collection = "/calendars/" + alice_ + "/K%C3%BCche%20%26%20Bad/";
    CPPUNIT_ASSERT_EQUAL(201, client.sendAs(alice_, "pw-a", "MKCOL", collection).status);
    CPPUNIT_ASSERT_EQUAL(201, client.sendAs(alice_, "pw-a", "PUT", collection + "%E2%82%AC.txt", "euro").status);
    auto listing = client.sendAs(alice_, "pw-a", "PROPFIND", collection, "", {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, listing.status);
    CPPUNIT_ASSERT(listing.body.find("<D:href>" + collection + "%E2%82%AC.txt</D:href>") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(std::string("euro"), client.sendAs(alice_, "pw-a", "GET", "/calendars/" + alice_ + "/Küche%20&%20Bad/€.txt").body);
  }

  void testEncodedNewlineInANameIsDataOnTheWire() {
    // vdirsyncer names a resource after its UID; a UID with a newline gives "%0A" in the path.
    HttpClient client(server_->host(), server_->port());
    const std::string calendar = "/calendars/" + alice_ + "/calendar/";
    const std::string event =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:new\\nline\r\n"
        "DTSTAMP:20240101T000000Z\r\nDTSTART:20240105T100000Z\r\nDTEND:20240105T110000Z\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n";
    const std::vector<std::pair<std::string, std::string>> calendarType{{"Content-Type", "text/calendar"}};
    CPPUNIT_ASSERT_EQUAL(201, client.sendAs(alice_, "pw-a", "PUT", calendar + "a%0Ab.ics", event, calendarType).status);
    auto listing = client.sendAs(alice_, "pw-a", "PROPFIND", calendar, "", {{"Depth", "1"}});
    CPPUNIT_ASSERT_EQUAL(207, listing.status);
    CPPUNIT_ASSERT(listing.body.find("<D:href>" + calendar + "a%0Ab.ics</D:href>") != std::string::npos);
    CPPUNIT_ASSERT(client.sendAs(alice_, "pw-a", "GET", calendar + "a%0Ab.ics").body == event);

    const std::string other = "/calendars/" + alice_ + "/x%0Ay/";
    CPPUNIT_ASSERT_EQUAL(201, client.sendAs(alice_, "pw-a", "MKCOL", other).status);
    auto copied = client.sendAs(alice_, "pw-a", "COPY", calendar + "a%0Ab.ics", "", {{"Destination", other + "c%0Ad.ics"}});
    CPPUNIT_ASSERT_EQUAL(201, copied.status);
    CPPUNIT_ASSERT_EQUAL(other + "c%0Ad.ics", copied.header("Location"));
    auto moved = client.sendAs(alice_, "pw-a", "MOVE", other + "c%0Ad.ics", "", {{"Destination", other + "m%0D%0A.ics"}});
    CPPUNIT_ASSERT_EQUAL(201, moved.status);
    CPPUNIT_ASSERT_EQUAL(other + "m%0D%0A.ics", moved.header("Location"));
    CPPUNIT_ASSERT_EQUAL(204, client.sendAs(alice_, "pw-a", "DELETE", calendar + "a%0Ab.ics").status);
    CPPUNIT_ASSERT_EQUAL(404, client.sendAs(alice_, "pw-a", "GET", calendar + "a%0Ab.ics").status);
    CPPUNIT_ASSERT_EQUAL(200, client.sendAs(alice_, "pw-a", "GET", other + "m%0d%0a.ics").status);
  }

  void testHeadHasLengthButNoBody() {
    HttpClient client(server_->host(), server_->port());
    std::string path = "/calendars/" + alice_ + "/h.txt";
    client.sendAs(alice_, "pw-a", "PUT", path, "hello");
    auto head = client.sendAs(alice_, "pw-a", "HEAD", path);
    CPPUNIT_ASSERT_EQUAL(200, head.status);
    CPPUNIT_ASSERT_EQUAL(std::string("5"), head.header("Content-Length"));
    CPPUNIT_ASSERT_EQUAL(std::string("hello"), client.sendAs(alice_, "pw-a", "GET", path).body);
  }

 private:
  std::unique_ptr<ServerProcess> server_;
  std::string alice_;
  std::string bob_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(HttpRobustnessTest);
