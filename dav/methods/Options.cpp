#include "dav/Dispatcher.h"
#include "dav/methods/Methods.h"

namespace caldav::dav::methods {

Response options(Context&) {
  Response response = Response::empty(200);
  // RFC 4918 §10.1: class 1, 2 (locks), 3; RFC 4791 §5.1: calendar-access;
  // RFC 5689: extended-mkcol; RFC 3744 §7.2: access-control (the ACL method, grant only);
  // RFC 6638 §2: calendar-auto-schedule, on every resource (Thunderbird asks the home, Apple
  // Calendar the principal): the server delivers the invitations of what clients write
  // (implicit scheduling, docs/scheduling.md), so clients stop sending them themselves.
  // calendar-schedule, the token of the scheduling drafts before RFC 6638
  // (draft-desruisseaux-caldav-sched-04 §3; Apple's server sends both), is what Evolution
  // requires before it asks the outbox for attendees' free-busy (e-cal-backend-caldav.c);
  // clients that know both leave invitations to the server when calendar-auto-schedule is there.
  response.setHeader("DAV",
                     "1, 2, 3, access-control, calendar-access, calendar-auto-schedule, calendar-schedule, "
                     "extended-mkcol");
  std::string allow;
  for (const auto& name : Dispatcher::implementedMethods()) allow += (allow.empty() ? "" : ", ") + name;
  response.setHeader("Allow", allow);
  response.setHeader("MS-Author-Via", "DAV");
  return response;
}

}  // namespace caldav::dav::methods
