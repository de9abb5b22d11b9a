#pragma once

#include <string>
#include <string_view>

namespace caldav::dav::auth {

// PBKDF2-HMAC-SHA256 (OpenSSL) with a random 16-byte salt.
// Encoded as "pbkdf2-sha256$ITERATIONS$SALT_B64$HASH_B64".
constexpr int kDefaultIterations = 310000;  // OWASP 2023 guidance for PBKDF2-SHA256

// Returns the encoded hash of `password`. `iterations` is for tests only.
std::string hashPassword(std::string_view password, int iterations = kDefaultIterations);
// Returns true if `password` matches `encoded` (constant-time compare). False for any
// malformed encoding.
bool verifyPassword(std::string_view password, std::string_view encoded);

}  // namespace caldav::dav::auth
