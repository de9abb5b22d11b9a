#pragma once
// The repairs made to calendar data a client sends for storage, after sabre/vobject's repair
// mode (VCalendar::validate with REPAIR): each fixes what real clients get wrong in a way that
// needs no guess. Anything else stays refused. Listed in docs/ical.md.

#include "ical/detail/IcalPtr.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace caldav::ical::detail {

// A bare calendar component, or several (VEVENT, VTODO, VJOURNAL, VFREEBUSY, VAVAILABILITY,
// VTIMEZONE) without a VCALENDAR around them (python caldav 0.11 saves a bare VEVENT) are put
// into a new VCALENDAR. Returns a description of the repair, or "" if `root` needed none
// (it is a VCALENDAR, or something that cannot be wrapped: the caller refuses it).
std::string wrapBareComponents(IcalComponentPtr& root);

// The most common repair made on the text itself, so that every other byte stays the
// client's (libical's serialization reorders RRULE parts, which clients that compare what
// they sent with what they get, like vdirsyncer, take for a change): a body that starts with
// BEGIN:VCALENDAR and lacks VERSION or PRODID at the VCALENDAR level gets
// "VERSION:2.0" / "PRODID:-//caldavd//EN" right after that line, with the body's own line
// ending. Appends a description of each repair to `repairs`; returns the body unchanged if
// none was needed.
std::string addMissingHeaderLines(std::string_view body, std::vector<std::string>& repairs);

// Repairs a VCALENDAR whose time zones are already bounded (ZoneBounds.h):
// - a missing VERSION becomes VERSION:2.0, a missing PRODID PRODID:-//caldavd//EN (§3.7.3, §3.7.4);
// - a VEVENT, VTODO, VJOURNAL or VFREEBUSY without DTSTAMP gets DTSTAMP `now` (Unix seconds,
//   written in UTC; RFC 5545 §3.8.7.2);
// - of several components with the same UID and the same RECURRENCE-ID instant, only the last
//   is kept (python caldav 1.6 appends an override when a client edits one occurrence twice).
// Returns a description of each repair made, in order; empty if none was needed.
std::vector<std::string> repairCalendar(icalcomponent* root, std::int64_t now);

}  // namespace caldav::ical::detail
