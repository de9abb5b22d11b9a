#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#   pg-cluster.sh start DIR   -> initdb + start on a free port; prints the storage URL (also in DIR/url)
#   pg-cluster.sh restart DIR -> stop (if running) then start
#   pg-cluster.sh stop DIR    -> stops the cluster (by its postmaster PID) and removes DIR
# PostgreSQL refuses to run as root, so the cluster runs as the `postgres` user.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?start|stop}; dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U caldav --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2; exit 1; }
    port=$("$here/free-port.sh")
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U caldav caldav
    echo "$port" >"$dir/port"
    url="postgresql://caldav@127.0.0.1:$port/caldav"
    echo "$url" >"$dir/url"
    echo "$url"
    ;;
  restart)
    "$0" stop "$dir"; exec "$0" start "$dir"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2;;
esac
