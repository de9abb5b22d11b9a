#!/usr/bin/env bash
# CalDAV benchmark: caldavd side by side with Radicale and Xandikos on the same dataset.
#
#   bench/run.sh [-n 10000] [--peers radicale,xandikos|none] [--storage sqlite|postgresql]
#                [--duration 10] [--max-requests 2000] [--concurrency 16] [--report-concurrency 4]
#                [--import-budget 60] [--loadgen PATH|none] [--out FILE.md]
#
# For each server in turn (never two at once: they would share the CPU): start it on a free
# loopback port with a fresh temporary store, load N events with concurrent PUTs, measure every
# operation (bench/bench.py), stop it by PID. Then print the table and write it to
# bench/results/<date>-<n>[-pg].md. Exits 1 if caldavd gave a wrong answer (peers may be wrong:
# that is reported only). The import, GET, calendar-query, calendar-multiget, free-busy-query and
# PUT requests of every server are made by the C++ load generator (default
# build/bench/loadgen/caldav_loadgen, built if missing; --loadgen none: bench.py's Python threads).
# caldavd alone also gets the booking PUTs (bench.py --booking: urn:caldavd:booking rules, issue 11)
# and invitations to a bookable principal holding the dataset (bench.py --organizer, issue 12).
# See docs/performance.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
GEN=${BENCH_GEN:-$REPO/../shared/bench/gen_dataset.py}

N=10000
PEERS=radicale,xandikos
STORAGE=sqlite
DURATION=10
MAXREQ=2000
CONC=16
RCONC=4
BUDGET=60
OUT=""
LOADGEN=${BENCH_LOADGEN:-$REPO/build/bench/loadgen/caldav_loadgen}

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n) N=$2; shift 2;;
    --peers) PEERS=$2; shift 2;;
    --storage) STORAGE=$2; shift 2;;
    --duration) DURATION=$2; shift 2;;
    --max-requests) MAXREQ=$2; shift 2;;
    --concurrency) CONC=$2; shift 2;;
    --report-concurrency) RCONC=$2; shift 2;;
    --import-budget) BUDGET=$2; shift 2;;
    --loadgen) LOADGEN=$2; shift 2;;
    --out) OUT=$2; shift 2;;
    -h|--help) usage 0;;
    *) echo "run.sh: unknown argument $1" >&2; usage 2;;
  esac
done
[ "$PEERS" = none ] && PEERS=""
[ -f "$GEN" ] || { echo "run.sh: dataset generator not found at $GEN (set BENCH_GEN)" >&2; exit 2; }

# shellcheck source=../conformance/lib/server.sh
source "$REPO/conformance/lib/server.sh"
[ -x "$CALDAVD" ] || { echo "run.sh: no caldavd at $CALDAVD (cmake --build build --target caldavd)" >&2; exit 2; }
if [ "$LOADGEN" = none ]; then
  LOADGEN=""
elif [ ! -x "$LOADGEN" ]; then
  if [ "$LOADGEN" = "$REPO/build/bench/loadgen/caldav_loadgen" ]; then
    echo "[bench] building the load generator: cmake --build build --target caldav_loadgen" >&2
    # a build directory configured before bench/loadgen existed needs a re-configure to know the target
    cmake --build "$REPO/build" --target caldav_loadgen -j2 >&2 ||
      { cmake -S "$REPO" -B "$REPO/build" >/dev/null && cmake --build "$REPO/build" --target caldav_loadgen -j2 >&2; }
  fi
  [ -x "$LOADGEN" ] || { echo "run.sh: no load generator at $LOADGEN (or --loadgen none)" >&2; exit 2; }
fi

blog() { printf '[bench] %s\n' "$*" >&2; }

PEER_PID=""
PG_DIR=""
stop_peer() {
  local pid=$PEER_PID
  [ -n "$pid" ] || return 0
  PEER_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( SECONDS + 10 ))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
    [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ] && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
bench_cleanup() {
  local rc=$?
  stop_peer
  caldav_cleanup || true
  if [ -n "$PG_DIR" ]; then "$REPO/tests/scripts/pg-cluster.sh" stop "$PG_DIR" || true; fi
  [ "${CALDAV_KEEP_WORKDIR:-0}" = 1 ] || rm -rf "$BENCH_TMP"
  exit "$rc"
}
# a private parent directory (not /tmp/caldav-test.*, which other tools may sweep)
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/caldav-bench.XXXXXX")
export TMPDIR=$BENCH_TMP
caldav_workdir
trap bench_cleanup EXIT
W=$CALDAV_WORKDIR

# wait_http PORT: until something answers HTTP on 127.0.0.1:PORT (30 s at most)
wait_http() {
  local port=$1 pid=$2 deadline=$(( SECONDS + 30 ))
  while (( SECONDS < deadline )); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" && return 0
    sleep 0.2
  done
  return 1
}

T0=$SECONDS
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
blog "dataset: $N events ($GEN)"
"$PY" "$GEN" -n "$N" --out "$W/data" --split "$W/split"
MANIFEST="$W/data/events-$N.manifest.jsonl"

common=(--manifest "$MANIFEST" --split "$W/split" --duration "$DURATION" --max-requests "$MAXREQ"
        --concurrency "$CONC" --report-concurrency "$RCONC")
[ -z "$LOADGEN" ] || common+=(--loadgen "$LOADGEN")
results=()

