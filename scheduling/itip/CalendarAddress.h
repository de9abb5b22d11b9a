#pragma once

#include <string>
#include <string_view>

namespace caldav::scheduling::itip {

// Calendar user addresses (RFC 6638 §2.4.1, RFC 5545 §3.3.3 CAL-ADDRESS) as written in
// ORGANIZER and ATTENDEE: "mailto:" URIs or principal URLs.

// Returns the address in the form addresses are compared in: a "mailto:" address with its
// scheme lower-cased and its address part lower-cased (ASCII); anything else unchanged.
std::string normalizedAddress(std::string_view address);
// Returns true if `a` and `b` name the same calendar user (equal normalized addresses).
bool isSameAddress(std::string_view a, std::string_view b);
// Returns the e-mail address of a "mailto:" address (scheme case-insensitive), or "" if
// `address` is not one.
std::string emailOf(std::string_view address);

}  // namespace caldav::scheduling::itip
