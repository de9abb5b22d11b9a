#include "dav/Conditions.h"
#include "dav/Href.h"
#include "dav/methods/Common.h"
#include "dav/methods/Methods.h"
#include "storage/CanonicalPath.h"

namespace caldav::dav::methods {
namespace {

// A collection has no body of its own; answer with a plain listing of what the user may see.
std::string collectionListing(storage::ReadTransaction& txn, const storage::NodeRecord& node) {
  std::string text = "Index of " + hrefFor(node.path, true) + "\n";
  for (const auto& child : txn.listChildren(node.path)) {
    text += hrefFor(child.path, child.isCollection) + "\n";
  }
  return text;
}

}  // namespace

Response get(Context& context) {
  auto txn = context.store.beginRead();
  auto node = requireNode(*txn, context.target.path);
  checkEtagConditions(context.request, node, true);
  Response response = Response::empty(200);
  response.omitBody = context.request.method == "HEAD";
  if (node.isCollection) {
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = collectionListing(*txn, node);
  } else {
    response.setHeader("Content-Type", node.contentType.empty() ? "application/octet-stream" : node.contentType);
    response.body = txn->readBody(node.id);
  }
  if (!node.etag.empty()) response.setHeader("ETag", node.etag);
  response.setHeader("Last-Modified", httpDate(node.modifiedAt));
  return response;
}

}  // namespace caldav::dav::methods
