#pragma once

#include <stdexcept>
#include <string>

namespace caldav::storage {

// The one exception type thrown by storage. Callers map `code` to a protocol answer.
class StoreError : public std::runtime_error {
 public:
  enum class Code {
    NotFound,       // a node the operation needs does not exist (e.g. missing parent)
    AlreadyExists,  // a node already exists where one is being created
    Conflict,       // the operation would break the tree (e.g. a resource used as a parent)
    Unavailable,    // the database cannot be reached or failed
    InvalidUrl,     // the storage URL is not understood
  };

  StoreError(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Code code() const { return code_; }

 private:
  Code code_;
};

}  // namespace caldav::storage
