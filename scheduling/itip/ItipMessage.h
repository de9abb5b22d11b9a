#pragma once

#include <string>

namespace caldav::scheduling::itip {

// RFC 5546 §1.4: the iTIP methods the server generates and processes.
enum class Method { Request, Cancel, Reply };

// "REQUEST", "CANCEL", "REPLY".
const char* methodName(Method method);

// One iTIP message for one recipient (RFC 5546 §3.2, §3.2.5, §3.2.3): a VCALENDAR with METHOD
// holding only the components that concern the recipient (for a REQUEST to an attendee
// invited to one occurrence, only that override).
struct ItipMessage {
  Method method = Method::Request;
  std::string uid;
  std::string sender;     // calendar user address of the organizer (REQUEST, CANCEL) or the
                          // replying attendee (REPLY), as written in the object ("mailto:...")
  std::string recipient;  // calendar user address of the recipient, as written in the object
  std::string body;       // the message, iCalendar text with METHOD:<method>
};

}  // namespace caldav::scheduling::itip
