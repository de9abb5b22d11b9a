#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::dav::locks {

// One condition of an If header list (RFC 4918 §10.4): a state token or an entity tag.
struct IfCondition {
  bool isNegated = false;
  bool isEtag = false;
  std::string value;  // the state token URI (without < >) or the quoted entity tag
};

// One parenthesized list, tagged with a resource (canonical path) or untagged.
struct IfList {
  std::optional<std::string> resourcePath;  // std::nullopt: applies to the request URI
  std::vector<IfCondition> conditions;
};

struct IfHeader {
  std::vector<IfList> lists;
  // Every state token named anywhere in the header, negated or not: the tokens the client
  // "submitted" (RFC 4918 §6.5).
  std::vector<std::string> submittedTokens() const;
};

// Parses an If header. Throws HttpError(400) if it is malformed.
IfHeader parseIfHeader(std::string_view text);

}  // namespace caldav::dav::locks
