#pragma once

#include "dav/xml/XmlElement.h"
#include "storage/Store.h"

#include <optional>
#include <string>

namespace caldav::dav::caldav {

// RFC 6638 §9.2 CALDAV:schedule-default-calendar-URL: the calendar into which the server puts
// the invitations `user` receives.
//
// Returns the canonical path of that calendar, read inside `txn`: the one the owner set with
// PROPPATCH on the inbox (stored there as a dead property) while it is still one of the
// user's calendars that accepts VEVENT; otherwise the calendar made with the user
// (kDefaultCalendarName) if it accepts VEVENT; otherwise the first calendar of the home, by
// path, that does. "" if the user has none. The write path calls this to deliver.
std::string scheduleDefaultCalendar(storage::ReadTransaction& txn, const std::string& user);

// Returns true if `node` is a calendar directly in `user`'s home that accepts VEVENT
// (RFC 4791 §5.2.3 supported-calendar-component-set), i.e. can be the default calendar.
bool canBeDefaultCalendar(storage::ReadTransaction& txn, const storage::NodeRecord& node, const std::string& user);

// Returns why `element`, a CALDAV:schedule-default-calendar-URL set by PROPPATCH on the inbox
// of `user`, cannot be stored, or std::nullopt if it can: it must hold one DAV:href naming
// a calendar that canBeDefaultCalendar (CALDAV:valid-schedule-default-calendar-URL).
std::optional<std::string> invalidScheduleDefaultCalendar(storage::ReadTransaction& txn, const std::string& user,
                                                          const xml::XmlElement& element);

}  // namespace caldav::dav::caldav
