#pragma once

#include "dav/HttpError.h"
#include "dav/Response.h"
#include "storage/StoreError.h"

namespace caldav::dav {

// Renders a protocol failure: a DAV:error body naming the condition (RFC 4918 §16) plus a
// human-readable message, or a plain-text message when there is no condition.
Response errorResponse(const HttpError& error);
// Maps a storage failure that a handler did not turn into an HttpError itself.
HttpError toHttpError(const storage::StoreError& error);

}  // namespace caldav::dav
