#pragma once

#include "dav/HttpError.h"
#include "dav/Response.h"
#include "ical/InvalidCalendar.h"
#include "scheduling/RuleViolation.h"
#include "storage/StoreError.h"

namespace caldav::dav {

// Renders a protocol failure: a DAV:error body naming the precondition (RFC 4918 §16) plus a
// human-readable message, or a plain-text message when there is none.
Response errorResponse(const HttpError& error);

// The XML name of a precondition, from the one table.
struct PreconditionName {
  const char* ns;
  const char* name;
};
PreconditionName preconditionName(Precondition precondition);

// Map the domain layers' exceptions to protocol failures, each from one table.
HttpError toHttpError(const storage::StoreError& error);
HttpError toHttpError(const ical::InvalidCalendar& error);
HttpError toHttpError(const scheduling::RuleViolation& error);

}  // namespace caldav::dav
