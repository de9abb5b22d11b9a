#include "dav/Conditions.h"

#include "dav/HttpError.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Timestamp.h>

namespace caldav::dav {
namespace {

// Returns true if the comma-separated entity-tag list `header` names `etag` (strong
// comparison; "*" matches any existing representation).
bool listMatches(const std::string& header, const std::optional<storage::NodeRecord>& node,
                 const std::string& tag) {
  Poco::StringTokenizer tokens(header, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& token : tokens) {
    if (token == "*") return node.has_value();
    if (node && !tag.empty() && token == tag) return true;
  }
  return false;
}

}  // namespace

void checkEtagConditions(const Request& request, const std::optional<storage::NodeRecord>& node, bool isSafeMethod) {
  if (const std::string* ifMatch = request.headers.find("If-Match")) {
    if (!listMatches(*ifMatch, node, node ? node->etag : "")) throw HttpError(412, "If-Match does not match the current ETag");
  }
  if (const std::string* ifNoneMatch = request.headers.find("If-None-Match")) {
    if (listMatches(*ifNoneMatch, node, node ? node->etag : "")) {
      if (isSafeMethod) throw HttpError(304, "Not modified");
      throw HttpError(412, "If-None-Match matched the current resource");
    }
  }
}

void checkScheduleTagCondition(const Request& request, storage::ReadTransaction& txn,
                               const std::optional<storage::NodeRecord>& node) {
  const std::string* header = request.headers.find("If-Schedule-Tag-Match");
  if (!header) return;
  const std::string tag = node && !node->isCollection ? txn.scheduleTag(node->id) : "";
  if (!listMatches(*header, node, tag) || tag.empty()) {
    throw HttpError(412, "If-Schedule-Tag-Match does not match the current Schedule-Tag");
  }
}

std::string httpDate(std::int64_t unixSeconds) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(unixSeconds)),
                                         Poco::DateTimeFormat::HTTP_FORMAT);
}

std::string iso8601(std::int64_t unixSeconds) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(unixSeconds)),
                                         Poco::DateTimeFormat::ISO8601_FORMAT);
}

std::string icalUtc(std::int64_t unixSeconds) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(unixSeconds)),
                                         "%Y%m%dT%H%M%SZ");
}

}  // namespace caldav::dav
