#pragma once

#include "dav/Request.h"
#include "dav/Response.h"
#include "dav/xml/Multistatus.h"

#include <ostream>

namespace caldav::dav::methods {

// A 207 answer that streams through Request::stream when the HTTP layer offers one: past
// xml::Multistatus::kFlushBytes the status line and headers go out and the body follows in
// chunks as it is built, so a whole-collection answer is never held in memory at once.
// Small answers (and every answer in-process) are sent whole, with a Content-Length.
class MultistatusAnswer {
 public:
  explicit MultistatusAnswer(const Request& request);
  MultistatusAnswer(const MultistatusAnswer&) = delete;
  MultistatusAnswer& operator=(const MultistatusAnswer&) = delete;

  xml::Multistatus& out() { return out_; }
  // Sends what remains; the Response is then only a marker (isStreamed) or the whole answer.
  Response finish();

 private:
  void write(std::string_view text);

  xml::Multistatus out_;
  BodyStream* stream_;
  std::ostream* body_ = nullptr;
};

}  // namespace caldav::dav::methods
