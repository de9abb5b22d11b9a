#include "dav/methods/MultistatusAnswer.h"

#include <stdexcept>

namespace caldav::dav::methods {

MultistatusAnswer::MultistatusAnswer(const Request& request) : stream_(request.stream) {
  if (stream_) out_.streamTo([this](std::string_view text) { write(text); });
}

void MultistatusAnswer::write(std::string_view text) {
  if (!body_) body_ = &stream_->start(207, {{"Content-Type", "application/xml; charset=utf-8"}});
  body_->write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!*body_) throw std::runtime_error("the client stopped reading the answer");
}

Response MultistatusAnswer::finish() {
  if (!out_.hasFlushed()) return Response::xml(207, out_.str());
  write(out_.rest());
  body_->flush();
  Response response;
  response.status = 207;
  response.isStreamed = true;
  return response;
}

}  // namespace caldav::dav::methods
