#pragma once

#include "scheduling/write/CalendarUser.h"

namespace caldav::dav::caldav {

// The local calendar users under the URL scheme of dav/Access.h, for implicit scheduling:
// addresses are a user's "mailto:" address (storage::UserRecord::email) and its principal URL
// (path or absolute URL); deliveries go to /calendars/NAME/inbox and the
// CALDAV:schedule-default-calendar-URL calendar.
scheduling::CalendarUserDirectory calendarUserDirectory();

}  // namespace caldav::dav::caldav
