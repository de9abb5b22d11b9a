#include "scheduling/itip/CalendarAddress.h"

#include <algorithm>
#include <cctype>

namespace caldav::scheduling::itip {
namespace {

constexpr std::string_view kMailto = "mailto:";

bool hasMailtoScheme(std::string_view address) {
  if (address.size() < kMailto.size()) return false;
  for (std::size_t i = 0; i < kMailto.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(address[i])) != kMailto[i]) return false;
  }
  return true;
}

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

}  // namespace

std::string normalizedAddress(std::string_view address) {
  if (!hasMailtoScheme(address)) return std::string(address);
  return std::string(kMailto) + lower(address.substr(kMailto.size()));
}

bool isSameAddress(std::string_view a, std::string_view b) {
  return normalizedAddress(a) == normalizedAddress(b);
}

std::string emailOf(std::string_view address) {
  if (!hasMailtoScheme(address)) return "";
  return std::string(address.substr(kMailto.size()));
}

}  // namespace caldav::scheduling::itip
