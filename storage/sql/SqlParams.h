#pragma once

#include <Poco/Data/LOB.h>
#include <Poco/Tuple.h>
#include <Poco/Types.h>

#include <deque>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace caldav::storage::sql {

// The values and result targets of SqlConnection::exec, one vocabulary for both backends.
// SQLite runs them on its own cached prepared statements (SqliteStatements.h); PostgreSQL
// hands them to Poco::Data (SqlConnection.h).
//
//   connection.exec("SELECT id, path FROM nodes WHERE parent = ?", arg(parent), into(rows));
//
// A value bound to one '?' placeholder: an integer, a text or a blob.
using Param = std::variant<Poco::Int64, std::string, Poco::Data::BLOB>;
// Values for several consecutive placeholders (e.g. an IN (…) list); exec() flattens them.
using Params = std::vector<Param>;

template <typename T>
Param arg(const T& value) {
  if constexpr (std::is_integral_v<T>) {
    return Param(std::in_place_type<Poco::Int64>, static_cast<Poco::Int64>(value));
  } else if constexpr (std::is_same_v<T, Poco::Data::BLOB>) {
    return Param(value);
  } else {
    return Param(std::in_place_type<std::string>, std::string(value));
  }
}

// Where the columns of the result rows go, left to right. T is a column type
// (Poco::Int64, int, std::string, Poco::Data::BLOB), a Poco::Tuple of those (several
// consecutive columns) or a std::vector or std::deque of either (one element per row; a
// single T takes the last row). SQL NULL reads as 0, an empty text or an empty blob.
template <typename T>
struct Into {
  T* target;
};

template <typename T>
Into<T> into(T& target) {
  return Into<T>{&target};
}

// Targets that take one element per row.
template <typename T>
struct IsRowContainer : std::false_type {};
template <typename T>
struct IsRowContainer<std::vector<T>> : std::true_type {};
template <typename T>
struct IsRowContainer<std::deque<T>> : std::true_type {};

}  // namespace caldav::storage::sql
