#include "scheduling/itip/ItipMessage.h"

namespace caldav::scheduling::itip {

const char* methodName(Method method) {
  switch (method) {
    case Method::Request: return "REQUEST";
    case Method::Cancel: return "CANCEL";
    case Method::Reply: return "REPLY";
  }
  return "REQUEST";
}

}  // namespace caldav::scheduling::itip
