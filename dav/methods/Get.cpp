#include "dav/CollectionListing.h"
#include "dav/Conditions.h"
#include "dav/Href.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

namespace caldav::dav::methods {

Response get(Context& context) {
  auto txn = context.store.beginRead();
  auto node = requireNode(*txn, context.target.path);
  checkEtagConditions(context.request, node, true);
  Response response = Response::empty(200);
  response.omitBody = context.request.method == "HEAD";
  if (node.isCollection) {
    // A collection has no body of its own: a plain listing of the members the user may read,
    // whose size is its DAV:getcontentlength (RFC 4918 §15.4).
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = collectionListing(*txn, node, context.permissions);
  } else {
    response.setHeader("Content-Type", node.contentType.empty() ? "application/octet-stream" : node.contentType);
    response.body = txn->readBody(node.id);
    // RFC 6638 §3.2.10: scheduling objects (only they name an ORGANIZER) have a Schedule-Tag.
    if (response.body.find("ORGANIZER") != std::string::npos) {
      if (auto tag = txn->scheduleTag(node.id); !tag.empty()) response.setHeader("Schedule-Tag", tag);
    }
  }
  if (!node.etag.empty()) response.setHeader("ETag", node.etag);
  response.setHeader("Last-Modified", httpDate(node.modifiedAt));
  return response;
}

}  // namespace caldav::dav::methods
