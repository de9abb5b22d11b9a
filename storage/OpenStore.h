#pragma once

#include "storage/Store.h"

#include <string>

namespace caldav::storage {

// Opens the store named by `url` and brings its schema up to date (numbered migrations).
//   sqlite:PATH                      SQLite database file (created if missing), WAL mode
//   postgresql://USER[:PW]@HOST:PORT/DB[?pool=N]   PostgreSQL server
// Creates the fixed top of the tree ("/", "/principals", "/principals/users", "/calendars")
// if missing. Throws StoreError{InvalidUrl} for an unknown scheme and {Unavailable} when
// the database cannot be opened.
StorePtr openStore(const std::string& url);

}  // namespace caldav::storage
