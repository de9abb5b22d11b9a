#include "dav/Context.h"

#include "dav/HttpError.h"

#include <Poco/String.h>

namespace caldav::dav {

Depth parseDepth(const Request& request, Depth fallback) {
  const std::string* value = request.headers.find("Depth");
  if (!value) return fallback;
  std::string depth = Poco::toLower(Poco::trim(*value));
  if (depth == "0") return Depth::Zero;
  if (depth == "1") return Depth::One;
  if (depth == "infinity") return Depth::Infinity;
  throw HttpError(400, "Depth must be 0, 1 or infinity");
}

}  // namespace caldav::dav
