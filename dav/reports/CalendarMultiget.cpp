// RFC 4791 §7.9 calendar-multiget: named objects, each authorized on its own.
#include "dav/Access.h"
#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarData.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/methods/Common.h"
#include "dav/methods/MultistatusAnswer.h"
#include "dav/properties/PropertyRequest.h"
#include "dav/reports/ObjectAnswer.h"
#include "dav/reports/Reports.h"
#include "dav/xml/Multistatus.h"
#include "storage/CanonicalPath.h"

#include <algorithm>
#include <unordered_map>

namespace caldav::dav::reports {

Response calendarMultiget(Context& context, const xml::XmlElement& root) {
  auto request = properties::parsePropertyRequest(root);
  auto txn = context.store.beginRead();
  methods::requireNode(*txn, context.target.path);
  methods::MultistatusAnswer multistatus(context.request);
  xml::Multistatus& out = multistatus.out();
  std::vector<std::string> paths;
  for (const auto* href : root.elements()) {
    if (!href->is(kDavNs, "href")) continue;
    std::string path = resolveTarget(href->textContent()).path;
    // Authorization per href: another user's object is 403 for that href alone.
    if (!canRead(context.user, path)) {
      out.addStatus(href->textContent(), 403);
      continue;
    }
    paths.push_back(std::move(path));
  }
  auto nodes = txn->findNodes(paths);
  std::unordered_map<std::string, const storage::NodeRecord*> byPath;
  for (const auto& node : nodes) byPath[node.path] = &node;
  ObjectAnswer answer(context, *txn, request);
  for (std::size_t first = 0; first < paths.size(); first += ObjectAnswer::kBatch) {
    const std::size_t last = std::min(paths.size(), first + ObjectAnswer::kBatch);
    std::vector<const storage::NodeRecord*> batch;
    for (std::size_t i = first; i < last; ++i) {
      if (auto it = byPath.find(paths[i]); it != byPath.end()) batch.push_back(it->second);
    }
    answer.preload(batch);
    for (std::size_t i = first; i < last; ++i) {
      auto it = byPath.find(paths[i]);
      if (it == byPath.end()) {
        out.addStatus(hrefFor(paths[i], false), 404);
      } else {
        answer.describe(*it->second, out);
      }
    }
  }
  return multistatus.finish();
}

}  // namespace caldav::dav::reports
