#!/usr/bin/python3
"""Crash test: acknowledged writes survive kill -9, and no write is ever half-applied.

Each round: start caldavd on the same storage, verify everything written so far, then let
THREADS client threads PUT plain WebDAV resources (random binary and UTF-8 text bodies; new
paths and overwrites of existing ones) until the server is killed with SIGKILL after a random
delay of CRASH_MIN..CRASH_MAX seconds. After the last round: restart, verify, stop cleanly with
SIGTERM (exit code 0 expected), start again and verify once more.

The rule checked for every path (each path belongs to one client thread, so at most one request
per path is ever in flight, and at most one is left unanswered by the crash):
  * A path whose last PUT was acknowledged with a 2xx must afterwards hold exactly that body,
    byte for byte, with the ETag that PUT answered -- unless a later PUT to the same path was in
    flight (sent, no answer) when the server died: then it must hold either the acknowledged body
    or the in-flight one (commit may or may not have happened before the kill), never anything
    else: no older version, no mix, no truncation.
  * A path never acknowledged must be absent (404), or hold its in-flight body.
  * A PUT answered with a non-2xx status must leave no trace (and is itself reported: while the
    server is up every PUT here should succeed).
  * A Depth: 1 PROPFIND of the collection lists exactly the paths that exist (no phantoms).
After each verification the observed state becomes the new baseline.

Environment: CALDAV_CRASH_ROUNDS (4), CALDAV_CRASH_THREADS (8), CALDAV_CRASH_SEED (random),
CALDAV_CRASH_MAX_OPS per thread per round (300), CALDAV_CRASH_MAX_PATHS per thread (60), plus those of caldav_harness.
"""
import os
import random
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caldav_harness as h  # noqa: E402

ROUNDS = int(os.environ.get("CALDAV_CRASH_ROUNDS", "4"))
THREADS = int(os.environ.get("CALDAV_CRASH_THREADS", "8"))
MAX_OPS = int(os.environ.get("CALDAV_CRASH_MAX_OPS", "300"))
MAX_PATHS = int(os.environ.get("CALDAV_CRASH_MAX_PATHS", "60"))   # per thread; then only overwrites
CRASH_MIN, CRASH_MAX = 0.2, 1.5       # seconds after the writers start
PHASE_LIMIT = 20.0                    # hard bound on one write phase, seconds
SEED = int(os.environ.get("CALDAV_CRASH_SEED", str(random.randrange(1 << 31))))
USER = "crash"
COLL = "/calendars/%s/data/" % USER
ABSENT = None

TEXT_WORDS = ["booking", "Räume", "会議室", "BEGIN:VCALENDAR", "naïve", "€", "\t", "line\r\n",
              "ok\n", "ñandú", "🗓", "<xml attr='1'/>", "%20", "\\", "\"quoted\""]


def make_body(rng):
    r = rng.random()
    if r < 0.03:
        return b"", "application/octet-stream"
    if r < 0.5:
        n = rng.choice([1, 7, 100, 511, 512, 1024, 4095, 4096, 8193]) if rng.random() < 0.5 \
            else rng.randrange(1, 4096)
        if rng.random() < 0.05:
            n = rng.randrange(32768, 200000)
        return rng.randbytes(n), "application/octet-stream"
    words = [rng.choice(TEXT_WORDS) for _ in range(rng.randrange(1, 300))]
    text = "id %016x\n" % rng.getrandbits(64) + " ".join(words)
    return text.encode("utf-8"), "text/plain; charset=utf-8"


