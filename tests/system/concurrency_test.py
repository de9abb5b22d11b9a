#!/usr/bin/python3
"""Concurrency test: conditional writes are atomic under contention.

  if-match:      a resource with ETag E; K clients PUT different bodies with If-Match: E at the
                 same moment (threads released by a barrier, connections opened beforehand).
                 Exactly one gets a 2xx, the others 412; the resource then holds the winner's
                 body and an ETag different from E.
  if-none-match: K clients PUT different bodies with If-None-Match: * to the same new path.
                 Exactly one gets 201, the others 412; the resource holds the winner's body.
  delete-vs-put: one client DELETEs with If-Match: E while another PUTs with If-Match: E:
                 exactly one succeeds, the other gets 412 (or 404 for the PUT/DELETE that lost).

Each scenario runs ROUNDS times with K=2 and ROUNDS/5 times with K=4.
Environment: CALDAV_CONCURRENCY_ROUNDS (50), plus those of caldav_harness.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caldav_harness as h  # noqa: E402

ROUNDS = int(os.environ.get("CALDAV_CONCURRENCY_ROUNDS", "50"))
USER = "race"
COLL = "/calendars/%s/race/" % USER


def statuses(results):
    return [r[0] if isinstance(r, tuple) else repr(r) for r in results]


def main():
    failures, passed = [], 0
    storage = h.Storage(name="race")
    server = h.Server(storage.url, os.path.join(storage.workdir, "caldavd.log"))
    password = "pw-%x" % random.getrandbits(48)
    try:
        h.add_user(storage.url, USER, password)
        server.start()
        admin = h.Client(server.port, USER, password)
        st, _, _ = admin.request("MKCOL", COLL, body=b"")
        if st != 201:
            return ["MKCOL %s answered %d" % (COLL, st)], 0
        clients = [h.Client(server.port, USER, password) for _ in range(4)]
        plan = [2] * ROUNDS + [4] * max(1, ROUNDS // 5)

        def check(name, cond, msg):
            nonlocal passed
            if cond:
                passed += 1
            else:
                failures.append("%s: %s" % (name, msg))
            return cond

        # --- If-Match: exactly one winner -----------------------------------------------------
        for n, k in enumerate(plan):
            name = "if-match #%d (k=%d)" % (n, k)
            path = "%sm-%d.txt" % (COLL, n)
            st, hd, _ = admin.request("PUT", path, body=b"v0 %d" % n, headers={"Content-Type": "text/plain"})
            etag = hd.get("etag")
            if not check(name, st == 201 and etag, "initial PUT answered %d, ETag %r" % (st, etag)):
                continue
            bodies = [b"contender %d of round %d %x" % (i, n, random.getrandbits(32)) for i in range(k)]
            res = h.race(clients, [("PUT", path, bodies[i], {"If-Match": etag, "Content-Type": "text/plain"})
                                 for i in range(k)])
            sts = statuses(res)
            wins = [i for i, s in enumerate(sts) if isinstance(s, int) and 200 <= s < 300]
            lost = [i for i, s in enumerate(sts) if s == 412]
            if not check(name, len(wins) == 1 and len(lost) == k - 1,
                         "statuses %s (want one 2xx, %d x 412)" % (sts, k - 1)):
                continue
            st, hd, data = admin.request("GET", path)
            check(name, st == 200 and data == bodies[wins[0]],
                  "GET answered %d with %r, winner sent %r" % (st, data[:40], bodies[wins[0]]))
            check(name, hd.get("etag") not in (None, etag), "ETag after the write: %r (before: %r)" % (hd.get("etag"), etag))
            win_etag = res[wins[0]][1].get("etag")
            check(name, win_etag is None or win_etag == hd.get("etag"),
                  "winner's PUT answered ETag %r, GET gives %r" % (win_etag, hd.get("etag")))

        # --- If-None-Match: * : exactly one creator --------------------------------------------
        for n, k in enumerate(plan):
            name = "if-none-match #%d (k=%d)" % (n, k)
            path = "%sn-%d.txt" % (COLL, n)
            bodies = [b"creator %d of round %d %x" % (i, n, random.getrandbits(32)) for i in range(k)]
            res = h.race(clients, [("PUT", path, bodies[i], {"If-None-Match": "*", "Content-Type": "text/plain"})
                                 for i in range(k)])
            sts = statuses(res)
            wins = [i for i, s in enumerate(sts) if s == 201]
            lost = [i for i, s in enumerate(sts) if s == 412]
            if not check(name, len(wins) == 1 and len(lost) == k - 1,
                         "statuses %s (want one 201, %d x 412)" % (sts, k - 1)):
                continue
            st, hd, data = admin.request("GET", path)
            check(name, st == 200 and data == bodies[wins[0]],
                  "GET answered %d with %r, winner sent %r" % (st, data[:40], bodies[wins[0]]))

        # --- DELETE vs PUT, both If-Match: E ---------------------------------------------------
        for n in range(ROUNDS):
            name = "delete-vs-put #%d" % n
            path = "%sd-%d.txt" % (COLL, n)
            st, hd, _ = admin.request("PUT", path, body=b"v0", headers={"Content-Type": "text/plain"})
            etag = hd.get("etag")
            if not check(name, st == 201 and etag, "initial PUT answered %d, ETag %r" % (st, etag)):
                continue
            body = b"put wins %d" % n
            order = [("DELETE", path, None, {"If-Match": etag}),
                     ("PUT", path, body, {"If-Match": etag, "Content-Type": "text/plain"})]
            if n % 2:
                order.reverse()
            res = h.race(clients, order)
            sts = dict(zip([o[0] for o in order], statuses(res)))
            d_ok = isinstance(sts["DELETE"], int) and 200 <= sts["DELETE"] < 300
            p_ok = isinstance(sts["PUT"], int) and 200 <= sts["PUT"] < 300
            if not check(name, d_ok != p_ok and (sts["DELETE"] in (412, 404) or sts["PUT"] in (412, 404)),
                         "statuses %s (want exactly one 2xx, the other 412/404)" % sts):
                continue
            st, hd, data = admin.request("GET", path)
            if d_ok:
                check(name, st == 404, "DELETE won but GET answered %d" % st)
            else:
                check(name, st == 200 and data == body, "PUT won but GET answered %d %r" % (st, data[:40]))

        if not server.alive():
            failures.append("caldavd died during the test")
        code = server.stop()
        if code != 0:
            failures.append("SIGTERM: caldavd exit code %s" % code)
        if failures:
            print("---- caldavd log tail ----\n" + server.log_tail(30))
        return failures, passed
    finally:
        server.kill9()
        storage.close()


if __name__ == "__main__":
    h.run_main(main)
