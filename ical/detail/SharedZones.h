#pragma once
// One long-lived icaltimezone per distinct VTIMEZONE definition.
//
// A VTIMEZONE parsed with its object becomes a fresh icaltimezone, and libical expands its
// DST rules (through ICU, slowly) the first time an offset is asked of it: for every object,
// on every parse. Stored objects carry the same few definitions, so one shared icaltimezone per
// definition (keyed by its text) serves them all; libical locks a zone's expansion itself.

#include <libical/ical.h>

namespace caldav::ical::detail {

// The shared zone with the same definition as `own` (a zone of a parsed object), or `own`
// when the definition cannot be read or too many distinct definitions are held already.
icaltimezone* sharedZoneLike(icaltimezone* own);

// Remembers, for the lifetime of the registered root, which shared zone each TZID resolved
// to, so the definition text is computed once per object rather than once per time value.
// CalendarObject registers its root while it owns it.
void registerRoot(const icalcomponent* root);
void unregisterRoot(const icalcomponent* root);

// The shared zone for `tzid`, whose own zone in `root` is `own`: memoized if `root` is
// registered, else computed.
icaltimezone* sharedZoneFor(const icalcomponent* root, const char* tzid, icaltimezone* own);

}  // namespace caldav::ical::detail
