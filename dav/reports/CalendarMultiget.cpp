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
#include <iterator>
#include <string_view>
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
    if (!context.permissions.canRead(path)) {
      out.addStatus(href->textContent(), 403);
      continue;
    }
    paths.push_back(std::move(path));
  }
  ObjectAnswer answer(context, *txn, request);
  for (std::size_t first = 0; first < paths.size(); first += ObjectAnswer::kBatch) {
    const std::size_t last = std::min(paths.size(), first + ObjectAnswer::kBatch);
    const std::vector<std::string> batch(std::make_move_iterator(paths.begin() + static_cast<std::ptrdiff_t>(first)),
                                         std::make_move_iterator(paths.begin() + static_cast<std::ptrdiff_t>(last)));
    const auto nodes = answer.loadByPaths(batch);
    std::unordered_map<std::string_view, const storage::NodeRecord*> byPath;
    for (const auto& node : nodes) byPath[node.path] = &node;
    for (const auto& path : batch) {
      auto it = byPath.find(path);
      if (it == byPath.end()) {
        out.addStatus(hrefFor(path, false), 404);
      } else {
        answer.describe(*it->second, out);
      }
    }
  }
  return multistatus.finish();
}

}  // namespace caldav::dav::reports
