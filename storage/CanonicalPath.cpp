#include "storage/CanonicalPath.h"

namespace caldav::storage {

bool isCanonical(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return false;
  }
  if (path == "/") {
    return true;
  }
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return false;  // also rejects "//" and a trailing '/'
    }
    start = end + 1;
  }
  return true;
}

std::string parentOf(std::string_view path) {
  if (path == "/" || path.empty()) {
    return "";
  }
  std::size_t slash = path.rfind('/');
  return slash == 0 ? std::string("/") : std::string(path.substr(0, slash));
}

std::string nameOf(std::string_view path) {
  if (path == "/" || path.empty()) {
    return "";
  }
  return std::string(path.substr(path.rfind('/') + 1));
}

std::string join(std::string_view parent, std::string_view name) {
  std::string result(parent);
  if (result != "/") {
    result += '/';
  }
  result += name;
  return result;
}

bool isSameOrBelow(std::string_view path, std::string_view ancestor) {
  if (ancestor == "/") {
    return !path.empty() && path.front() == '/';
  }
  if (!path.starts_with(ancestor)) {
    return false;
  }
  return path.size() == ancestor.size() || path[ancestor.size()] == '/';
}

}  // namespace caldav::storage
