#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caldav::dav::xml {

// Returns "HTTP/1.1 404 Not Found" for 404.
std::string statusLine(int status);
// Returns the reason phrase of `status` ("Unknown" for codes we never send).
const char* reasonPhrase(int status);

// One <D:propstat> (RFC 4918 §14.22): property elements, their status, and when a
// precondition failed a DAV:error element (e.g. "<D:error><C:valid-calendar-data/></D:error>")
// and a description for humans.
struct Propstat {
  Propstat(int status_, std::vector<std::string> props_, std::string errorXml_ = "", std::string description_ = "")
      : status(status_), props(std::move(props_)), errorXml(std::move(errorXml_)), description(std::move(description_)) {}

  int status;
  std::vector<std::string> props;
  std::string errorXml;
  std::string description;
};

// Appends `propstat` to `out`; nothing when it has no properties. The D prefix must be bound
// to DAV: where it lands.
void appendPropstat(std::string& out, const Propstat& propstat);

// Builds a DAV:multistatus body (RFC 4918 §13). Property XML fragments are embedded as
// given; the root declares D (DAV:), C (CalDAV) and CS (calendarserver.org).
class Multistatus {
 public:
  // One <D:response> with a propstat per status; empty groups are skipped.
  void addPropstats(const std::string& href, const std::vector<Propstat>& groups,
                    const std::string& responseDescription = "");
  // One <D:response> written in place, without intermediate strings (PROPFIND and REPORT
  // answers for many members): beginResponse(href), then each found property's XML
  // appended to found(), then endResponse(names of the missing ones, as empty elements).
  // The same XML as addPropstats(href, {{200, found}, {404, missing}}).
  void beginResponse(std::string_view href);
  std::string& found();
  void endResponse(const std::vector<std::string>& missing);
  // One <D:response> with a single <D:status> (e.g. a member that could not be deleted).
  void addStatus(const std::string& href, int status, const std::string& errorXml = "");
  // Appends raw XML inside the root after the responses (e.g. <D:sync-token>).
  void addTrailer(const std::string& xml) { trailer_ += xml; }
  bool empty() const { return isEmpty_; }
  std::string str() const;

  // Streaming: once the responses built so far exceed kFlushBytes, `sink` receives the text
  // (the document head first) and the buffer starts over. rest() is then what remains.
  static constexpr std::size_t kFlushBytes = 64 * 1024;
  void streamTo(std::function<void(std::string_view)> sink) { sink_ = std::move(sink); }
  bool hasFlushed() const { return hasFlushed_; }
  std::string rest() const;

 private:
  void flushIfLarge();

  std::string body_;
  std::string trailer_;
  bool isEmpty_ = true;
  bool isFoundOpen_ = false;  // inside beginResponse/endResponse, the 200 propstat is open
  bool hasFlushed_ = false;
  std::function<void(std::string_view)> sink_;
};

}  // namespace caldav::dav::xml
