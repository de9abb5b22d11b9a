#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace caldav::storage {

// One stored node: a collection or a resource, addressed by its canonical path.
// Canonical paths are decoded UTF-8, start with '/', never end with '/' (except the
// root "/"), and contain no empty, "." or ".." segments. Storage does not validate
// bodies or interpret resourceType: callers decide what they mean.
struct NodeRecord {
  std::int64_t id = 0;
  std::string path;
  std::string parent;        // canonical path of the parent collection; "" for the root
  bool isCollection = false;
  std::string resourceType;  // opaque tag chosen by the caller ("" for a plain node)
  std::string owner;         // user name that owns the node ("" for shared structure)
  std::string etag;          // strong ETag, quoted ("\"…\""); changes whenever the body does
  std::string contentType;
  std::int64_t size = 0;        // body length in bytes
  std::int64_t createdAt = 0;   // Unix seconds
  std::int64_t modifiedAt = 0;  // Unix seconds
  std::int64_t syncSeq = 0;     // collections: sequence number of the latest change-log entry
};

// A dead property (RFC 4918 §4): stored as the serialized XML of the property element.
struct DeadProperty {
  std::string ns;
  std::string name;
  std::string valueXml;  // the whole element, e.g. <x:color xmlns:x="urn:x">red</x:color>
};

struct UserRecord {
  std::string name;
  std::string passwordHash;  // encoded KDF output, opaque to storage
  std::int64_t createdAt = 0;
  // The user's calendar user address without "mailto:" (RFC 6638 §2.4.1), "" if none is
  // stored (users created before schema 7, until the server gives them one).
  std::string email;
  // RFC 6638 §2.4.2 CALDAV:calendar-user-type, lowercase: "individual" (people; the default),
  // "room", "resource" or "group". Bookable principals are rooms and resources, or
  // individuals (providers) made with `caldavd principal add`.
  std::string kind = "individual";
  // How the server answers invitations to this principal (docs/scheduling.md): "" for a user
  // whose own client answers; for bookable principals "automatic", "accept-if-free",
  // "decline-if-busy" or "none". A user with an empty passwordHash cannot log in.
  std::string autoSchedule = "";  // (a default, so UserRecord{name, hash, at, email} is complete)
};

// A WebDAV lock (RFC 4918 §6). `path` is the lock root.
struct LockRecord {
  std::string token;      // "urn:uuid:…"
  std::string path;
  bool isDeep = false;    // Depth: infinity
  bool isExclusive = true;
  std::string ownerXml;   // the client's DAV:owner element, verbatim ("" if none)
  std::string principal;  // the user who took the lock
  std::int64_t timeoutSeconds = 0;
  std::int64_t expiresAt = 0;  // Unix seconds
};

// One entry in a collection's change log (RFC 6578): `member` is the child's name.
struct ChangeRecord {
  std::int64_t seq = 0;
  std::string member;
  bool isDeleted = false;
};

// One indexed occurrence of a calendar object resource (the time-range index, RFC 4791
// §9.9). Computed by the caller (ical expansion); storage only stores and ranges over it.
struct InstanceRecord {
  std::int64_t nodeId = 0;  // ignored on write
  std::int64_t start = 0;   // Unix seconds UTC; floating values: wall-clock seconds as if UTC
  std::int64_t end = 0;     // >= start
  bool isFloating = false;
  bool isTransparent = false;  // TRANSP:TRANSPARENT (not busy)
  bool isCancelled = false;    // STATUS:CANCELLED
  std::string recurrenceId;    // "" for the only instance of a non-recurring object
  std::string componentType;   // filled by findInstances from the object's index; ignored on write
  bool isTentative = false;    // STATUS:TENTATIVE
  // Which component of the object describes the instance: its position among the top-level
  // components of the stored VCALENDAR (0-based), so CALDAV:expand can rewrite that
  // component's text without parsing the object. -1: not known (indexed before schema 5).
  int source = -1;
};

