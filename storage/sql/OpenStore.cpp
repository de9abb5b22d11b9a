#include "storage/OpenStore.h"

#include "storage/sql/SqlStore.h"
#include "storage/sql/StorageUrl.h"

namespace caldav::storage {

StorePtr openStore(const std::string& url) {
  auto store = std::make_unique<sql::SqlStore>(sql::parseStorageUrl(url));
  store->migrate();
  return store;
}

}  // namespace caldav::storage
