#include "dav/Dispatcher.h"

#include "dav/Access.h"
#include "dav/ErrorMapping.h"
#include "dav/Href.h"
#include "dav/acl/Permissions.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/CalendarUsers.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace caldav::dav {
namespace {

struct MethodEntry {
  const char* name;
  // What the user must hold on the target and on its parent collection (RFC 3744 §7.1,
  // Appendix B), unless they own the target: the handler then decides. A grant on a
  // collection covers its members, so a delegate with DAV:write on a calendar may bind into
  // and unbind from it, but not delete or move the calendar itself (unbind on the home).
  acl::PrivilegeSet onTarget;
  acl::PrivilegeSet onParent;
  Response (*handler)(Context&);
};

using namespace acl::privilege;

// The method table: one row per implemented method. Unknown methods get 501.
constexpr std::array<MethodEntry, 16> kMethods{{
    {"OPTIONS", kRead, 0, methods::options},
    {"GET", kRead, 0, methods::get},
    {"HEAD", kRead, 0, methods::get},
    {"PUT", kWriteContent, kBind, methods::put},
    {"DELETE", 0, kUnbind, methods::del},
    {"MKCOL", 0, kBind, methods::mkcol},
    {"MKCALENDAR", 0, kBind, methods::mkcalendar},
    {"COPY", kRead, 0, methods::copy},  // the destination is checked by the handler
    {"MOVE", 0, kUnbind, methods::move},
    {"PROPFIND", kRead, 0, methods::propfind},
    {"PROPPATCH", kWriteProperties, 0, methods::proppatch},
    // Each report decides who may ask (dav/methods/Report.cpp): busy time follows
    // dav/FreeBusyAccess.h (read-free-busy, or a bookable principal's), the others need read.
    {"REPORT", 0, 0, methods::report},
    {"LOCK", kWriteContent, 0, methods::lock},
    {"UNLOCK", kUnlock, 0, methods::unlock},
    {"ACL", kWriteAcl, 0, methods::acl},  // RFC 3744 §8.1: the owner only
    {"POST", 0, 0, methods::post},  // a scheduling outbox only (RFC 6638 §5); authorizes itself
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

// Throws 403 DAV:need-privileges (RFC 3744 §7.1.1) naming the first privilege of `wanted` the
// user lacks on `path`.
void requirePrivileges(const acl::Permissions& permissions, const std::string& method, const std::string& path,
                       bool isCollection, acl::PrivilegeSet wanted) {
  if (wanted == 0 || path.empty()) return;
  const acl::PrivilegeSet missing = wanted & ~permissions.on(path);
  if (missing == 0) return;
  const acl::PrivilegeSet first = missing & (~missing + 1);
  throw HttpError(Precondition::NeedPrivileges, "You may not " + method + " " + hrefFor(path, isCollection),
                  // The error body declares only D: (ErrorMapping): C: privileges bring their own.
                  "<D:resource xmlns:C=\"" + std::string(kCalDavNs) + "\"><D:href>" +
                      xmlEscape(hrefFor(path, isCollection)) + "</D:href>" +
                      acl::privilegeElements(first) + "</D:resource>");
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
  acl::Permissions permissions(*user, store_);
  if (ownerOfPath(target.path) != *user) {
    requirePrivileges(permissions, request.method, target.path, target.hadTrailingSlash, method->onTarget);
    requirePrivileges(permissions, request.method, storage::parentOf(target.path), true, method->onParent);
  }
  // Methods that bind a new member (or replace one): not into a scheduling inbox or outbox.
  if (request.method == "PUT" || request.method == "MKCOL" || request.method == "MKCALENDAR") {
    methods::requireBindable(target.path);
  }
  Context context{request, std::move(target), *user, store_, writes_, clock_(), permissions};
  return method->handler(context);
}

}  // namespace caldav::dav
