#!/usr/bin/env bash
# Installs dependencies, builds caldavd (Release) into build/, creates the first user and runs
# the server on 127.0.0.1:5232 with its data in ./data (SQLite).
#
#   CALDAV_USER / CALDAV_PASSWORD  first user (default: admin with a generated password, printed)
#   CALDAV_LISTEN                  HOST:PORT to listen on (default 127.0.0.1:5232)
#   CALDAV_STORAGE                 storage URL (default sqlite:data/caldav.sqlite)
#   JOBS                           parallel build jobs (default: number of cores)
#   CALDAV_BUILD_DIR               build directory (default build)
# Re-running is safe: an existing user keeps its password (or gets CALDAV_PASSWORD if that is set).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh
jobs=${JOBS:-$(nproc)}
bdir=${CALDAV_BUILD_DIR:-build}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
echo "serve: building caldavd (Release) in $bdir/"
mkdir -p "$bdir"
cmake -S . -B "$bdir" "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release >"$bdir/configure-output.log" 2>&1 || {
  cat "$bdir/configure-output.log"; exit 1; }
set +e
cmake --build "$bdir" --target caldavd -j "$jobs" 2>&1 | grep -Ev '^\[ *[0-9]+%\] (Building|Linking|Built target)'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] && [ -x "$bdir/caldavd" ] || { echo "serve: build failed" >&2; exit 1; }

mkdir -p data
chmod 700 data
storage=${CALDAV_STORAGE:-sqlite:data/caldav.sqlite}
listen=${CALDAV_LISTEN:-127.0.0.1:5232}
user=${CALDAV_USER:-admin}
generated=0
if [ -n "${CALDAV_PASSWORD:-}" ]; then
  password=$CALDAV_PASSWORD
else
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  generated=1
fi

# `caldavd user add` exits 3 when the user already exists.
set +e
out=$(printf '%s' "$password" | "$bdir/caldavd" user add "$user" --password-stdin --storage "$storage" 2>&1)
rc=$?
set -e
if [ "$rc" = 0 ]; then
  echo "serve: created user '$user'"
  if [ "$generated" = 1 ]; then
    echo "serve: password for '$user': $password"
    echo "serve: (set CALDAV_USER/CALDAV_PASSWORD to choose them; this password is shown only once)"
  fi
elif [ "$rc" = 3 ] || grep -qiE 'user exists|already exists' <<<"$out"; then
  if [ "$generated" = 0 ]; then
    printf '%s' "$password" | "$bdir/caldavd" user passwd "$user" --password-stdin --storage "$storage" >/dev/null 2>&1 \
      && echo "serve: user '$user' already exists; its password was set to CALDAV_PASSWORD" \
      || echo "serve: user '$user' already exists; its existing password is kept"
  else
    echo "serve: user '$user' already exists; its existing password is kept"
  fi
else
  echo "serve: could not create user '$user' (exit $rc):" >&2
  echo "$out" >&2
  exit 1
fi

host=${listen%:*}; port=${listen##*:}
echo "serve: calendar home  http://$host:$port/calendars/$user/"
echo "serve: principal      http://$host:$port/principals/users/$user/"
exec "$bdir/caldavd" --listen "$listen" --storage "$storage"
