// MultistatusAnswer: small answers are sent whole; large ones stream through the HTTP
// layer's BodyStream (head first, then the body in pieces, the closing tag last), and an
// answer that fails after streaming began never reports success.
#include "dav/methods/MultistatusAnswer.h"
#include "dav/xml/Multistatus.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <stdexcept>

using caldav::dav::BodyStream;
using caldav::dav::Request;
using caldav::dav::methods::MultistatusAnswer;

namespace {

class RecordingStream : public BodyStream {
 public:
  std::ostream& start(int status, const std::vector<std::pair<std::string, std::string>>& headers) override {
    ++starts;
    this->status = status;
    this->headers = headers;
    return body;
  }
  bool isStarted() const override { return starts > 0; }

  int starts = 0;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::ostringstream body;
};

void addMany(caldav::dav::xml::Multistatus& out, int count) {
  for (int i = 0; i < count; ++i) out.addStatus("/calendars/a/calendar/event-" + std::to_string(i) + ".ics", 404);
}

}  // namespace

class MultistatusAnswerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MultistatusAnswerTest);
  CPPUNIT_TEST(testSmallAnswerIsSentWhole);
  CPPUNIT_TEST(testLargeAnswerStreamsTheSameDocument);
  CPPUNIT_TEST(testWithoutAStreamTheAnswerIsWhole);
  CPPUNIT_TEST(testClientGoneStopsTheAnswer);
  CPPUNIT_TEST(testResponseWrittenInPlaceIsTheSameAsPropstats);
  CPPUNIT_TEST_SUITE_END();

 public:
  // beginResponse/found/endResponse (describeNode's path) and addPropstats write the same XML:
  // found properties in a 200 propstat, missing ones in a 404 one, empty groups left out.
  void testResponseWrittenInPlaceIsTheSameAsPropstats() {
    caldav::dav::xml::Multistatus inPlace;
    inPlace.beginResponse("/c/a&b.ics");
    inPlace.found() += "<D:getetag>\"1\"</D:getetag>";
    inPlace.found() += "<D:getcontenttype>text/calendar</D:getcontenttype>";
    inPlace.endResponse({"<D:displayname/>"});
    inPlace.beginResponse("/c/only-missing.ics");
    inPlace.endResponse({"<D:displayname/>"});
    inPlace.beginResponse("/c/only-found.ics");
    inPlace.found() += "<D:getetag>\"2\"</D:getetag>";
    inPlace.endResponse({});
    caldav::dav::xml::Multistatus groups;
    groups.addPropstats("/c/a&b.ics", {{200, {"<D:getetag>\"1\"</D:getetag>",
                                              "<D:getcontenttype>text/calendar</D:getcontenttype>"}},
                                       {404, {"<D:displayname/>"}}});
    groups.addPropstats("/c/only-missing.ics", {{200, {}}, {404, {"<D:displayname/>"}}});
    groups.addPropstats("/c/only-found.ics", {{200, {"<D:getetag>\"2\"</D:getetag>"}}, {404, {}}});
    CPPUNIT_ASSERT_EQUAL(groups.str(), inPlace.str());
    const std::string text = inPlace.str();
    CPPUNIT_ASSERT(text.find("<D:href>/c/a&amp;b.ics</D:href><D:propstat><D:prop><D:getetag>\"1\"</D:getetag>"
                             "<D:getcontenttype>text/calendar</D:getcontenttype></D:prop><D:status>HTTP/1.1 200 OK"
                             "</D:status></D:propstat><D:propstat><D:prop><D:displayname/></D:prop><D:status>"
                             "HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>") != std::string::npos);
    CPPUNIT_ASSERT(text.find("<D:href>/c/only-missing.ics</D:href><D:propstat><D:prop><D:displayname/>") !=
                   std::string::npos);
  }

  void testSmallAnswerIsSentWhole() {
    RecordingStream stream;
    Request request;
    request.stream = &stream;
    MultistatusAnswer answer(request);
    addMany(answer.out(), 3);
    auto response = answer.finish();
    CPPUNIT_ASSERT_EQUAL(0, stream.starts);
    CPPUNIT_ASSERT(!response.isStreamed);
    CPPUNIT_ASSERT_EQUAL(207, response.status);
    CPPUNIT_ASSERT(response.body.find("event-2.ics") != std::string::npos);
  }

  void testLargeAnswerStreamsTheSameDocument() {
    Request plain;
    MultistatusAnswer whole(plain);
    addMany(whole.out(), 2000);
    whole.out().addTrailer("<D:sync-token>t</D:sync-token>");
    const std::string expected = whole.finish().body;

    RecordingStream stream;
    Request request;
    request.stream = &stream;
    MultistatusAnswer answer(request);
    addMany(answer.out(), 2000);
    answer.out().addTrailer("<D:sync-token>t</D:sync-token>");
    auto response = answer.finish();
    CPPUNIT_ASSERT(response.isStreamed);
    CPPUNIT_ASSERT(response.body.empty());
    CPPUNIT_ASSERT_EQUAL(1, stream.starts);
    CPPUNIT_ASSERT_EQUAL(207, stream.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Content-Type"), stream.headers.at(0).first);
    CPPUNIT_ASSERT(expected.size() > 2 * caldav::dav::xml::Multistatus::kFlushBytes);
    CPPUNIT_ASSERT(stream.body.str() == expected);  // byte for byte the document sent whole
  }

  void testWithoutAStreamTheAnswerIsWhole() {
    Request request;
    MultistatusAnswer answer(request);
    addMany(answer.out(), 2000);
    auto response = answer.finish();
    CPPUNIT_ASSERT(!response.isStreamed);
    CPPUNIT_ASSERT(response.body.rfind("</D:multistatus>") == response.body.size() - 16);
    CPPUNIT_ASSERT(response.header("Content-Type") != nullptr);
  }

  // A write that fails (the client went away) stops building the answer with an exception;
  // the HTTP adapter then closes the connection instead of finishing the chunked body.
  void testClientGoneStopsTheAnswer() {
    RecordingStream stream;
    stream.body.setstate(std::ios::badbit);
    Request request;
    request.stream = &stream;
    MultistatusAnswer answer(request);
    CPPUNIT_ASSERT_THROW(addMany(answer.out(), 2000), std::runtime_error);
    CPPUNIT_ASSERT(stream.isStarted());
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MultistatusAnswerTest);
