# shellcheck shell=bash
# Sourced helper library for tests that run a real caldavd.
#
#   source conformance/lib/server.sh
#   caldav_workdir                      -> creates $CALDAV_WORKDIR (temp dir) and installs the cleanup trap
#   url=$(caldav_storage_url "$CALDAV_TEST_STORAGE" "$CALDAV_WORKDIR")
#   caldav_add_user litmus secret "$url"
#   caldav_start "$url"                 -> exports CALDAV_PORT, CALDAV_PID, CALDAV_BASE (no trailing slash)
#   ...
#   caldav_stop                         -> SIGTERM by PID, wait, SIGKILL after $CALDAV_STOP_TIMEOUT seconds
#
# Environment read:
#   CALDAVD               server binary (default: $CALDAV_SOURCE_DIR/build/caldavd)
#   CALDAV_SOURCE_DIR     source tree (default: two levels above this file)
#   CALDAV_PG_URL_FILE    file holding the URL of the test PostgreSQL cluster (postgresql backend)
#   CALDAV_START_TIMEOUT  seconds to wait for "caldavd listening on" (default 30)
#   CALDAV_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default 10)
#   CALDAV_KEEP_WORKDIR=1 keep the work dir (logs, SQLite file) after the run
#
# Nothing here kills by name: only the PIDs this library started.

: "${CALDAV_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${CALDAVD:=$CALDAV_SOURCE_DIR/build/caldavd}"
: "${CALDAV_START_TIMEOUT:=30}"
: "${CALDAV_STOP_TIMEOUT:=10}"
export CALDAV_SOURCE_DIR CALDAVD

CALDAV_PID=""
CALDAV_PORT=""
CALDAV_BASE=""
CALDAV_LOG=""
_caldav_pg_dbs=()      # databases created by caldav_storage_url, dropped by caldav_cleanup
_caldav_pdeathsig=()
if setpriv --pdeathsig KILL true 2>/dev/null; then _caldav_pdeathsig=(setpriv --pdeathsig KILL --); fi

caldav_log() { printf '[caldav-test] %s\n' "$*" >&2; }

# caldav_workdir: make a private temp dir for this test run and install the cleanup trap.
caldav_workdir() {
  CALDAV_WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/caldav-test.XXXXXX")
  export CALDAV_WORKDIR
  trap caldav_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# _caldav_pg_parts URL -> sets _pg_user _pg_host _pg_port _pg_db from postgresql://USER@HOST:PORT/DB
_caldav_pg_parts() {
  local re='^postgres(ql)?://([^@/]+)@([^:/]+):([0-9]+)/([^?]+)'
  if [[ $1 =~ $re ]]; then
    _pg_user=${BASH_REMATCH[2]}; _pg_host=${BASH_REMATCH[3]}
    _pg_port=${BASH_REMATCH[4]}; _pg_db=${BASH_REMATCH[5]}
  else
    caldav_log "cannot parse PostgreSQL URL: $1"; return 1
  fi
}

_caldav_pg_bin() { # newest PostgreSQL client program of that name
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [ -n "$d" ] && [ -x "$d/$1" ]; then echo "$d/$1"; else command -v "$1"; fi
}

# caldav_storage_url BACKEND WORKDIR: prints a storage URL for a fresh, empty store.
#   sqlite     -> sqlite:WORKDIR/db.sqlite
#   postgresql -> a new database (createdb) in the cluster named by $CALDAV_PG_URL_FILE, so that
#                 tests running one after another (or at once) never see each other's data.
# Call it in the main shell (not in $(...)) with a variable name as 3rd argument if you want the
# database dropped by caldav_cleanup:  caldav_storage_url postgresql "$dir" url_var
caldav_storage_url() {
  local backend=${1:?backend} dir=${2:?workdir} out=${3:-} url
  case "$backend" in
    sqlite)
      mkdir -p "$dir"
      url="sqlite:$(cd "$dir" && pwd)/db.sqlite"
      ;;
    postgresql|postgres|pg)
      local f=${CALDAV_PG_URL_FILE:?CALDAV_PG_URL_FILE is not set (start tests/scripts/pg-cluster.sh)}
      [ -s "$f" ] || { caldav_log "no PostgreSQL cluster URL in $f"; return 1; }
      local base _pg_user _pg_host _pg_port _pg_db
      base=$(head -n1 "$f")
      _caldav_pg_parts "$base" || return 1
      local db
      db="t_$(date +%s)_$$_${RANDOM}${RANDOM}"
      "$(_caldav_pg_bin createdb)" -h "$_pg_host" -p "$_pg_port" -U "$_pg_user" "$db" || {
        caldav_log "createdb $db failed on $_pg_host:$_pg_port"; return 1; }
      url="postgresql://$_pg_user@$_pg_host:$_pg_port/$db"
      _caldav_pg_dbs+=("$url")
      ;;
    *) caldav_log "unknown storage backend '$backend' (sqlite|postgresql)"; return 1;;
  esac
  if [ -n "$out" ]; then printf -v "$out" '%s' "$url"; else printf '%s\n' "$url"; fi
}

