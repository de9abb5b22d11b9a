#include "storage/sql/Migrations.h"

#include "storage/CanonicalPath.h"

namespace caldav::storage::sql {

namespace {

// Key of the PostgreSQL advisory lock that serializes migrations across processes.
constexpr Poco::Int64 kMigrationLockKey = 0x63616c6461760001;  // "caldav" + 1

// The nodes every store has: the root, the principal tree and the calendar homes' parent.
const char* const kFixedCollections[] = {"/", "/principals", "/principals/users", "/calendars"};

// Paths compare bytewise on both backends (SQLite's default BINARY collation, COLLATE "C"
// on PostgreSQL), which the range scans for descendants rely on.
// instances.collection_id has no foreign key on purpose: instances go with their node
// (node_id cascades) and a collection's members are always deleted with it, while a key
// check per inserted instance would nearly double the cost of setObjectIndex on PostgreSQL.
// instances.component_type repeats the object's: findInstances then needs no join, which
// PostgreSQL would plan as a scan of the whole object_index for large collections.
// Migration 4, the same on both backends: the time-range index holds every column
// findInstances reads, so a query or free-busy scan reads index pages in order instead of
// looking each instance row up in the table (index-only scan; a tenth of the page reads).
const char* const kCoveringInstancesDescription = "instances: covering time-range index";
const std::vector<std::string> kCoveringInstancesStatements = {
    "CREATE INDEX instances_cover ON instances (collection_id, span_class, start_at, end_at, node_id, "
    "is_floating, is_transparent, is_cancelled, is_tentative, component_type, recurrence_id)",
    "DROP INDEX instances_range"};
// Migration 5, the same on both backends: instances.source (InstanceRecord::source), also in
// the covering index so findInstances stays an index-only scan. Instances indexed before keep
// -1 and are expanded from their objects until those are written again.
const char* const kInstanceSourceDescription = "instances.source: the component an instance comes from (expand)";
const std::vector<std::string> kInstanceSourceStatements = {
    "ALTER TABLE instances ADD COLUMN source INTEGER NOT NULL DEFAULT -1",
    "DROP INDEX instances_cover",
    "CREATE INDEX instances_cover ON instances (collection_id, span_class, start_at, end_at, node_id, "
    "is_floating, is_transparent, is_cancelled, is_tentative, component_type, recurrence_id, source)"};

// Migration 6: the audit log (AuditRecord), append-only; entries are listed by calendar and time.
const char* const kAuditDescription = "audit log of committed calendar object changes; objects by type";
std::vector<std::string> auditStatements(const char* seqType, const char* intType) {
  return {std::string("CREATE TABLE audit_log (seq ") + seqType + ", at " + intType +
              " NOT NULL, actor TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, calendar TEXT NOT NULL, "
              "uid TEXT NOT NULL, old_etag TEXT NOT NULL, new_etag TEXT NOT NULL, changed TEXT NOT NULL, "
              "status_from TEXT NOT NULL, status_to TEXT NOT NULL)",
          "CREATE INDEX audit_log_calendar ON audit_log (calendar, seq)",
          // Booking rules read the VAVAILABILITY objects of a calendar (objectsOfType).
          "CREATE INDEX object_index_type ON object_index (collection_id, component_type)"};
}

// Migration 7, the same on both backends: a user's calendar user address (UserRecord::email,
// RFC 6638 §2.4.1). Existing users keep "" until the server gives them one at start-up
// (dav::provisionScheduling).
const char* const kUserEmailDescription = "users.email: the calendar user address (RFC 6638)";
const std::vector<std::string> kUserEmailStatements = {"ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''"};

// Migration 8: scheduling (RFC 6638). A principal's kind and how the server answers its
// invitations (UserRecord::kind, autoSchedule; existing users become individuals whose clients
// answer), users found by calendar user address without regard to ASCII case (findUserByEmail,
// through an index on lower(email)), the Schedule-Tag of scheduling object resources (one row
// per node, going with it like its properties; a move keeps the id and so the tag, a copy does
// not copy it) and the queue of outbound iTIP messages (OutboundMessageRecord), listed by
// status and due time.
const char* const kSchedulingDescription =
    "scheduling: users.kind and auto_schedule, users by email, Schedule-Tags, outbound iTIP queue";
std::vector<std::string> schedulingStatements(const char* idType, const char* seqType, const char* intType) {
  return {"ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'individual'",
          "ALTER TABLE users ADD COLUMN auto_schedule TEXT NOT NULL DEFAULT ''",
          "CREATE INDEX users_email ON users (lower(email))",
          std::string("CREATE TABLE schedule_tags (node_id ") + idType +
              " PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE, tag TEXT NOT NULL)",
          std::string("CREATE TABLE outbound_messages (id ") + seqType + ", created_at " + intType +
              " NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, method TEXT NOT NULL, uid TEXT NOT NULL, "
              "origin_path TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, attempts " + intType +
              " NOT NULL, next_attempt_at " + intType + " NOT NULL, last_error TEXT NOT NULL)",
          "CREATE INDEX outbound_messages_due ON outbound_messages (status, next_attempt_at)"};
}

// Migration 9: grants (GrantRecord, RFC 3744 grant-only ACEs), one row per privilege, removed
// with their node. Read by principal (every request of a non-owner) and by node (DAV:acl).
const char* const kGrantsDescription = "grants: delegated privileges on nodes (RFC 3744 ACL)";
std::vector<std::string> grantsStatements(const char* idType, const char* textType) {
  return {std::string("CREATE TABLE grants (node_id ") + idType +
              " NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, principal " + textType + " NOT NULL, privilege " +
              textType + " NOT NULL, PRIMARY KEY (node_id, principal, privilege))",
          "CREATE INDEX grants_principal ON grants (principal)"};
}

const std::vector<Migration> kSqliteMigrations = {
    {1,
     "initial schema: users, nodes, properties, changes, locks",
     {"CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)",
      "CREATE TABLE nodes (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL UNIQUE, "
      "parent TEXT NOT NULL, is_collection INTEGER NOT NULL, resource_type TEXT NOT NULL DEFAULT '', "
      "owner TEXT NOT NULL DEFAULT '', body BLOB NOT NULL DEFAULT x'', etag TEXT NOT NULL DEFAULT '', "
      "content_type TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, "
      "modified_at INTEGER NOT NULL, sync_seq INTEGER NOT NULL DEFAULT 0)",
      "CREATE INDEX nodes_parent ON nodes (parent, path)",
      "CREATE TABLE properties (node_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, "
      "ns TEXT NOT NULL, name TEXT NOT NULL, value_xml TEXT NOT NULL, PRIMARY KEY (node_id, ns, name))",
      "CREATE TABLE changes (collection_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, "
      "seq INTEGER NOT NULL, member TEXT NOT NULL, is_deleted INTEGER NOT NULL, "
      "PRIMARY KEY (collection_id, seq))",
      "CREATE INDEX changes_member ON changes (collection_id, member)",
      "CREATE TABLE locks (token TEXT PRIMARY KEY, path TEXT NOT NULL, is_deep INTEGER NOT NULL, "
      "is_exclusive INTEGER NOT NULL, owner_xml TEXT NOT NULL, principal TEXT NOT NULL, "
      "timeout_seconds INTEGER NOT NULL, expires_at INTEGER NOT NULL)",
      "CREATE INDEX locks_path ON locks (path)"}},
    {2,
     "store id; object index and instances (calendar queries, UID uniqueness)",
     {"CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "INSERT INTO meta (name, value) VALUES ('store_id', lower(hex(randomblob(16))))",
      "CREATE TABLE object_index (node_id INTEGER PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE, "
      "collection_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, uid TEXT NOT NULL, "
      "component_type TEXT NOT NULL, indexed_until INTEGER NOT NULL, is_complete INTEGER NOT NULL, "
      "UNIQUE (collection_id, uid))",
      "CREATE INDEX object_index_incomplete ON object_index (indexed_until) WHERE is_complete = 0",
      "CREATE TABLE instances (node_id INTEGER NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, "
      "collection_id INTEGER NOT NULL, start_at INTEGER NOT NULL, "
      "end_at INTEGER NOT NULL, span_class INTEGER NOT NULL, is_floating INTEGER NOT NULL, "
      "is_transparent INTEGER NOT NULL, is_cancelled INTEGER NOT NULL, recurrence_id TEXT NOT NULL, "
      "component_type TEXT NOT NULL)",
      "CREATE INDEX instances_range ON instances (collection_id, span_class, start_at)",
      "CREATE INDEX instances_node ON instances (node_id)"}},
    {3,
     "STATUS:TENTATIVE of instances (free-busy BUSY-TENTATIVE)",
     {"ALTER TABLE instances ADD COLUMN is_tentative INTEGER NOT NULL DEFAULT 0"}},
    {4, kCoveringInstancesDescription, kCoveringInstancesStatements},
    {5, kInstanceSourceDescription, kInstanceSourceStatements},
    {6, kAuditDescription, auditStatements("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER")},
    {7, kUserEmailDescription, kUserEmailStatements},
    {8, kSchedulingDescription, schedulingStatements("INTEGER", "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER")},
    {9, kGrantsDescription, grantsStatements("INTEGER", "TEXT")},
};

const std::vector<Migration> kPostgresqlMigrations = {
    {1,
     "initial schema: users, nodes, properties, changes, locks",
     {"CREATE TABLE users (name TEXT COLLATE \"C\" PRIMARY KEY, password_hash TEXT NOT NULL, "
      "created_at BIGINT NOT NULL)",
      "CREATE TABLE nodes (id BIGSERIAL PRIMARY KEY, path TEXT COLLATE \"C\" NOT NULL UNIQUE, "
      "parent TEXT COLLATE \"C\" NOT NULL, is_collection INTEGER NOT NULL, "
      "resource_type TEXT NOT NULL DEFAULT '', owner TEXT COLLATE \"C\" NOT NULL DEFAULT '', "
      "body BYTEA NOT NULL DEFAULT ''::bytea, etag TEXT NOT NULL DEFAULT '', "
      "content_type TEXT NOT NULL DEFAULT '', size BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, "
      "modified_at BIGINT NOT NULL, sync_seq BIGINT NOT NULL DEFAULT 0)",
      "CREATE INDEX nodes_parent ON nodes (parent, path)",
      "CREATE TABLE properties (node_id BIGINT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, "
      "ns TEXT COLLATE \"C\" NOT NULL, name TEXT COLLATE \"C\" NOT NULL, value_xml TEXT NOT NULL, "
      "PRIMARY KEY (node_id, ns, name))",
      "CREATE TABLE changes (collection_id BIGINT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, "
      "seq BIGINT NOT NULL, member TEXT COLLATE \"C\" NOT NULL, is_deleted INTEGER NOT NULL, "
      "PRIMARY KEY (collection_id, seq))",
      "CREATE INDEX changes_member ON changes (collection_id, member)",
      "CREATE TABLE locks (token TEXT COLLATE \"C\" PRIMARY KEY, path TEXT COLLATE \"C\" NOT NULL, "
      "is_deep INTEGER NOT NULL, is_exclusive INTEGER NOT NULL, owner_xml TEXT NOT NULL, "
      "principal TEXT NOT NULL, timeout_seconds BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
      "CREATE INDEX locks_path ON locks (path)"}},
    {2,
     "store id; object index and instances (calendar queries, UID uniqueness)",
     {"CREATE TABLE meta (name TEXT COLLATE \"C\" PRIMARY KEY, value TEXT NOT NULL)",
      "INSERT INTO meta (name, value) VALUES ('store_id', replace(CAST(gen_random_uuid() AS TEXT), '-', ''))",
      "CREATE TABLE object_index (node_id BIGINT PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE, "
      "collection_id BIGINT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, uid TEXT COLLATE \"C\" NOT NULL, "
      "component_type TEXT NOT NULL, indexed_until BIGINT NOT NULL, is_complete INTEGER NOT NULL, "
      "UNIQUE (collection_id, uid))",
      "CREATE INDEX object_index_incomplete ON object_index (indexed_until) WHERE is_complete = 0",
      "CREATE TABLE instances (node_id BIGINT NOT NULL REFERENCES nodes (id) ON DELETE CASCADE, "
      "collection_id BIGINT NOT NULL, start_at BIGINT NOT NULL, "
      "end_at BIGINT NOT NULL, span_class INTEGER NOT NULL, is_floating INTEGER NOT NULL, "
      "is_transparent INTEGER NOT NULL, is_cancelled INTEGER NOT NULL, recurrence_id TEXT NOT NULL, "
      "component_type TEXT NOT NULL)",
      "CREATE INDEX instances_range ON instances (collection_id, span_class, start_at)",
      "CREATE INDEX instances_node ON instances (node_id)"}},
    {3,
     "STATUS:TENTATIVE of instances (free-busy BUSY-TENTATIVE)",
     {"ALTER TABLE instances ADD COLUMN is_tentative INTEGER NOT NULL DEFAULT 0"}},
    {4, kCoveringInstancesDescription, kCoveringInstancesStatements},
    {5, kInstanceSourceDescription, kInstanceSourceStatements},
    {6, kAuditDescription, auditStatements("BIGSERIAL PRIMARY KEY", "BIGINT")},
    {7, kUserEmailDescription, kUserEmailStatements},
    {8, kSchedulingDescription, schedulingStatements("BIGINT", "BIGSERIAL PRIMARY KEY", "BIGINT")},
    {9, kGrantsDescription, grantsStatements("BIGINT", "TEXT COLLATE \"C\"")},
};

// Opens a write transaction in which no other process migrates, and makes sure the
// version table exists. Returns the version already applied.
int beginMigrationStep(SqlConnection& connection) {
  connection.beginWrite();  // SQLite: BEGIN IMMEDIATE already excludes other writers
  if (!connection.dialect().isSqlite()) {
    Poco::Int64 ignored = 0;
    connection.exec("SELECT CAST(1 AS BIGINT) FROM (SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))) AS l",
                    arg(kMigrationLockKey), into(ignored));
  }
  if (!connection.dialect().isSqlite()) {
    connection.exec("SET LOCAL client_min_messages = warning");  // no "already exists" NOTICE on stderr
  }
  connection.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                  "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  Poco::Int64 version = 0;
  connection.exec("SELECT COALESCE(MAX(version), 0) FROM schema_version", into(version));
  return static_cast<int>(version);
}

void createFixedCollections(SqlConnection& connection) {
  const std::string now = connection.dialect().epochSecondsSql();
  connection.beginWrite();
  for (const char* path : kFixedCollections) {
    connection.exec("INSERT INTO nodes (path, parent, is_collection, created_at, modified_at) "
                    "VALUES (?, ?, 1, " + now + ", " + now + ") ON CONFLICT (path) DO NOTHING",
                    arg(std::string(path)), arg(parentOf(path)));
  }
  connection.commit();
}

}  // namespace

const std::vector<Migration>& migrationsFor(Dialect::Kind kind) {
  return kind == Dialect::Kind::Sqlite ? kSqliteMigrations : kPostgresqlMigrations;
}

int migrate(SqlConnection& connection, int targetVersion) {
  if (connection.dialect().isSqlite()) {
    // Persistent in the file; must run outside a transaction. WAL lets readers keep their
    // snapshot while the single writer commits.
    std::string mode;
    connection.exec("PRAGMA journal_mode = WAL", into(mode));
  }
  int applied = 0;
  for (const Migration& migration : migrationsFor(connection.dialect().kind())) {
    if (migration.version > targetVersion) {
      break;
    }
    applied = beginMigrationStep(connection);
    if (applied < migration.version) {
      for (const std::string& statement : migration.statements) {
        connection.exec(statement);
      }
      connection.exec("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, " +
                          connection.dialect().epochSecondsSql() + ")",
                      arg(migration.version), arg(migration.description));
      applied = migration.version;
    }
    connection.commit();
  }
  const int known = migrationsFor(connection.dialect().kind()).back().version;
  if (applied > known) {
    throw StoreError(StoreError::Code::Unavailable, "database schema version " + std::to_string(applied) +
                                                        " is newer than this build (" + std::to_string(known) + ")");
  }
  createFixedCollections(connection);
  return applied;
}

}  // namespace caldav::storage::sql
