#pragma once
// Checks of an iCalendar stream's raw bytes, made before libical sees them: libical drops
// control characters without a word and walks nested components recursively (a deep enough
// nesting overflows the stack of whichever thread frees or writes the tree).

#include <string_view>

namespace caldav::ical::detail {

// The deepest component nesting accepted, VCALENDAR counted as 1: VCALENDAR > VEVENT > VALARM
// is 3; one more level leaves room for RFC 9073/9074 components (VEVENT > PARTICIPANT >
// VLOCATION). Which component may sit where is checked on the tree (Structure.h).
constexpr int kMaxComponentDepth = 4;

// Throws InvalidCalendar{ValidCalendarData}, naming the byte offset, if `text`
// - is not UTF-8 (RFC 5545 §3.1.4; RFC 3629: no overlong forms, surrogates or values past
//   U+10FFFF), or holds U+FFFE / U+FFFF, which XML 1.0 cannot carry;
// - holds a control character other than HTAB (RFC 5545 §3.1, §3.3.11: CONTROL), CR and LF
//   being accepted only as a line break (CRLF, or LF alone as many clients send);
// - nests components (BEGIN:/END: lines) deeper than kMaxComponentDepth.
void checkContentBytes(std::string_view text);

}  // namespace caldav::ical::detail