# ---- caldavd ---------------------------------------------------------------------------------
name=caldavd
case "$STORAGE" in
  sqlite) ;;
  postgresql|postgres|pg)
    STORAGE=postgresql; name=caldavd-pg
    if [ -z "${CALDAV_PG_URL_FILE:-}" ]; then
      PG_DIR="$W/pg"
      "$REPO/tests/scripts/pg-cluster.sh" start "$PG_DIR" >/dev/null
      export CALDAV_PG_URL_FILE="$PG_DIR/url"
    fi;;
  *) echo "run.sh: --storage sqlite|postgresql" >&2; exit 2;;
esac
caldav_storage_url "$STORAGE" "$W/caldavd" store_url
caldav_add_user bench pw "$store_url" 2>/dev/null
# issue 12: the benchmark's user is a bookable provider; "organizer" invites it (bench.py --organizer)
caldav_add_user organizer pw "$store_url" 2>/dev/null
"$CALDAVD" principal set bench --auto-schedule automatic --storage "$store_url" >/dev/null
caldav_start "$store_url" "$W/caldavd.log"
blog "$name on $CALDAV_BASE (pid $CALDAV_PID, storage $STORAGE)"
"$PY" "$REPO/bench/bench.py" run --name "$name" --base "$CALDAV_BASE" --calendar /calendars/bench/calendar/ \
  --pid "$CALDAV_PID" --json "$W/$name.json" "${common[@]}" --booking --organizer organizer:pw \
  ${LOADGEN:+--transfer-floor}
results+=("$W/$name.json")
caldav_stop

# ---- peers -----------------------------------------------------------------------------------
pdeath=()
if setpriv --pdeathsig KILL true 2>/dev/null; then pdeath=(setpriv --pdeathsig KILL --); fi
IFS=, read -r -a peer_list <<<"$PEERS"
for peer in "${peer_list[@]}"; do
  port=$("$REPO/tests/scripts/free-port.sh")
  d="$W/$peer"; mkdir -p "$d"
  case "$peer" in
    radicale)
      command -v radicale >/dev/null || { blog "radicale not installed (scripts/install-deps.sh): skipped"; continue; }
      cat >"$d/config" <<EOF
[server]
hosts = 127.0.0.1:$port
max_connections = 64
[auth]
type = none
[rights]
type = owner_only
[storage]
filesystem_folder = $d/store
[web]
type = none
[logging]
level = warning
EOF
      "${pdeath[@]}" radicale -C "$d/config" >"$d/log" 2>&1 </dev/null &
      PEER_PID=$!
      wait_http "$port" "$PEER_PID" || { blog "radicale did not start:"; tail -n 20 "$d/log" >&2; exit 1; }
      cal=/bench/calendar/
      code=$(curl -s -o /dev/null -w '%{http_code}' -u bench:pw -X MKCALENDAR "http://127.0.0.1:$port$cal")
      [ "$code" = 201 ] || { blog "radicale MKCALENDAR $cal: HTTP $code"; exit 1; }
      fast="radicale:$d/store/collection-root/bench/calendar"
      ver=$(radicale --version 2>/dev/null || true)
      ;;
    xandikos)
      command -v xandikos >/dev/null || { blog "xandikos not installed (scripts/install-deps.sh): skipped"; continue; }
      "${pdeath[@]}" xandikos -d "$d/store" --defaults -l 127.0.0.1 -p "$port" >"$d/log" 2>&1 </dev/null &
      PEER_PID=$!
      wait_http "$port" "$PEER_PID" || { blog "xandikos did not start:"; tail -n 20 "$d/log" >&2; exit 1; }
      cal=/user/calendars/calendar/
      fast="xandikos:$d/store/user/calendars/calendar"
      ver=$(xandikos --version 2>/dev/null || true)
      ;;
    *) blog "unknown peer $peer (radicale|xandikos): skipped"; continue;;
  esac
  blog "$peer $ver on http://127.0.0.1:$port (pid $PEER_PID)"
  "$PY" "$REPO/bench/bench.py" run --name "$peer" --base "http://127.0.0.1:$port" --calendar "$cal" \
    --pid "$PEER_PID" --json "$W/$peer.json" --import-budget "$BUDGET" --fast-load "$fast" "${common[@]}"
  results+=("$W/$peer.json")
  stop_peer
done

# ---- report ----------------------------------------------------------------------------------
date=$(date +%Y-%m-%d)
suffix=""; [ "$STORAGE" = postgresql ] && suffix="-pg"
[ -n "$OUT" ] || OUT="$REPO/bench/results/$date-$N$suffix.md"
rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$REPO" status --porcelain 2>/dev/null | grep -qv '^??' && echo "+local changes" || true)
pyclient="bench/bench.py (Python $("$PY" -c 'import platform; print(platform.python_version())'), threads + \
keep-alive http.client)"
if [ -n "$LOADGEN" ]; then
  client="the C++ load generator bench/loadgen (caldav_loadgen: Poco HTTPClientSession, one thread and \
keep-alive connection each) for import/GET/PUT/calendar-query/calendar-multiget/free-busy-query, $pyclient \
for the other operations"
else
  client=$pyclient
fi
env="Host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average \
before the run $LOAD0), shared with other work. caldavd $rev$dirty \
($STORAGE); $(radicale --version 2>/dev/null | sed 's/^/Radicale /' || true); \
Xandikos $(xandikos --version 2>/dev/null | awk '{print $NF}' || true); client: $client, \
$CONC connections for import/GET/PUT, $RCONC for PROPFIND and REPORTs, each operation min($N, $MAXREQ) \
requests or ${DURATION} s. Run took $(( SECONDS - T0 )) s."
rc=0
"$PY" "$REPO/bench/bench.py" report --date "$date" --env "$env" --out "$OUT" "${results[@]}" || rc=$?
blog "results written to $OUT"
exit $rc
