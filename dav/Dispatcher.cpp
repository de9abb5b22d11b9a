#include "dav/Dispatcher.h"

#include "dav/Access.h"
#include "dav/ErrorMapping.h"
#include "dav/Href.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/CalendarUsers.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"

#include <Poco/Logger.h>

#include <array>

namespace caldav::dav {
namespace {

struct MethodEntry {
  const char* name;
  bool isWrite;  // needs write access to the target
  Response (*handler)(Context&);
};

// The method table: one row per implemented method. Unknown methods get 501.
constexpr std::array<MethodEntry, 14> kMethods{{
    {"OPTIONS", false, methods::options},
    {"GET", false, methods::get},
    {"HEAD", false, methods::get},
    {"PUT", true, methods::put},
    {"DELETE", true, methods::del},
    {"MKCOL", true, methods::mkcol},
    {"MKCALENDAR", true, methods::mkcalendar},
    {"COPY", false, methods::copy},  // reads the source; the destination is checked by the handler
    {"MOVE", true, methods::move},
    {"PROPFIND", false, methods::propfind},
    {"PROPPATCH", true, methods::proppatch},
    {"REPORT", false, methods::report},
    {"LOCK", true, methods::lock},
    {"UNLOCK", true, methods::unlock},
}};

const MethodEntry* findMethod(const std::string& name) {
  for (const auto& entry : kMethods) {
    if (name == entry.name) return &entry;
  }
  return nullptr;
}

Response unauthorized() {
  Response response = errorResponse(HttpError(401, "Authentication required"));
  response.setHeader("WWW-Authenticate", "Basic realm=\"caldavd\", charset=\"UTF-8\"");
  return response;
}

}  // namespace

Dispatcher::Dispatcher(storage::Store& store, Clock clock, scheduling::IndexPolicy policy)
    : store_(store), clock_(std::move(clock)), authenticator_(store), writes_(store, caldav::calendarReader(), policy) {
  writes_.setDirectory(caldav::calendarUserDirectory());
}

const std::vector<std::string>& Dispatcher::implementedMethods() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : kMethods) out.emplace_back(entry.name);
    return out;
  }();
  return names;
}

Response Dispatcher::handle(const Request& request) {
  try {
    return dispatch(request);
  } catch (const HttpError& error) {
    return errorResponse(error);
  } catch (const ical::InvalidCalendar& error) {
    return errorResponse(toHttpError(error));
  } catch (const scheduling::RuleViolation& error) {
    return errorResponse(toHttpError(error));
  } catch (const storage::StoreError& error) {
    if (error.code() == storage::StoreError::Code::Unavailable) {
      Poco::Logger::get("caldavd").error("request %s: storage: %s", request.requestId, std::string(error.what()));
    }
    return errorResponse(toHttpError(error));
  } catch (const std::exception& error) {
    Poco::Logger::get("caldavd").error("request %s: %s", request.requestId, std::string(error.what()));
    return errorResponse(HttpError(500, "Internal server error (request " + request.requestId + ")"));
  }
}

Response Dispatcher::dispatch(const Request& request) {
  const MethodEntry* method = findMethod(request.method);
  if (!method) throw HttpError(501, "Method " + request.method + " is not implemented");
  TargetPath target = resolveTarget(request.target);
  // RFC 6764 §5: the well-known URI redirects (before authentication) to the context path.
  if (target.path == "/.well-known/caldav") {
    Response redirect = Response::empty(301);
    redirect.setHeader("Location", "/");
    return redirect;
  }
  // Nothing else under /.well-known/ exists here (RFC 8615 §3: unknown well-known URIs are
  // 404), for any method and with or without credentials.
  if (target.path == "/.well-known" || target.path.starts_with("/.well-known/")) {
    throw HttpError(404, "No such well-known URI: " + hrefFor(target.path, false));
  }
  auto user = authenticator_.authenticate(request.authorization);
  if (!user) return unauthorized();
  bool allowed = method->isWrite ? canWrite(*user, target.path) : canRead(*user, target.path);
  if (!allowed) throw HttpError(403, "You may not " + request.method + " " + hrefFor(target.path, false));
  // Methods that bind a new member (or replace one): not into a scheduling inbox or outbox.
  if (request.method == "PUT" || request.method == "MKCOL" || request.method == "MKCALENDAR") {
    methods::requireBindable(target.path);
  }
  Context context{request, std::move(target), *user, store_, writes_, clock_()};
  return method->handler(context);
}

}  // namespace caldav::dav
