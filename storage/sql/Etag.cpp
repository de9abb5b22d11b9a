#include "storage/sql/Etag.h"

#include "storage/StoreError.h"

#include <openssl/evp.h>

namespace caldav::storage::sql {

std::string resourceEtag(const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(body.data(), body.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw StoreError(StoreError::Code::Unavailable, "SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string etag = "\"";
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    etag += kHex[digest[i] >> 4];
    etag += kHex[digest[i] & 0x0f];
  }
  return etag + "\"";
}

std::string collectionEtag(std::int64_t id, std::int64_t syncSeq) {
  return "\"c" + std::to_string(id) + "-" + std::to_string(syncSeq) + "\"";
}

}  // namespace caldav::storage::sql
