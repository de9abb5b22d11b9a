#pragma once

#include "dav/Context.h"
#include "dav/Response.h"

namespace caldav::dav::methods {

// One handler per HTTP method, each in its own file (dav/methods/NAME.cpp).
Response options(Context& context);
Response get(Context& context);  // GET and HEAD
Response put(Context& context);
Response del(Context& context);  // DELETE
Response mkcol(Context& context);
Response mkcalendar(Context& context);
Response report(Context& context);
Response copy(Context& context);
Response move(Context& context);
Response propfind(Context& context);
Response proppatch(Context& context);
Response lock(Context& context);
Response unlock(Context& context);
Response acl(Context& context);  // RFC 3744 §8.1 (dav/methods/Acl.cpp)
Response post(Context& context);  // to a scheduling outbox (RFC 6638 §5)

}  // namespace caldav::dav::methods
