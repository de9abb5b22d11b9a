#!/usr/bin/env bash
# Installs every Debian 12 package the build and the tests use. Idempotent: when everything is
# already installed it does nothing (and needs no network). Run as root (or with sudo available).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  # build
  build-essential cmake pkg-config ccache
  libpoco-dev libical-dev libicu-dev libssl-dev libpq-dev libsqlite3-dev libexpat1-dev libcppunit-dev librapidcheck-dev
  # storage backends and the test database
  postgresql postgresql-contrib sqlite3
  # test tooling: Debian's python3 (stdlib only) runs the system tests; litmus for WebDAV
  python3 curl litmus procps
  # peers and clients used by the interoperability tests
  radicale xandikos python3-caldav vdirsyncer
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# node and npm (the tsdav client test) are checked by command: a nodejs from elsewhere that
# bundles npm is fine, and Debian's npm package would conflict with it.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  sudo=(sudo -E)
fi
echo "install-deps: installing ${missing[*]}"
log=$(mktemp)
if ! { "${sudo[@]}" apt-get update -qq && \
       "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"
  echo "install-deps: apt-get failed" >&2; exit 1
fi
rm -f "$log"
# The postgresql package starts a system cluster; the tests do not use it (they run their own
# throwaway cluster on a free port), so it is left as the package set it up.
echo "install-deps: done"
