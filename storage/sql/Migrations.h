#pragma once

#include "storage/sql/Dialect.h"
#include "storage/sql/SqlConnection.h"

#include <limits>
#include <string>
#include <vector>

namespace caldav::storage::sql {

// One numbered schema change. Versions start at 1, increase by one, and are never edited
// once released: a change to the schema is a new migration appended to both lists.
struct Migration {
  int version = 0;
  std::string description;
  std::vector<std::string> statements;  // run in order, in one transaction
};

// The migrations of `kind`, in version order.
const std::vector<Migration>& migrationsFor(Dialect::Kind kind);

// Brings the schema of the database behind `connection` (not in a transaction) to the
// latest version, then creates the fixed top of the tree if missing. Each pending migration
// runs in its own write transaction, which first re-reads the version under a lock, so
// several processes may call this at once. Returns the schema version now in place.
// Migrations above `targetVersion` are not applied (tests use this to build a database as
// an older release left it).
// Throws StoreError{Unavailable} if a migration fails (that migration is rolled back).
int migrate(SqlConnection& connection, int targetVersion = std::numeric_limits<int>::max());

}  // namespace caldav::storage::sql
