#pragma once

#include "dav/Request.h"
#include "storage/Store.h"

#include <optional>

namespace caldav::dav {

// Evaluates If-Match and If-None-Match (RFC 9110 §13.1.1-2) against the current state of
// the target (`node`, std::nullopt when unmapped). Call it inside the write transaction
// so the answer still holds at commit. Throws HttpError(412) when a condition fails;
// for safe methods (`isSafeMethod`) a failed If-None-Match gives 304 instead.
void checkEtagConditions(const Request& request, const std::optional<storage::NodeRecord>& node,
                         bool isSafeMethod = false);

// RFC 6638 §3.2.10, §8.3: evaluates If-Schedule-Tag-Match against the Schedule-Tag the
// target has now (inside the write transaction `txn`). Throws HttpError(412) if the header is
// present and the target is unmapped, has no Schedule-Tag or another one.
void checkScheduleTagCondition(const Request& request, storage::ReadTransaction& txn,
                               const std::optional<storage::NodeRecord>& node);

// RFC 1123 date for Last-Modified / Date headers.
std::string httpDate(std::int64_t unixSeconds);
// RFC 3339 date-time for DAV:creationdate.
std::string iso8601(std::int64_t unixSeconds);
// RFC 5545 §3.3.5 UTC date-time ("20240105T080000Z"), as CALDAV:min-date-time is written.
std::string icalUtc(std::int64_t unixSeconds);

}  // namespace caldav::dav