class Model:
    """What each path may hold: path -> {body: etag-or-None}; ABSENT as a key means 'may be absent'."""

    def __init__(self):
        self.lock = threading.Lock()
        self.allowed = {}
        self.acked = {}      # path -> (body, etag) of the last acknowledged PUT, for messages

    def begin(self, path, body):          # request about to be sent: may be applied from now on
        with self.lock:
            self.allowed.setdefault(path, {ABSENT: None})[body] = None

    def ack(self, path, body, etag):      # 2xx: only this body is acceptable from now on
        with self.lock:
            self.allowed[path] = {body: etag}
            self.acked[path] = (body, etag)

    def refused(self, path, body, prev):  # non-2xx: the request must have had no effect
        with self.lock:
            self.allowed[path] = prev

    def snapshot(self, path):
        with self.lock:
            return dict(self.allowed.get(path, {ABSENT: None}))


def describe(b):
    if b is ABSENT:
        return "absent"
    return "%d bytes %r" % (len(b), b[:24])


def writer(tid, port, password, model, owned, rng, killed, failures, stats, deadline):
    c = h.Client(port, USER, password, timeout=20)
    n = 0
    try:
        while n < MAX_OPS and time.monotonic() < deadline:
            n += 1
            if owned and (len(owned) >= MAX_PATHS or rng.random() < 0.4):
                path = rng.choice(owned)
            else:
                path = "%st%d-%d.%s" % (COLL, tid, len(owned), rng.choice(["bin", "txt", "dat"]))
                owned.append(path)
            body, ctype = make_body(rng)
            prev = model.snapshot(path)
            model.begin(path, body)
            try:
                st, hdrs, _ = c.request("PUT", path, body=body, headers={"Content-Type": ctype})
            except Exception as e:
                if not killed.is_set():
                    failures.append("thread %d: connection error before the kill: %r" % (tid, e))
                return                      # the server is gone: this body stays 'in flight'
            if 200 <= st < 300:
                etag = hdrs.get("etag")
                if not etag:
                    failures.append("PUT %s answered %d without an ETag" % (path, st))
                model.ack(path, body, etag)
                stats["acked"] += 1
            else:
                failures.append("PUT %s answered %d while the server was up" % (path, st))
                model.refused(path, body, prev)
    finally:
        c.close()


