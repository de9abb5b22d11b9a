#include "dav/Href.h"

#include "dav/HttpError.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace caldav::dav {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Returns true if `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool isValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

[[noreturn]] void badTarget(const std::string& why) { throw HttpError(400, "Bad request target: " + why); }

// Appends the percent-decoded `raw` to `out`, copying the runs between escapes whole.
void appendDecodedSegment(std::string& out, std::string_view raw) {
  // Raw control bytes cannot be part of a request line (RFC 9112 §3.2).
  const auto isControl = [](unsigned char c) { return c < 0x20 || c == 0x7F; };
  std::size_t runStart = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto u = static_cast<unsigned char>(raw[i]);
    if (isControl(u)) badTarget("control character in path");
    if (u != '%') continue;
    if (i + 2 >= raw.size()) badTarget("truncated percent escape");
    int hi = hexValue(raw[i + 1]), lo = hexValue(raw[i + 2]);
    if (hi < 0 || lo < 0) badTarget("malformed percent escape");
    const auto c = static_cast<char>(hi * 16 + lo);
    if (c == '/' || c == '\\') badTarget("encoded path separator");
    // An encoded control character is data (a client that names a resource after a UID
    // holding a newline sends %0A): it is stored decoded and only ever leaves the server
    // percent-encoded again (hrefFor). NUL stays refused: no database text type holds it.
    if (c == '\0') badTarget("NUL in path");
    out.append(raw.data() + runStart, i - runStart);
    out += c;
    i += 2;
    runStart = i + 1;
  }
  out.append(raw.data() + runStart, raw.size() - runStart);
}

std::string_view stripToPath(std::string_view target) {
  // RFC 9112 §3.2: a request target has no fragment; acting on what precedes '#' would
  // act on another resource (litmus delete_fragment), so refuse it.
  if (target.find('#') != std::string_view::npos) badTarget("fragment in target");
  if (auto query = target.find('?'); query != std::string_view::npos) target = target.substr(0, query);
  if (auto scheme = target.find("://"); scheme != std::string_view::npos && target.front() != '/') {
    auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || target.front() != '/') badTarget("not an absolute path");
  return target;
}

}  // namespace

TargetPath resolveTarget(std::string_view target) {
  std::string_view raw = stripToPath(target);
  TargetPath result;
  result.hadTrailingSlash = raw.size() > 1 && raw.back() == '/';
  std::string path;
  path.reserve(raw.size());
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t next = raw.find('/', pos);
    if (next == std::string_view::npos) next = raw.size();
    std::string_view rawSegment = raw.substr(pos, next - pos);
    pos = next + 1;
    if (rawSegment.empty()) continue;
    path += '/';
    const std::size_t segmentStart = path.size();
    appendDecodedSegment(path, rawSegment);  // decoded in place: no string per segment
    const std::string_view segment(path.data() + segmentStart, path.size() - segmentStart);
    if (segment == "." || segment == "..") badTarget("dot segment");
    if (!isValidUtf8(segment)) badTarget("invalid UTF-8");
  }
  result.path = path.empty() ? "/" : path;
  return result;
}

namespace {

// RFC 3986 unreserved characters, '/' and the sub-delims and ':' '@' a path segment may hold.
constexpr std::array<bool, 256> kPathSafe = [] {
  std::array<bool, 256> safe{};
  for (int c = 'a'; c <= 'z'; ++c) safe[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) safe[static_cast<std::size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) safe[static_cast<std::size_t>(c)] = true;
  for (unsigned char c : std::string_view("-._~/@:!$'()*+,;=")) safe[c] = true;
  return safe;
}();

}  // namespace

std::string hrefFor(std::string_view path, bool isCollection) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size() + 8);
  std::size_t runStart = 0;  // safe characters are copied a run at a time
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto u = static_cast<unsigned char>(path[i]);
    if (kPathSafe[u]) continue;
    out.append(path.data() + runStart, i - runStart);
    out += '%';
    out += kHex[u >> 4];
    out += kHex[u & 0xF];
    runStart = i + 1;
  }
  out.append(path.data() + runStart, path.size() - runStart);
  if (isCollection && (out.empty() || out.back() != '/')) out += '/';
  return out;
}

namespace {

// Answers carry whole calendar bodies, which rarely hold markup characters: look for them
// with memchr first (vectorized).
bool hasMarkup(std::string_view text) {
  const auto has = [&text](char c) { return std::memchr(text.data(), c, text.size()) != nullptr; };
  return has('&') || has('<') || has('>') || has('"');
}

}  // namespace

void appendXmlEscaped(std::string& out, std::string_view text) {
  if (!hasMarkup(text)) {
    out.append(text);
    return;
  }
  out.reserve(out.size() + text.size() + text.size() / 16);
  std::size_t runStart = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      default: continue;
    }
    out.append(text.data() + runStart, i - runStart);
    out += entity;
    runStart = i + 1;
  }
  out.append(text.data() + runStart, text.size() - runStart);
}

void escapeXmlFrom(std::string& out, std::size_t from) {
  if (!hasMarkup(std::string_view(out).substr(from))) return;
  const std::string text = out.substr(from);
  out.resize(from);
  appendXmlEscaped(out, text);
}

std::string xmlEscape(std::string_view text) {
  std::string out;
  appendXmlEscaped(out, text);
  return out;
}

}  // namespace caldav::dav
