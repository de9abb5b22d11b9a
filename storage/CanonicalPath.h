#pragma once

#include <string>
#include <string_view>

namespace caldav::storage {

// Pure helpers on canonical paths (see Records.h): decoded UTF-8, starting with '/', no
// trailing '/' except the root "/", and no empty, "." or ".." segments. Except for
// isCanonical(), the arguments must already be canonical; the results then are too.

// Returns true if `path` is canonical.
bool isCanonical(std::string_view path);

// Returns the parent of `path` ("/" for "/a"), or "" for the root "/".
std::string parentOf(std::string_view path);

// Returns the last segment of `path` ("b" for "/a/b"), or "" for the root "/".
std::string nameOf(std::string_view path);

// Returns the child `name` (one segment, no '/') of the collection path `parent`.
std::string join(std::string_view parent, std::string_view name);

// Returns true if `path` equals `ancestor` or lies anywhere below it.
// "/a/bc" is not below "/a/b"; everything is below "/".
bool isSameOrBelow(std::string_view path, std::string_view ancestor);

}  // namespace caldav::storage
