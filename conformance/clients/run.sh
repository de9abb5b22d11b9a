#!/usr/bin/env bash
# Runs one real-client conformance runner against a fresh caldavd.
#
#   conformance/clients/run.sh python_caldav|tsdav|vdirsyncer|vdirsyncer_storage|discovery
#
#   CALDAV_TEST_STORAGE=sqlite|postgresql  backend (default sqlite)
#   CALDAVD, CALDAV_PG_URL_FILE            as for every runner (conformance/lib/server.sh)
#   CLIENTS_TIMEOUT                        seconds for the client part (default 120)
#   CLIENTS_URL/CLIENTS_USER/CLIENTS_PASSWORD  test an already running server (root URL, no start)
#   CLIENTS_SCHED_USERS="NAME:PASSWORD NAME:PASSWORD", CLIENTS_ROOM=NAME  its scheduling cast
#                                          (optional with CLIENTS_URL; without them the RFC 6638
#                                          checks that need other users are not run)
#
# Creates user `clientuser`, the scheduling cast (users `clientuser2` and `clientuser3`, room
# `room1`: `caldavd principal add room1 --type room --auto-schedule automatic`), starts
# caldavd, runs the client with CALDAV_BASE (server root, no trailing slash), CALDAV_USER,
# CALDAV_PASSWORD, CALDAV_SCHED_USERS ("NAME:PASSWORD NAME:PASSWORD", the two other users),
# CALDAV_ROOM (the room's name) and CALDAV_WORKDIR in its environment. Every calendar user
# address is NAME@localhost (caldavd's default mail domain).
# Each client prints one line per check and a closing line "N passed, M failed"; on failure the
# tail of the server log follows and that line is repeated, so it is always the last one.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/server.sh
source "$here/../lib/server.sh"

client=${1:?usage: run.sh python_caldav|tsdav|vdirsyncer|vdirsyncer_storage|discovery}
backend=${CALDAV_TEST_STORAGE:-sqlite}
timeout_s=${CLIENTS_TIMEOUT:-120}
PY=/usr/bin/python3   # Debian's python: python3-caldav and vdirsyncer live there

case "$client" in
  python_caldav) cmd=("$PY" "$here/python_caldav.py");;
  discovery)     cmd=("$PY" "$here/discovery.py");;
  vdirsyncer)    cmd=("$PY" "$here/vdirsyncer_test.py");;
  vdirsyncer_storage) cmd=("$PY" "$here/vdirsyncer_storage.py");;
  tsdav)         cmd=(node "$here/tsdav/tsdav-test.mjs");;
  *) echo "run.sh: unknown client '$client'" >&2; echo "0 passed, 1 failed"; exit 2;;
esac

# tsdav: install the locked dependencies (npm ci) unless node_modules already matches the lock.
# Both backends may run at once: serialise on a lock file.
if [ "$client" = tsdav ]; then
  command -v node >/dev/null && command -v npm >/dev/null || {
    echo "tsdav: node/npm not found"; echo "0 passed, 1 failed"; exit 1; }
  (
    cd "$here/tsdav" || exit 1
    exec 9>"$here/tsdav/.npm-install.lock"
    flock -w 300 9 || { echo "tsdav: could not lock $here/tsdav/.npm-install.lock"; exit 1; }
    want=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ "$(cat node_modules/.caldav-lock-sha256 2>/dev/null)" != "$want" ]; then
      echo "tsdav: npm ci (package-lock.json changed or node_modules missing)"
      timeout 300 npm ci --no-audit --no-fund --loglevel=error >/tmp/npm-ci.$$.log 2>&1 || {
        cat /tmp/npm-ci.$$.log; rm -f /tmp/npm-ci.$$.log; exit 1; }
      rm -f /tmp/npm-ci.$$.log
      echo "$want" >node_modules/.caldav-lock-sha256
    fi
  ) || { echo "tsdav: npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

caldav_workdir
if [ -n "${CLIENTS_URL:-}" ]; then
  CALDAV_BASE=${CLIENTS_URL%/}
  user=${CLIENTS_USER:?CLIENTS_USER}; password=${CLIENTS_PASSWORD:?CLIENTS_PASSWORD}
  sched_users=${CLIENTS_SCHED_USERS:-}; room=${CLIENTS_ROOM:-}
else
  user=clientuser
  password="pw-$RANDOM$RANDOM"
  caldav_storage_url "$backend" "$CALDAV_WORKDIR" storage || { echo "0 passed, 1 failed"; exit 1; }
  caldav_add_user "$user" "$password" "$storage" || { echo "0 passed, 1 failed"; exit 1; }
  # the scheduling cast (RFC 6638): two more users and a bookable room
  sched_users=""
  for other in clientuser2 clientuser3; do
    pw="pw-$RANDOM$RANDOM"
    caldav_add_user "$other" "$pw" "$storage" || { echo "0 passed, 1 failed"; exit 1; }
    sched_users="$sched_users $other:$pw"
  done
  sched_users=${sched_users# }
  room=room1
  "$CALDAVD" principal add "$room" --type room --auto-schedule automatic --storage "$storage" || {
    caldav_log "caldavd principal add $room failed"; echo "0 passed, 1 failed"; exit 1; }
  caldav_start "$storage" "$CALDAV_WORKDIR/caldavd.log" || { echo "0 passed, 1 failed"; exit 1; }
  echo "$client: caldavd pid $CALDAV_PID on $CALDAV_BASE, storage $backend"
fi

export PYTHONDONTWRITEBYTECODE=1   # keep __pycache__ out of the source tree
out="$CALDAV_WORKDIR/client.out"
CALDAV_BASE=$CALDAV_BASE CALDAV_USER=$user CALDAV_PASSWORD=$password CALDAV_WORKDIR=$CALDAV_WORKDIR \
  CALDAV_SCHED_USERS="$sched_users" CALDAV_ROOM="$room" \
  timeout --kill-after=10 "$timeout_s" "${cmd[@]}" </dev/null 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}

summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n1)
if [ -z "$summary" ]; then
  case "$rc" in 124|137) echo "$client: timed out after ${timeout_s}s";; *) echo "$client: exited $rc without a summary";; esac
  summary="0 passed, 1 failed"
  [ "$rc" = 0 ] && rc=1
fi
if [ -n "${CALDAV_PID:-}" ] && ! kill -0 "$CALDAV_PID" 2>/dev/null; then
  echo "$client: caldavd (pid $CALDAV_PID) died during the run"
  rc=1
fi
if [ "$rc" != 0 ]; then
  if [ -n "${CALDAV_LOG:-}" ] && [ -f "$CALDAV_LOG" ]; then
    echo "$client: last lines of the caldavd log:"
    tail -n 30 "$CALDAV_LOG"
  fi
  echo "$summary"
fi
exit "$rc"