def propfind_members(c, coll):
    st, _, data = c.request("PROPFIND", coll, body=b'<?xml version="1.0" encoding="utf-8"?>'
                            b'<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>',
                            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    if st != 207:
        return None, "PROPFIND %s answered %d" % (coll, st)
    members = set()
    for href in ET.fromstring(data).iter("{DAV:}href"):
        p = urllib.parse.unquote(urllib.parse.urlsplit(href.text.strip()).path)
        if p.rstrip("/") != coll.rstrip("/"):
            members.add(p)
    return members, None


def fetch_all(port, password, paths, nthreads=4):
    """GET every path (nthreads connections in parallel): path -> (status, headers, body)."""
    out, lock, todo = {}, threading.Lock(), list(paths)
    errors = []

    def work():
        c = h.Client(port, USER, password)
        while True:
            with lock:
                if not todo:
                    break
                p = todo.pop()
            try:
                out[p] = c.request("GET", p)
            except Exception as e:
                errors.append("GET %s: %r" % (p, e))
        c.close()
    ts = [threading.Thread(target=work) for _ in range(nthreads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out, errors


def verify(port, password, model, failures, label):
    """GET every path the model knows; check the rule; make the observed state the baseline."""
    got_all, errors = fetch_all(port, password, sorted(model.allowed))
    failures.extend("%s: %s" % (label, e) for e in errors)
    c = h.Client(port, USER, password)
    checked = 0
    existing = set()
    for path in sorted(got_all):
        allowed = model.allowed[path]
        st, hdrs, data = got_all[path]
        if st == 200:
            got = data
        elif st == 404:
            got = ABSENT
        else:
            failures.append("%s: GET %s answered %d" % (label, path, st))
            continue
        if got is not ABSENT:
            existing.add(path)
        if got not in allowed:
            last = model.acked.get(path)
            failures.append("%s: %s holds %s; allowed: %s (last acknowledged: %s)" % (
                label, path, describe(got), ", ".join(describe(b) for b in allowed),
                describe(last[0]) if last else "none"))
            continue
        want_etag = allowed[got]
        if got is not ABSENT and want_etag and hdrs.get("etag") != want_etag:
            failures.append("%s: %s has ETag %s, its PUT answered %s" % (label, path, hdrs.get("etag"), want_etag))
            continue
        model.allowed[path] = {got: hdrs.get("etag") if got is not ABSENT else None}
        checked += 1
    members, err = propfind_members(c, COLL)
    if err:
        failures.append("%s: %s" % (label, err))
    else:
        extra = members - existing
        missing = existing - members
        if extra:
            failures.append("%s: PROPFIND lists unknown members %s" % (label, sorted(extra)[:5]))
        if missing:
            failures.append("%s: PROPFIND misses members %s" % (label, sorted(missing)[:5]))
        if not extra and not missing:
            checked += 1
    c.close()
    return checked


def main():
    h.log("crash test: backend=%s rounds=%d threads=%d seed=%d (CALDAV_CRASH_SEED reproduces the bodies)"
          % (h.BACKEND, ROUNDS, THREADS, SEED))
    failures, passed = [], 0
    storage = h.Storage(name="crash")
    server = h.Server(storage.url, os.path.join(storage.workdir, "caldavd.log"))
    password = "pw-%x" % random.getrandbits(48)
    keep = False
    try:
        h.add_user(storage.url, USER, password)
        server.start()
        c = h.Client(server.port, USER, password)
        st, _, _ = c.request("MKCOL", COLL, body=b"")
        c.close()
        if st != 201:
            return ["MKCOL %s answered %d" % (COLL, st)], 0
        model = Model()
        owned = [[] for _ in range(THREADS)]
        master = random.Random(SEED)
        for rnd in range(1, ROUNDS + 1):
            if rnd > 1:
                server.start()
                passed += verify(server.port, password, model, failures, "round %d after restart" % rnd)
            killed = threading.Event()
            failures_w = []
            stats = {"acked": 0}
            deadline = time.monotonic() + PHASE_LIMIT
            threads = [threading.Thread(target=writer, args=(
                t, server.port, password, model, owned[t], random.Random(master.getrandbits(64)),
                killed, failures_w, stats, deadline)) for t in range(THREADS)]
            for t in threads:
                t.start()
            delay = master.uniform(CRASH_MIN, CRASH_MAX)
            time.sleep(delay)
            if not server.alive():
                failures.append("round %d: caldavd died by itself; log:\n%s" % (rnd, server.log_tail()))
            killed.set()
            server.kill9()
            for t in threads:
                t.join(60)
                if t.is_alive():
                    failures.append("round %d: a writer thread hangs after the kill" % rnd)
            failures.extend("round %d: %s" % (rnd, f) for f in failures_w)
            in_flight = sum(1 for p in model.allowed if len(model.allowed[p]) > 1)
            h.log("round %d: kill -9 after %.2fs; %d PUTs acknowledged, %d paths known, %d with a write in flight"
                  % (rnd, delay, stats["acked"], len(model.allowed), in_flight))
            if stats["acked"] == 0:
                failures.append("round %d: no PUT was acknowledged before the kill" % rnd)
        server.start()
        passed += verify(server.port, password, model, failures, "after last crash")
        code = server.stop()
        if code != 0:
            failures.append("SIGTERM: caldavd exit code %s (expected 0 within %.0fs)" % (code, h.STOP_TIMEOUT))
        else:
            passed += 1
        server.start()
        passed += verify(server.port, password, model, failures, "after clean restart")
        code = server.stop()
        h.log("verified %d paths; last server log lines:\n%s" % (len(model.allowed), server.log_tail(5)))
        if failures:
            keep = os.environ.get("CALDAV_KEEP_WORKDIR") == "1"
            print("---- caldavd log tail ----\n" + server.log_tail(30))
        return failures, passed
    finally:
        server.kill9()
        storage.close(keep=keep)


if __name__ == "__main__":
    h.run_main(main)
