#!/bin/bash
# bench/callgrind/run.sh WORKDIR [OPERATION...] [-r REQUESTS] [-b CALDAVD] [-o DIR]
#
# Instructions per request, counted by callgrind: deterministic, so two builds can be compared
# on a host whose timings vary by tens of percent (user space only; kernel time is not in it).
# WORKDIR is a kept bench run (CALDAV_KEEP_WORKDIR=1 bench/run.sh --peers none): its store is
# copied, caldavd runs on the copy under valgrind, each OPERATION (query, expand, freebusy,
# multiget, propfind, sync; default query, multiget, freebusy) gets 5 warm-up requests, then REQUESTS counted ones.
# Write operations (put: a plain PUT of a new single event; booking: the same into the bookable
# calendar of a run with bench.py --booking, in a free slot; refused: the same on a busy slot, 403)
# need the run's manifest (found in WORKDIR) and REQUESTS <= 100. -o DIR keeps each operation's
# callgrind profile as DIR/OPERATION.callgrind (for callgrind_annotate --inclusive=yes).
# Needs valgrind (apt-get install valgrind) and build/bench/loadgen/caldav_loadgen.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
workdir=${1:?usage: run.sh WORKDIR [OPERATION...] [-r REQUESTS] [-b CALDAVD] [-o DIR]}
shift
ops=() requests=20 caldavd=$root/build/caldavd keep=""
while [ $# -gt 0 ]; do
  case $1 in
    -r) requests=$2; shift 2 ;;
    -b) caldavd=$2; shift 2 ;;
    -o) keep=$2; mkdir -p "$keep"; shift 2 ;;
    *) ops+=("$1"); shift ;;
  esac
done
[ ${#ops[@]} -gt 0 ] || ops=(query multiget freebusy)
loadgen=$root/build/bench/loadgen/caldav_loadgen
store=$(ls "$workdir"/*/caldavd/db.sqlite 2>/dev/null | head -1)
split=$(ls -d "$workdir"/*/split 2>/dev/null | head -1)
[ -n "$store" ] && [ -n "$split" ] || { echo "no kept bench store under $workdir" >&2; exit 2; }
tmp=$(mktemp -d /tmp/caldav-callgrind.XXXXXX)
server=""
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
manifest=$(ls "$workdir"/*/data/*.manifest.jsonl 2>/dev/null | head -1)
/usr/bin/python3 "$root/bench/callgrind/requests.py" "$split" "$tmp" $manifest
for op in "${ops[@]}"; do
  cp "$store" "$tmp/db.sqlite"
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out.%p" "$caldavd" --listen "127.0.0.1:$port" \
    --storage "sqlite://$tmp/db.sqlite" > "$tmp/server.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do grep -q listening "$tmp/server.log" && break; sleep 0.5; done
  [ -f "$tmp/$op.jsonl" ] || { echo "no requests for $op (write operations need the run's manifest)" >&2; exit 2; }
  load() {  # load COUNT [FILE]
    "$loadgen" --base "http://127.0.0.1:$port" --requests "${2:-$tmp/$op.jsonl}" --user bench --password pw \
      --concurrency 1 --max-requests "$1" --duration 600 > "$tmp/load.json"
  }
  if [ -f "$tmp/$op.warm.jsonl" ]; then load 5 "$tmp/$op.warm.jsonl"; else load 5; fi
  callgrind_control -z "$server" > /dev/null 2>&1
  load "$requests"
  callgrind_control -d "$server" > /dev/null 2>&1
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  wrong=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wrong"])' "$tmp/load.json")
  # awk reads to the end: an early exit could kill callgrind_annotate by SIGPIPE, failing the run (pipefail)
  total=$(callgrind_annotate "$(ls "$tmp"/out.*.1)" 2>/dev/null | awk '!done && /PROGRAM TOTALS/ {gsub(",", "", $1); print $1; done = 1}')
  [ -z "$keep" ] || cp "$(ls "$tmp"/out.*.1)" "$keep/$op.callgrind"
  echo "$op: $((total / requests)) instructions per request ($requests requests, $wrong wrong)"
  rm -f "$tmp"/out.*
done
