#include "ical/detail/ContentBytes.h"

#include "ical/InvalidCalendar.h"

#include <cstddef>
#include <string>

namespace caldav::ical::detail {

namespace {

[[noreturn]] void invalidByte(std::size_t offset, const std::string& what) {
  throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData,
                        "byte " + std::to_string(offset) + ": " + what);
}

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the UTF-8 sequence starting at text[i] (RFC 3629 §4), or 0 if it is not one.
std::size_t sequenceLength(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char c = at(0);
  if (c >= 0xC2 && c <= 0xDF) {
    return isContinuation(at(1)) ? 2 : 0;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char low = c == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    const unsigned char high = c == 0xED ? 0x9F : 0xBF;  // no surrogates
    if (at(1) < low || at(1) > high || !isContinuation(at(2))) {
      return 0;
    }
    // U+FFFE and U+FFFF are outside XML 1.0's Char production.
    return c == 0xEF && at(1) == 0xBF && (at(2) == 0xBE || at(2) == 0xBF) ? 0 : 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char low = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = c == 0xF4 ? 0x8F : 0xBF;  // nothing past U+10FFFF
    return at(1) >= low && at(1) <= high && isContinuation(at(2)) && isContinuation(at(3)) ? 4 : 0;
  }
  return 0;
}

bool startsWithNoCase(std::string_view text, std::size_t i, std::string_view prefix) {
  if (text.size() - i < prefix.size()) {
    return false;
  }
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = text[i + k];
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    if (c != prefix[k]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void checkContentBytes(std::string_view text) {
  int depth = 0;
  bool atLineStart = true;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (atLineStart) {
      atLineStart = false;
      if (startsWithNoCase(text, i, "BEGIN:") && ++depth > kMaxComponentDepth) {
        invalidByte(i, "components nest more than " + std::to_string(kMaxComponentDepth) +
                           " levels deep");
      }
      if (startsWithNoCase(text, i, "END:") && depth > 0) {
        --depth;  // never below 0: stray END lines must not buy nesting depth
      }
    }
    if (c < 0x80) {
      if (c == '\n') {
        atLineStart = true;
      } else if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
        invalidByte(i, "CR not followed by LF (RFC 5545 §3.1)");
      } else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
        invalidByte(i, "control character " + std::to_string(c) +
                           " (RFC 5545 §3.3.11 allows only HTAB)");
      }
      ++i;
      continue;
    }
    const std::size_t length = sequenceLength(text, i);
    if (length == 0) {
      invalidByte(i, "not UTF-8, or a character XML cannot carry (RFC 5545 §3.1.4)");
    }
    i += length;
  }
}

}  // namespace caldav::ical::detail
