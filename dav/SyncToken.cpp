#include "dav/SyncToken.h"

#include <charconv>

namespace caldav::dav {
namespace {

constexpr std::string_view kPrefix = "http://caldavd.invalid/sync/";

std::optional<std::int64_t> parseNumber(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::string SyncToken::str() const {
  return std::string(kPrefix) + storeId + "/" + std::to_string(collectionId) + "/" + std::to_string(seq);
}

std::optional<SyncToken> SyncToken::parse(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  auto first = text.find('/');
  auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos || first == 0) return std::nullopt;
  auto collection = parseNumber(text.substr(first + 1, second - first - 1));
  auto seq = parseNumber(text.substr(second + 1));
  if (!collection || !seq) return std::nullopt;
  return SyncToken{std::string(text.substr(0, first)), *collection, *seq};
}

}  // namespace caldav::dav
