#pragma once

#include <string>
#include <string_view>

namespace caldav::dav {

// A request target resolved to a canonical storage path (see storage/Records.h).
struct TargetPath {
  std::string path;               // canonical, decoded UTF-8
  bool hadTrailingSlash = false;  // the client addressed it as a collection
};

// Resolves a request target or a Destination/href value: an origin-form path
// ("/a/b%20c/") or an absolute URL ("http://host/a/"). Drops the query, percent-decodes
// and collapses repeated '/'. Encoded control characters other than NUL (%0A, %09, ...) are
// data and decode into the path. Throws HttpError(400) for anything that could leave the URL
// space or confuse storage: "." or ".." segments (encoded or not), encoded '/' or '\\' (%2F,
// %5C), an encoded NUL (%00), raw control bytes, malformed escapes, invalid UTF-8, and a
// fragment ('#').
TargetPath resolveTarget(std::string_view target);

// Returns the href of `path` for XML bodies and Location headers: percent-encoded
// (everything outside RFC 3986 unreserved and a few safe sub-delims), with a trailing
// '/' when `isCollection` (RFC 4918 §5.2).
std::string hrefFor(std::string_view path, bool isCollection);

// Returns `text` with '&', '<', '>', '"' escaped for XML character data and attributes.
std::string xmlEscape(std::string_view text);
// Appends xmlEscape(text) to `out` without a temporary copy.
void appendXmlEscaped(std::string& out, std::string_view text);
// Escapes, in place, what `out` holds from position `from` on (text written straight into an
// answer, escaped afterwards; nothing is copied when there is nothing to escape).
void escapeXmlFrom(std::string& out, std::size_t from);

}  // namespace caldav::dav
