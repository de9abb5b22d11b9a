#include "dav/caldav/CalendarBody.h"

#include "dav/HttpError.h"

#include <Poco/Logger.h>
#include <Poco/String.h>

#include <algorithm>
#include <string>

namespace caldav::dav::caldav {

namespace {

std::string trimmed(std::string_view text) {
  const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// The charset parameter of a media type (RFC 9110 §8.3.1), lower-cased; "" if absent.
std::string charsetOf(std::string_view contentType) {
  std::size_t at = contentType.find(';');
  while (at != std::string_view::npos) {
    const std::size_t next = contentType.find(';', at + 1);
    const std::string_view parameter = contentType.substr(at + 1, next == std::string_view::npos ? next : next - at - 1);
    const std::size_t equals = parameter.find('=');
    if (equals != std::string_view::npos && Poco::toLower(trimmed(parameter.substr(0, equals))) == "charset") {
      std::string value = trimmed(parameter.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return Poco::toLower(value);
    }
    at = next;
  }
  return "";
}

}  // namespace

void requireSupportedCharset(std::string_view contentType, std::string_view body) {
  const std::string charset = charsetOf(contentType);
  if (charset.empty() || charset == "utf-8") return;
  if (charset != "us-ascii") {
    throw HttpError(Precondition::SupportedCalendarData, "Calendar data must be UTF-8 (RFC 5545 §3.1.4), not " + charset);
  }
  if (std::any_of(body.begin(), body.end(), [](char c) { return static_cast<unsigned char>(c) > 0x7F; })) {
    throw HttpError(Precondition::ValidCalendarData, "The body declared us-ascii holds bytes that are not ASCII");
  }
}

void logRepairs(const Request& request, const ical::CalendarObject& object) {
  Poco::Logger& logger = Poco::Logger::get("caldavd");
  if (!logger.debug()) return;
  for (const std::string& repair : object.repairs()) {
    logger.debug("request %s: calendar data repaired: %s", request.requestId, repair);
  }
}

}  // namespace caldav::dav::caldav