// Which instances ReadTransaction::findInstanceSpans returns.
struct SpanFilter {
  std::string componentType;  // only instances of objects of this type ("VEVENT", ...); "" = any
  bool busyOnly = false;      // only busy time (RFC 4791 §7.10): not TRANSPARENT, not CANCELLED
};

// The index of one calendar object resource, stored beside its body.
struct ObjectIndex {
  std::string uid;
  std::string componentType;  // "VEVENT", "VTODO", ...
  std::vector<InstanceRecord> instances;
  std::int64_t indexedUntil = 0;  // instances are complete up to this instant
  bool isComplete = true;         // false if the recurrence goes on past indexedUntil
};

// The header of an ObjectIndex (without instances).
struct ObjectIndexRecord {
  std::int64_t nodeId = 0;
  std::string uid;
  std::string componentType;
  std::int64_t indexedUntil = 0;
  bool isComplete = true;
};

// One entry of the audit log: a committed change of a calendar object resource (or of a
// calendar, for deletions and moves of whole calendars). Append-only; it holds no event
// contents beyond property names (docs/booking-rules.md, "Audit log").
struct AuditRecord {
  std::int64_t seq = 0;       // assigned by the store on append, increasing
  std::int64_t at = 0;        // Unix seconds
  std::string actor;          // the acting principal
  std::string method;         // PUT, DELETE, COPY, MOVE, LOCK, ...
  std::string path;           // canonical path written (the destination of COPY/MOVE)
  std::string calendar;       // canonical path of the calendar holding it ("" if none)
  std::string uid;            // iCalendar UID ("" if none)
  std::string oldEtag;        // "" when created
  std::string newEtag;        // "" when deleted
  std::string changedProperties;  // comma-separated iCalendar property names
  std::string statusFrom;     // appointment status before ("" if none)
  std::string statusTo;       // and after
};

// One iTIP message for a recipient without a local principal (RFC 6638 §3.2, sent as iMIP by
// the notifications worker): written in the transaction of the change that caused it, so it
// is sent if and only if that change committed.
struct OutboundMessageRecord {
  std::int64_t id = 0;         // assigned by the store on enqueue, increasing
  std::int64_t createdAt = 0;  // Unix seconds
  std::string sender;          // calendar user address ("mailto:...") of the sender
  std::string recipient;       // calendar user address of the recipient
  std::string method;          // iTIP method: REQUEST, CANCEL, REPLY, ...
  std::string uid;             // the iCalendar UID the message is about
  std::string originPath;      // canonical path of the scheduling object that caused it
  std::string body;            // the iTIP message (text/calendar with METHOD)
  std::string status = "pending";  // "pending", "sent" or "failed"
  std::int64_t attempts = 0;
  std::int64_t nextAttemptAt = 0;  // Unix seconds: not before this (pending ones)
  std::string lastError;
};

// Which outbound messages ReadTransaction::outboundMessages returns.
struct OutboundQuery {
  std::string status;        // only this status ("" = any)
  std::int64_t dueBy = 0;    // with status "pending": only nextAttemptAt <= dueBy (0 = any)
  std::size_t limit = 100;
};

// Which audit entries ReadTransaction::auditLog returns.
struct AuditQuery {
  std::string calendar;    // only entries of this calendar ("" = all)
  std::int64_t since = 0;  // only entries at or after this instant
  std::size_t limit = 1000;
};

// A grant (an RFC 3744 grant-only ACE): `principal` (a user name) holds `privileges` on the
// node `nodeId`. Storage does not interpret privileges or principals (dav/ decides what a
// grant on a collection means for its members); grants go with their node: deleteTree removes
// them, moveTree keeps them (they follow the node id), copyTree does not copy them.
struct GrantRecord {
  std::int64_t nodeId = 0;
  std::string path;                     // the node's canonical path; filled on read, ignored on write
  std::string principal;                // a user name
  std::vector<std::string> privileges;  // opaque tokens chosen by the caller, sorted, no duplicates
};

}  // namespace caldav::storage
