#pragma once

#include <cstddef>
#include <cstdint>

namespace caldav::dav {

// Limits advertised on calendars (RFC 4791 §5.2.5, §5.2.6, §5.2.7) and enforced on PUT.
inline constexpr std::size_t kMaxResourceBytes = 1024 * 1024;
inline constexpr std::int64_t kMinDateTime = -2208988800;  // 1900-01-01T00:00:00Z
inline constexpr std::int64_t kMaxDateTime = 4102444799;   // 2099-12-31T23:59:59Z
inline constexpr const char* kMinDateTimeText = "19000101T000000Z";
inline constexpr const char* kMaxDateTimeText = "20991231T235959Z";

}  // namespace caldav::dav
