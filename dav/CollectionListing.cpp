#include "dav/CollectionListing.h"

#include "dav/Href.h"

namespace caldav::dav {
namespace {

// Calls `line` with each line of the listing (newline included), reading the members a page
// at a time.
void forEachLine(storage::ReadTransaction& txn, const storage::NodeRecord& collection, const acl::Permissions& permissions,
                 const std::function<void(std::string_view)>& line) {
  line("Index of " + hrefFor(collection.path, true) + "\n");
  constexpr std::size_t kPage = 500;
  std::string after;
  for (;;) {
    auto page = txn.listChildrenPage(collection.path, after, kPage);
    for (const auto& child : page) {
      if (permissions.canRead(child.path)) line(hrefFor(child.path, child.isCollection) + "\n");
    }
    if (page.size() < kPage) break;
    after = page.back().path;
  }
}

}  // namespace

std::string collectionListing(storage::ReadTransaction& txn, const storage::NodeRecord& collection,
                              const acl::Permissions& permissions) {
  std::string text;
  forEachLine(txn, collection, permissions, [&text](std::string_view line) { text += line; });
  return text;
}

std::size_t collectionListingLength(storage::ReadTransaction& txn, const storage::NodeRecord& collection,
                                    const acl::Permissions& permissions) {
  std::size_t length = 0;
  forEachLine(txn, collection, permissions, [&length](std::string_view line) { length += line.size(); });
  return length;
}

}  // namespace caldav::dav