# caldav_add_user NAME PASSWORD STORAGE_URL
caldav_add_user() {
  local name=${1:?name} pw=${2:?password} url=${3:?storage url}
  printf '%s' "$pw" | "$CALDAVD" user add "$name" --password-stdin --storage "$url" || {
    caldav_log "caldavd user add $name failed"; return 1; }
}

# caldav_start STORAGE_URL [LOGFILE]: start caldavd on a free loopback port and wait until ready.
# Call it in the main shell, not in $(...): it sets variables, and the server dies with its parent.
caldav_start() {
  local url=${1:?storage url} log=${2:-} try port deadline
  [ -x "$CALDAVD" ] || { caldav_log "no server binary at $CALDAVD"; return 1; }
  if [ -n "$CALDAV_PID" ] && kill -0 "$CALDAV_PID" 2>/dev/null; then
    caldav_log "caldavd already running (pid $CALDAV_PID)"; return 1
  fi
  [ -n "$log" ] || log="${CALDAV_WORKDIR:-${TMPDIR:-/tmp}}/caldavd.$$.${RANDOM}.log"
  for try in 1 2 3; do   # a free port can be taken by someone else before we bind it: retry
    port=$("$CALDAV_SOURCE_DIR/tests/scripts/free-port.sh")
    # setpriv --pdeathsig: the server is killed if this shell dies (e.g. a ctest timeout)
    "${_caldav_pdeathsig[@]}" "$CALDAVD" --listen "127.0.0.1:$port" --storage "$url" >>"$log" 2>&1 </dev/null &
    CALDAV_PID=$!
    deadline=$(( SECONDS + CALDAV_START_TIMEOUT ))
    while (( SECONDS < deadline )); do
      if grep -q "caldavd listening on http://127.0.0.1:$port/" "$log" 2>/dev/null; then
        CALDAV_PORT=$port
        CALDAV_BASE="http://127.0.0.1:$port"
        CALDAV_LOG=$log
        export CALDAV_PORT CALDAV_PID CALDAV_BASE CALDAV_LOG
        return 0
      fi
      kill -0 "$CALDAV_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$CALDAV_PID" 2>/dev/null; then
      caldav_log "caldavd not ready after ${CALDAV_START_TIMEOUT}s; stopping it"
      caldav_stop
      break
    fi
    wait "$CALDAV_PID" 2>/dev/null
    caldav_log "caldavd exited during start-up (try $try, port $port)"
    CALDAV_PID=""
  done
  caldav_log "could not start caldavd; last lines of $log:"
  tail -n 30 "$log" >&2 2>/dev/null
  CALDAV_PID=""
  return 1
}

# caldav_stop: stop the server started by caldav_start (SIGTERM, then SIGKILL after a timeout).
caldav_stop() {
  local pid=$CALDAV_PID rc=0
  [ -n "$pid" ] || return 0
  CALDAV_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    local deadline=$(( SECONDS + CALDAV_STOP_TIMEOUT ))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
      # a zombie child counts as alive for kill -0 until waited for: check its state
      [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ]; then
      caldav_log "caldavd (pid $pid) ignored SIGTERM for ${CALDAV_STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null
      rc=1
    fi
  fi
  wait "$pid" 2>/dev/null
  return $rc
}

# caldav_kill9: kill -9 the running server (crash simulation) and reap it.
caldav_kill9() {
  local pid=$CALDAV_PID
  [ -n "$pid" ] || return 0
  CALDAV_PID=""
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# caldav_cleanup: trap-friendly; stops the server, drops test databases, removes the work dir.
caldav_cleanup() {
  local rc=$?
  caldav_stop || true
  local url _pg_user _pg_host _pg_port _pg_db
  for url in "${_caldav_pg_dbs[@]}"; do
    _caldav_pg_parts "$url" 2>/dev/null || continue
    "$(_caldav_pg_bin dropdb)" --if-exists --force -h "$_pg_host" -p "$_pg_port" -U "$_pg_user" "$_pg_db" \
      >/dev/null 2>&1 || true
  done
  _caldav_pg_dbs=()
  if [ -n "${CALDAV_WORKDIR:-}" ] && [ -d "$CALDAV_WORKDIR" ]; then
    if [ "${CALDAV_KEEP_WORKDIR:-0}" = 1 ]; then
      caldav_log "work dir kept: $CALDAV_WORKDIR"
    else
      rm -rf "$CALDAV_WORKDIR"
    fi
  fi
  return $rc
}
