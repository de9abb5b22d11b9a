#!/usr/bin/env bash
# Runs the litmus WebDAV conformance suites (Debian package `litmus`) against a real caldavd.
#
#   CALDAV_TEST_STORAGE=sqlite|postgresql  backend (default sqlite)
#   CALDAVD=path/to/caldavd               server binary (default build/caldavd)
#   CALDAV_PG_URL_FILE                    PostgreSQL cluster URL file (postgresql backend)
#   LITMUS_SUITES="basic copymove ..."    suites to run (default: all five)
#   LITMUS_URL=http://...                 test an already running server instead (no start)
#
# Prints per-suite summaries, the failing tests with their excerpt of litmus' debug.log, and a
# closing count line:   litmus: N passed, M failed
# Exits non-zero if any test failed or a suite did not finish.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/server.sh
source "$here/../lib/server.sh"

suites=${LITMUS_SUITES:-basic copymove props locks http}
backend=${CALDAV_TEST_STORAGE:-sqlite}
suite_timeout=${LITMUS_SUITE_TIMEOUT:-60}   # a healthy suite takes seconds
user=litmus
password="litmus-$RANDOM$RANDOM"

caldav_workdir
if [ -n "${LITMUS_URL:-}" ]; then
  url=$LITMUS_URL; user=${LITMUS_USER:-litmus}; password=${LITMUS_PASSWORD:-litmus}
else
  caldav_storage_url "$backend" "$CALDAV_WORKDIR" storage || exit 1
  caldav_add_user "$user" "$password" "$storage" || exit 1
  caldav_start "$storage" "$CALDAV_WORKDIR/caldavd.log" || exit 1
  url="$CALDAV_BASE/calendars/$user/"
  echo "litmus: caldavd pid $CALDAV_PID on $CALDAV_BASE, storage $backend"
fi

# Each suite runs in its own directory: litmus writes debug.log and child.log into the cwd.
for s in $suites; do
  mkdir -p "$CALDAV_WORKDIR/$s"
  ( cd "$CALDAV_WORKDIR/$s" &&
    TESTS=$s timeout --kill-after=10 "$suite_timeout" litmus "$url" "$user" "$password" \
      >"$CALDAV_WORKDIR/$s/out.txt" 2>&1
    echo $? >"$CALDAV_WORKDIR/$s/rc" )
done

if [ -n "$CALDAV_PID" ] && ! kill -0 "$CALDAV_PID" 2>/dev/null; then
  echo "litmus: caldavd (pid $CALDAV_PID) died during the run; last lines of its log:"
  tail -n 40 "$CALDAV_WORKDIR/caldavd.log"
fi

/usr/bin/python3 - "$CALDAV_WORKDIR" $suites <<'PY'
import os, re, sys
work, suites = sys.argv[1], sys.argv[2:]
summary_re = re.compile(r"<- summary for `([^']+)': of (\d+) tests run: (\d+) passed, (\d+) failed")
skipped_re = re.compile(r"-> (\d+) tests? (?:was|were) skipped")
warn_re = re.compile(r"-> (\d+) warnings? (?:was|were) issued")
# Without a tty litmus prints every result line twice ("N. name.... N. name.... pass"): take
# the last "N. name....... RESULT" on each line.
result_re = re.compile(r"(\d+)\. ([A-Za-z0-9_]+)\.*\s*(pass|FAIL|SKIPPED|WARNING)")
total = {"passed": 0, "failed": 0, "skipped": 0, "warnings": 0}
failures = []     # (suite, number, name, message)
broken = []       # suites that did not print a summary
for s in suites:
    d = os.path.join(work, s)
    try:
        out = open(os.path.join(d, "out.txt"), encoding="utf-8", errors="replace", newline="").read()
    except OSError:
        out = ""
    rc = open(os.path.join(d, "rc")).read().strip() if os.path.exists(os.path.join(d, "rc")) else "?"
    m = summary_re.search(out)
    if not m:
        broken.append(s)
        # count what finished before it stopped; the unfinished suite counts as one failure
        done = [r[-1] for r in (result_re.findall(l.split("\r")[-1]) for l in out.split("\n")) if r]
        total["passed"] += sum(1 for r in done if r[2] == "pass")
        total["failed"] += 1 + sum(1 for r in done if r[2] == "FAIL")
        why = "timed out (LITMUS_SUITE_TIMEOUT)" if rc in ("124", "137") else f"exit {rc}"
        print(f"litmus: suite {s}: no summary ({why}); last output:")
        print("\n".join(l.split("\r")[-1] for l in out.split("\n")[-30:]))
        try:  # the request litmus was waiting for
            log = open(os.path.join(d, "debug.log"), encoding="utf-8", errors="replace").read().splitlines()
            print(f"---- {s}: last lines of debug.log ----")
            print("\n".join(log[-25:]))
        except OSError:
            pass
        continue
    run, p, f = int(m.group(2)), int(m.group(3)), int(m.group(4))
    sk = sum(int(x) for x in skipped_re.findall(out))
    w = sum(int(x) for x in warn_re.findall(out))
    total["passed"] += p; total["failed"] += f; total["skipped"] += sk; total["warnings"] += w
    print(f"litmus: suite {s}: {run} run, {p} passed, {f} failed, {sk} skipped, {w} warnings")
    # progress output uses carriage returns: keep what follows the last \r of each line
    lines = [l.split("\r")[-1] for l in out.split("\n")]
    for i, line in enumerate(lines):
        if "WARNING:" in line:
            print(f"litmus:   warning in {s}: {line.strip()}")
        hits = result_re.findall(line)
        if hits and hits[-1][2] == "FAIL":
            num, name = hits[-1][0], hits[-1][1]
            msg = line[line.rfind("FAIL"):]
            j = i + 1   # failure messages may continue on the next lines until the next result
            while j < len(lines) and not result_re.search(lines[j]) and not lines[j].startswith(("<-", "->")):
                msg += " " + lines[j].strip(); j += 1
            failures.append((s, num, name, msg))
for s, num, name, msg in failures:
    print(f"litmus: FAILED {s} {num}. {name}: {msg}")
# For each failure: the matching section of that suite's debug.log (bounded).
if failures:
    print("litmus: ---- debug.log excerpts of failed tests ----")
    budget = 400
    for s, num, name, msg in failures:
        try:
            log = open(os.path.join(work, s, "debug.log"), encoding="utf-8", errors="replace").read().splitlines()
        except OSError:
            continue
        start = None
        for k, l in enumerate(log):
            if l.startswith(f"******* Running test {num}: {name} "):
                start = k
        if start is None:
            continue
        end = start + 1
        while end < len(log) and not log[end].startswith("******* Running test"):
            end += 1
        section = log[start:end]
        if len(section) > 80:
            section = section[:20] + [f"... ({len(section) - 80} lines cut) ..."] + section[-60:]
        if budget <= 0:
            print("litmus: (further excerpts cut)"); break
        section = section[:budget]; budget -= len(section)
        print(f"---- {s}/{num}. {name} ----")
        print("\n".join(section))
print(f"litmus: {total['warnings']} warnings, {total['skipped']} skipped")
print(f"litmus: {total['passed']} passed, {total['failed']} failed")
sys.exit(1 if total["failed"] or broken else 0)
PY
rc=$?
if [ "$rc" != 0 ] && [ -n "${CALDAV_LOG:-}" ] && [ -f "$CALDAV_LOG" ]; then
  echo "litmus: last lines of the caldavd log:"
  tail -n 20 "$CALDAV_LOG"
fi
exit $rc
