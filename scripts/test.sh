#!/usr/bin/env bash
# Installs dependencies, then builds and runs the whole test suite twice:
#   build/       RelWithDebInfo (-O2 -g1)          ctest --output-on-failure
#   build-asan/  -O1 -g1 -DCALDAV_SANITIZE=ON (ASan + UBSan): every suite on SQLite, the storage
#                contract on both backends (the PostgreSQL variants of the server and client
#                suites, which run the same server code, run in the first pass only; CI budget)
# Exits non-zero if either build or any test fails.
#   JOBS=N          parallel build jobs (default: number of cores)
#   CTEST_JOBS=N    tests run in parallel (default 1: the system tests time a crash and race)
#   CALDAV_SKIP_ASAN=1  only the first pass
#   CALDAV_CCACHE=0     do not use ccache (used when installed: rebuilds of the same sources are fast)
#   CALDAV_BUILD_DIR / CALDAV_ASAN_BUILD_DIR  other build directories (default build, build-asan)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$SECONDS

bash scripts/install-deps.sh || exit 1
jobs=${JOBS:-$(nproc)}
ctest_jobs=${CTEST_JOBS:-1}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/scripts/lsan.supp}

launcher=()
if [ "${CALDAV_CCACHE:-1}" != 0 ] && command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
else
  launcher=(-UCMAKE_CXX_COMPILER_LAUNCHER)
fi

# build_and_test DIR CTEST-EXCLUDE CMAKE-ARGS... : configure, build, ctest (without the tests
# matching the CTEST-EXCLUDE regular expression, "" for none). Returns non-zero on any failure.
build_and_test() {
  local dir=$1 exclude=$2; shift 2
  echo "==== test.sh: configure $dir ($*)"
  mkdir -p "$dir"
  cmake -S . -B "$dir" "${launcher[@]}" "$@" >"$dir/configure-output.log" 2>&1 || { cat "$dir/configure-output.log"; return 1; }
  echo "==== test.sh: build $dir (-j$jobs)"
  local t0=$SECONDS
  # progress lines are dropped; warnings and errors stay
  cmake --build "$dir" -j "$jobs" 2>&1 | grep -Ev '^\[ *[0-9]+%\] (Building|Linking|Built target)|^Consolidate compiler' 
  local rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || { echo "==== test.sh: build of $dir failed"; return 1; }
  echo "==== test.sh: built $dir in $((SECONDS - t0))s; running ctest"
  ( cd "$dir" && ctest --output-on-failure -j "$ctest_jobs" --timeout 900 ${exclude:+-E "$exclude"} )
}

bdir=${CALDAV_BUILD_DIR:-build}
adir=${CALDAV_ASAN_BUILD_DIR:-build-asan}
# Line tables only (-g1): enough for stack traces, and the cold builds stay fast on 2 cores.
# Assertions stay on in both passes (no NDEBUG).
build_and_test "$bdir" "" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1"; rc1=$?
echo "==== test.sh: $bdir/ (RelWithDebInfo) $([ $rc1 = 0 ] && echo passed || echo FAILED) after $((SECONDS - start))s since start"
rc2=0
if [ "${CALDAV_SKIP_ASAN:-0}" != 1 ]; then
  # (nothing is printed after this ctest run: the output ends with ctest's summary)
  # The sanitizers watch the server code; its SQLite runs cover it, the storage contract covers
  # the PostgreSQL dialect. The other PostgreSQL variants and the client suites ran above.
  build_and_test "$adir" '^(dav|protocol|system_[a-z_]+|litmus|clients_[a-z_]+)_postgresql$|^clients_|^litmus_' \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCALDAV_SANITIZE=ON; rc2=$?
fi
[ $rc1 = 0 ] && [ $rc2 = 0 ]
