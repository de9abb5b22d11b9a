#include "dav/Dispatcher.h"
#include "dav/methods/Methods.h"

namespace caldav::dav::methods {

Response options(Context&) {
  Response response = Response::empty(200);
  // RFC 4918 §10.1: class 1, 2 (locks), 3; RFC 4791 §5.1: calendar-access;
  // RFC 5689: extended-mkcol; RFC 3744 §7.2: access-control (the ACL method, grant only). Not yet RFC 6638 §2 calendar-auto-schedule: a client that sees
  // it (Thunderbird asks the home, Apple Calendar the principal) stops sending invitations
  // itself, and the server does not deliver them yet (implicit scheduling, issue 12).
  response.setHeader("DAV", "1, 2, 3, access-control, calendar-access, extended-mkcol");
  std::string allow;
  for (const auto& name : Dispatcher::implementedMethods()) allow += (allow.empty() ? "" : ", ") + name;
  response.setHeader("Allow", allow);
  response.setHeader("MS-Author-Via", "DAV");
  return response;
}

}  // namespace caldav::dav::methods
