#include "ical/Filter.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>

namespace caldav::ical {

namespace {

std::string asciiCasemap(std::string_view value) {
  std::string folded(value);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return folded;
}

// RFC 5051 i;unicode-casemap: titlecase each character, then NFKD; compared as UTF-8.
std::string unicodeCasemap(std::string_view value) {
  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(value.data(), static_cast<std::int32_t>(value.size())));
  icu::UnicodeString titled;
  for (std::int32_t i = 0; i < input.length(); i = input.moveIndex32(i, 1)) {
    titled.append(static_cast<UChar32>(u_totitle(input.char32At(i))));
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString normalized = U_SUCCESS(status) ? nfkd->normalize(titled, status) : titled;
  std::string out;
  (U_SUCCESS(status) ? normalized : titled).toUTF8String(out);
  return out;
}

std::string fold(Collation collation, std::string_view value) {
  switch (collation) {
    case Collation::Octet: return std::string(value);
    case Collation::UnicodeCasemap: return unicodeCasemap(value);
    case Collation::AsciiCasemap: break;
  }
  return asciiCasemap(value);
}

}  // namespace

std::optional<Collation> collationFromName(std::string_view name) {
  if (name == "i;ascii-casemap") {
    return Collation::AsciiCasemap;
  }
  if (name == "i;octet") {
    return Collation::Octet;
  }
  if (name == "i;unicode-casemap") {
    return Collation::UnicodeCasemap;
  }
  return std::nullopt;
}

bool textMatches(const TextMatch& match, std::string_view value) {
  const std::string haystack = fold(match.collation, value);
  const std::string needle = fold(match.collation, match.text);
  const bool found = haystack.find(needle) != std::string::npos;
  return found != match.isNegated;
}

}  // namespace caldav::ical
