#!/usr/bin/python3
"""CalDAV benchmark driver (stdlib only; run with Debian's /usr/bin/python3).

  bench.py run    --name NAME --base URL --calendar PATH --manifest M --split DIR --json OUT [...]
      loads the dataset into one running server with concurrent PUTs, then measures every
      operation and checks every answer against the manifest; writes a JSON result file.
  bench.py report --n N --out FILE.md RESULT.json...
      prints the side-by-side table (caldavd vs. peers) and writes it as markdown.
      Exits 1 if any caldavd answer was wrong (peers may be wrong: that is reported only).

bench/run.sh starts the servers and calls both; see docs/performance.md.
"""
import argparse, base64, bisect, http.client, json, os, random, re, shutil, socket, subprocess, sys, tempfile, threading, time
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote, urlsplit

SLOW = 1.0  # seconds: an operation whose first answer takes longer runs on one connection
DAV = "{DAV:}"
CAL = "{urn:ietf:params:xml:ns:caldav}"
EPOCH_START = datetime(2025, 1, 6, tzinfo=timezone.utc)  # dataset's first Monday (gen_dataset.py)
WEEKS = 104


# ----------------------------------------------------------------------------------------- http
class Client:
    """One keep-alive HTTP/1.1 connection (one per worker thread)."""

    def __init__(self, base, user, password, timeout):
        u = urlsplit(base)
        self.host, self.port = u.hostname, u.port or 80
        self.timeout = timeout
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.conn = None

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def request(self, method, path, body=None, headers=None):
        h = {"Authorization": self.auth}
        if headers:
            h.update(headers)
        if isinstance(body, str):
            body = body.encode()
        for attempt in (0, 1):  # one retry: a kept-alive connection may have been closed by the peer
            if self.conn is None:
                self._connect()
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                if r.will_close:
                    self.conn.close()
                    self.conn = None
                return r.status, r, data
            except (http.client.HTTPException, ConnectionError, OSError):
                try:
                    self.conn.close()
                except Exception:
                    pass
                self.conn = None
                if attempt:
                    raise

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None


def pct(sorted_vals, p):
    if not sorted_vals:
        return None
    k = max(0, min(len(sorted_vals) - 1, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


class Runner:
    def __init__(self, args):
        self.a = args

    def client(self):
        return Client(self.a.base, self.a.user, self.a.password, self.a.timeout)

    def run(self, name, make, check, count, duration, concurrency, min_requests=1, probe=True):
        """Sends requests make(i) -> (method, path, body, headers) from `concurrency` threads until
        `count` requests were sent or `duration` seconds passed (but at least min_requests), checks
        each answer with check(i, status, resp, body) -> None | error text, returns stats.
        With probe, request 0 is sent alone first; if it takes more than SLOW seconds the operation
        continues on one connection (a server that needs seconds per answer would only queue more)."""
        lock = threading.Lock()
        state = {"next": 0}
        lats, errors, wrong, nbytes = [], [], [0], [0]
        cpu0 = server_cpu(self.a.pid), time.process_time()
        t_start = time.perf_counter()
        deadline = t_start + duration

        def worker(c=None, single=False):
            own = c is None
            c = c or self.client()
            try:
                while True:
                    with lock:
                        i = state["next"]
                        if i >= count or (i >= min_requests and time.perf_counter() > deadline):
                            return
                        state["next"] = i + 1
                    method, path, body, headers = make(i)
                    t0 = time.perf_counter()
                    try:
                        status, resp, data = c.request(method, path, body, headers)
                        err = None
                    except Exception as e:  # connection failure counts as a wrong answer
                        status, resp, data, err = 0, None, b"", f"{type(e).__name__}: {e}"
                    dt = time.perf_counter() - t0
                    if err is None:
                        try:
                            err = check(i, status, resp, data)
                        except Exception as e:
                            err = f"checker failed on the answer: {type(e).__name__}: {e}"
                    with lock:
                        lats.append(dt)
                        nbytes[0] += len(data or b"")
                        if err:
                            wrong[0] += 1
                            if len(errors) < 3:
                                errors.append({"request": f"{method} {path}", "detail": err[:1500]})
                    if single:
                        return
            finally:
                if own:
                    c.close()

        if probe and count > 1:
            c = self.client()
            worker(c, single=True)
            if lats and lats[0] > SLOW:
                concurrency = 1
            c.close()
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t_start
        cpu1 = server_cpu(self.a.pid), time.process_time()
        lats.sort()
        res = {"op": name, "requests": len(lats), "wall_s": round(wall, 3),
               "rps": round(len(lats) / wall, 2) if wall > 0 else None, "concurrency": concurrency,
               "p50_ms": ms(pct(lats, 50)), "p95_ms": ms(pct(lats, 95)), "p99_ms": ms(pct(lats, 99)),
               "max_ms": ms(lats[-1] if lats else None), "wrong": wrong[0], "errors": errors,
               "server_cpu_ms_per_req": (round((cpu1[0] - cpu0[0]) * 1000.0 / len(lats), 3)
                                         if lats and cpu0[0] is not None and cpu1[0] is not None else None),
               "client_cpu_ms_per_req": round((cpu1[1] - cpu0[1]) * 1000.0 / len(lats), 3) if lats else None}
        res["answer_bytes"] = nbytes[0] // len(lats) if lats else 0
        res["client"] = "bench.py"
        log_result(res)
        return res

    def run_loadgen(self, name, make, count, duration, concurrency, probe=True, period=None):
        """The same measurement as run(), made by the C++ load generator (--loadgen, bench/loadgen/loadgen.cpp).
        make(i) -> (method, path, body, headers, expect): body is bytes, None, or ("file", PATH) for a body
        the loadgen reads from disk; expect is the loadgen's expectation ({"status": [...], "contains": ...},
        see loadgen.cpp), which must check what run()'s check() would. Requests 0..count-1 go into a request
        file (written before the measurement starts); the loadgen sends them in order, round-robin over
        `concurrency` keep-alive connections, until `count` were sent or `duration` seconds passed
        (duration <= 0: no time limit), with the same one-connection probe as run().
        period p: make(i) is make(i % p), so only requests 0..min(count, p)-1 are written (the loadgen's
        request i is line i mod the number of lines); this keeps big expectations (a week's hrefs) small."""
        lines = count if not period else min(count, period)
        fd, reqfile = tempfile.mkstemp(prefix="loadgen-", suffix=".jsonl")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                for i in range(lines):
                    method, path, body, headers, expect = make(i)
                    d = {"method": method, "path": path, "headers": headers or {}, "expect": expect}
                    if isinstance(body, tuple):
                        d["body_file"] = body[1]
                    elif body is not None:
                        if isinstance(body, str):
                            body = body.encode()
                        try:
                            d["body"] = body.decode("utf-8")
                        except UnicodeDecodeError:
                            d["body_b64"] = base64.b64encode(body).decode()
                    f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
            cmd = [self.a.loadgen, "--base", self.a.base, "--user", self.a.user, "--password", self.a.password,
                   "--requests", reqfile, "--concurrency", str(concurrency), "--max-requests", str(count),
                   "--duration", str(max(0.0, duration)), "--timeout", str(self.a.timeout)]
            if probe and count > 1:
                cmd += ["--probe", str(SLOW)]
            cpu0 = server_cpu(self.a.pid)
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            cpu1 = server_cpu(self.a.pid)
        finally:
            os.unlink(reqfile)
        if p.returncode != 0:
            raise SystemExit(f"loadgen failed (exit {p.returncode}) on {name}: "
                             f"{p.stderr.decode('utf-8', 'replace').strip()[:2000]}")
        out = json.loads(p.stdout.decode("utf-8", "replace"))
        nreq = out["requests"]
        lg_cpu = out["cpu_s"]  # the loadgen's CPU time from its first request on (reading the file excluded)
        r3 = lambda v: None if v is None else round(v, 3)
        errors = [{"request": f"{e['method']} {e['path']}",
                   "detail": f"{e['detail']}; answer (HTTP {e['status']}) begins {e['body']!r}"[:1500]}
                  for e in out["errors"]]
        res = {"op": name, "requests": nreq, "wall_s": round(out["wall_s"], 3), "rps": round(out["rps"], 2)
               if out["rps"] is not None else None, "concurrency": out["concurrency"],
               "p50_ms": r3(out["p50_ms"]), "p95_ms": r3(out["p95_ms"]), "p99_ms": r3(out["p99_ms"]),
               "max_ms": r3(out["max_ms"]), "wrong": out["wrong"], "errors": errors,
               "server_cpu_ms_per_req": (round((cpu1 - cpu0) * 1000.0 / nreq, 3)
                                         if nreq and cpu0 is not None and cpu1 is not None else None),
               "client_cpu_ms_per_req": round(lg_cpu * 1000.0 / nreq, 3) if nreq else None,
               "client": "loadgen", "answer_bytes": out.get("answer_bytes")}
        log_result(res)
        return res


def log_result(res):
    flag = "ok" if not res["wrong"] else f"WRONG {res['wrong']}/{res['requests']}"
    log(f"  {res['op']:<28} {res['requests']:>6} req {res['rps'] or 0:>9.1f}/s  p50 {fmt(res['p50_ms'])}"
        f"  p95 {fmt(res['p95_ms'])}  p99 {fmt(res['p99_ms'])} ms  cpu/req server "
        f"{fmt(res['server_cpu_ms_per_req'])} client {fmt(res['client_cpu_ms_per_req'])} ms  "
        f"[{res['client']}]  {flag}")
    for e in res["errors"][:1]:
        log(f"      e.g. {e['request']}: {e['detail'][:300]}")


def ms(v):
    return None if v is None else round(v * 1000.0, 3)


def fmt(v):
    return "-" if v is None else f"{v:.1f}"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# -------------------------------------------------------------------------------------- parsing
def member_name(href):
    """Last path segment of an href (absolute URL or path, percent-encoded), '' for a collection."""
    p = unquote(urlsplit(href.strip()).path)
    return "" if p.endswith("/") else p.rsplit("/", 1)[-1]


def parse_ms(data):
    """multistatus -> (list of {href, status, props: {tag: (code, element)}}, sync-token or None)"""
    root = ET.fromstring(data)
    out = []
    for r in root.findall(DAV + "response"):
        hrefs = [h.text or "" for h in r.findall(DAV + "href")]
        st = r.find(DAV + "status")
        props = {}
        for ps in r.findall(DAV + "propstat"):
            code = status_code(ps.findtext(DAV + "status"))
            prop = ps.find(DAV + "prop")
            if prop is not None:
                for el in prop:
                    props[el.tag] = (code, el)
        for h in hrefs:
            out.append({"href": h, "status": status_code(st.text) if st is not None else None, "props": props})
    return out, root.findtext(DAV + "sync-token")


_HREF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?href(?:\s[^>]*)?>([^<]*)</")
_RESP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?response[\s>]")
_TOKEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sync-token(?:\s[^>]*)?>([^<]*)</")


def fast_members(data):
    """Large multistatus answers (PROPFIND/sync of the whole collection): the parser would cost the
    client more CPU than the server spends on the request, so count <response>s and their <href>s by
    pattern (good enough for these answers: one href per response, no nested hrefs in the props asked for).
    -> (number of responses, list of hrefs, sync-token or None)"""
    hrefs = [h.decode("utf-8", "replace").replace("&amp;", "&") for h in _HREF.findall(data)]
    tok = _TOKEN.search(data)
    return len(_RESP.findall(data)), hrefs, (tok.group(1).decode().replace("&amp;", "&") if tok else None)


def status_code(line):
    m = re.search(r"HTTP/\d\.\d\s+(\d{3})", line or "")
    return int(m.group(1)) if m else None


def unfold(text):
    return re.sub(r"\r?\n[ \t]", "", text)


def ical_dt(v):
    v = v.strip()
    if v.endswith("Z"):
        return int(datetime.strptime(v, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp())
    raise ValueError(f"non-UTC date-time in a free-busy answer: {v!r}")


def ical_dur(v):
    m = re.fullmatch(r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", v.strip())
    if not m:
        raise ValueError(f"bad duration {v!r}")
    sign = -1 if m.group(1) == "-" else 1
    w, d, h, mi, s = (int(x or 0) for x in m.groups()[1:])
    return sign * (w * 604800 + d * 86400 + h * 3600 + mi * 60 + s)


def union(intervals):
    out = []
    for s, e in sorted(intervals):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def freebusy_periods(text, a, b):
    """VFREEBUSY text -> {fbtype: merged periods clipped to [a, b)}"""
    per = {}
    for line in unfold(text).splitlines():
        name, _, value = line.partition(":")
        if name.split(";")[0].upper() != "FREEBUSY":
            continue
        fbt = "BUSY"
        for p in name.split(";")[1:]:
            k, _, v = p.partition("=")
            if k.upper() == "FBTYPE":
                fbt = v.upper()
        for period in value.split(","):
            s, _, e = period.partition("/")
            s = ical_dt(s)
            e = s + ical_dur(e) if e.strip().upper().startswith(("P", "+", "-")) else ical_dt(e)
            per.setdefault(fbt, []).append([max(s, a), min(e, b)])
    return {k: union(v) for k, v in per.items()}


def ts(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def short_set(s, k=5):
    s = sorted(s)
    return "{" + ", ".join(s[:k]) + (f", … ({len(s)} in all)" if len(s) > k else "") + "}"


# -------------------------------------------------------------------------------------- dataset
class Dataset:
    def __init__(self, manifest, split):
        self.items = [json.loads(l) for l in open(manifest)]
        self.split = split
        self.by_href = {m["href"]: m for m in self.items}
        self.hrefs = [m["href"] for m in self.items]
        self._text = {}
        for h in self.hrefs:  # read everything up front: the run never touches the disk again
            with open(os.path.join(split, h), "rb") as f:
                self._text[h] = f.read()

    def text(self, href):
        return self._text[href]

    def in_range(self, a, b):
        """(set of hrefs with an instance overlapping [a, b), number of such instances)"""
        hs, n = set(), 0
        for m in self.items:
            k = sum(1 for s, e in m["inst"] if s < b and e > a)
            if k:
                hs.add(m["href"])
                n += k
        return hs, n

    def busy(self, a, b):
        conf, tent = [], []
        for m in self.items:
            if m["transp"] != "OPAQUE" or m["status"] == "CANCELLED":
                continue
            for s, e in m["inst"]:
                if s < b and e > a:
                    (conf if m["status"] == "CONFIRMED" else tent).append([max(s, a), min(e, b)])
        return union(conf), union(conf + tent)


def months():
    out = []
    y, mo = 2025, 1
    for _ in range(24):
        a = datetime(y, mo, 1, tzinfo=timezone.utc)
        y2, mo2 = (y + 1, 1) if mo == 12 else (y, mo + 1)
        out.append((int(a.timestamp()), int(datetime(y2, mo2, 1, tzinfo=timezone.utc).timestamp())))
        y, mo = y2, mo2
    return out


# ---------------------------------------------------------------------------------- benchmark
XML_HDR = {"Content-Type": "application/xml; charset=utf-8"}
ICS_HDR = {"Content-Type": "text/calendar; charset=utf-8"}
NS = 'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"'


def body_query(a, b, expand):
    cd = (f'<C:calendar-data><C:expand start="{ts(a)}" end="{ts(b)}"/></C:calendar-data>' if expand
          else "<C:calendar-data/>")
    return (f'<?xml version="1.0" encoding="utf-8"?><C:calendar-query {NS}><D:prop><D:getetag/>{cd}</D:prop>'
            f'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
            f'<C:time-range start="{ts(a)}" end="{ts(b)}"/></C:comp-filter></C:comp-filter></C:filter>'
            f'</C:calendar-query>')


FLOOR_MIN_BYTES = 1 << 20  # answers from 1 MiB up get a transfer floor (below, the floor is noise)


class PayloadServer:
    """A server that does no work: every HTTP/1.1 request on a kept-alive connection is answered
    200 with the same prebuilt `size` bytes. sendall() runs outside the GIL, so for big answers
    the cost is the kernel's copying, as for any server."""

    def __init__(self, size):
        self.head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {size}\r\n\r\n").encode()
        self.payload = b"x" * size
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        buf = b""
        try:
            while True:
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                need = int(m.group(1)) if m else 0
                while len(buf) < need:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                buf = buf[need:]
                conn.sendall(self.head)
                conn.sendall(self.payload)
        except OSError:
            return
        finally:
            conn.close()

    def close(self):
        self.sock.close()


def transfer_floor(a, size, concurrency, count, duration):
    """p50/p99 (ms) of answers of `size` bytes from PayloadServer, read by the loadgen at
    `concurrency`: what any server on this host would take just to deliver such an answer."""
    server = PayloadServer(size)
    fd, reqfile = tempfile.mkstemp(prefix="floor-", suffix=".jsonl")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(json.dumps({"method": "GET", "path": "/", "expect": {"status": [200]}}) + "\n")
        p = subprocess.run([a.loadgen, "--base", f"http://127.0.0.1:{server.port}", "--requests", reqfile,
                            "--concurrency", str(concurrency), "--max-requests", str(count),
                            "--duration", str(duration), "--timeout", str(a.timeout)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.unlink(reqfile)
        server.close()
    if p.returncode != 0:
        raise SystemExit(f"loadgen failed on the transfer floor: {p.stderr.decode('utf-8', 'replace')[:500]}")
    out = json.loads(p.stdout)
    return out["p50_ms"], out["p99_ms"]


def add_transfer_floors(a, ops):
    """For each operation whose answers average FLOOR_MIN_BYTES or more: the transfer floor at
    its concurrency, with as many requests (at most 200) and the same time limit."""
    for o in ops:
        size = o.get("answer_bytes") or 0
        if size < FLOOR_MIN_BYTES or not o["requests"]:
            continue
        o["floor_p50_ms"], o["floor_p99_ms"] = transfer_floor(a, size, o["concurrency"], min(o["requests"], 200),
                                                              a.duration)
        log(f"[{a.name}] {o['op']}: answers of {size / 1048576:.1f} MiB; transfer floor at concurrency "
            f"{o['concurrency']}: p50 {o['floor_p50_ms']:.1f} ms, p99 {o['floor_p99_ms']:.1f} ms")


def bench_server(a):
    ds = Dataset(a.manifest, a.split)
    n = len(ds.items)
    cal = a.calendar if a.calendar.endswith("/") else a.calendar + "/"
    R = Runner(a)
    results = {"server": a.name, "n": n, "ops": [], "notes": []}
    C, RC = a.concurrency, a.report_concurrency
    cap = min(n, a.max_requests)

    def path(href):
        return cal + quote(href)

    def expect_status(status, ok, data):
        if status not in ok:
            return f"HTTP {status} (expected {'/'.join(map(str, ok))}): {data[:300]!r}"
        return None

    # ---- bulk import: every resource with concurrent PUTs -------------------------------------
    log(f"[{a.name}] import {n} resources ({C} connections)")

    def mk_import(i):
        h = ds.hrefs[i]
        return "PUT", path(h), ds.text(h), dict(ICS_HDR, **{"If-None-Match": "*"})

    def ck_put(i, status, resp, data):
        return expect_status(status, (201, 204), data)

    EXPECT_PUT = {"status": [201, 204]}  # the loadgen's form of ck_put

    def lg_import(i):  # the same PUT; the loadgen reads the body from the split file ds.text() came from
        h = ds.hrefs[i]
        return ("PUT", path(h), ("file", os.path.join(a.split, h)), dict(ICS_HDR, **{"If-None-Match": "*"}),
                EXPECT_PUT)

    if a.loadgen:  # min_requests is 1 there too: with a budget (> 0) it stops at the deadline, else after n
        imp = R.run_loadgen("bulk import (PUT)", lg_import, n, a.import_budget, C, probe=False)
    else:
        imp = R.run("bulk import (PUT)", mk_import, ck_put, n, a.import_budget, C,
                    min_requests=n if a.import_budget <= 0 else 1, probe=False)
    imp["op"] = "import"
    imp["loaded"] = imp["requests"]
    if imp["requests"] < n:
        rate = imp["requests"] / imp["wall_s"]
        imp["extrapolated_s"] = round(n / rate, 1)
        imp["import_s"] = imp["extrapolated_s"]
        note = (f"import stopped after {imp['requests']} PUTs in {imp['wall_s']:.0f} s (budget); time for {n} "
                f"extrapolated at the measured rate (a lower bound: per-PUT cost grows with the collection); the "
                f"rest was loaded through the storage directory")
        results["notes"].append(note)
        log(f"  {note}")
        fast_load(a, ds, imp["requests"])
    else:
        imp["import_s"] = imp["wall_s"]
    results["ops"].append(imp)

    # warm-up (unmeasured): servers that build caches lazily (Radicale) pay for it here
    log(f"[{a.name}] warm-up")
    c = R.client()
    t0 = time.perf_counter()
    st, _, _ = c.request("PROPFIND", cal, '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/>'
                         '</D:prop></D:propfind>', dict(XML_HDR, Depth="1"))
    w0, w1 = EPOCH_START.timestamp(), EPOCH_START.timestamp() + 7 * 86400
    c.request("REPORT", cal, body_query(int(w0), int(w1), False), dict(XML_HDR, Depth="1"))
    results["warmup_s"] = round(time.perf_counter() - t0, 2)
    log(f"  warm-up took {results['warmup_s']} s (PROPFIND {st})")

    rnd = random.Random(7)
    order = list(range(n))
    rnd.shuffle(order)

    # ---- GET ----------------------------------------------------------------------------------
    def mk_get(i):
        return "GET", path(ds.hrefs[order[i % n]]), None, None

    def ck_get(i, status, resp, data):
        m = ds.items[order[i % n]]
        e = expect_status(status, (200,), data)
        if e:
            return e
        if f"UID:{m['uid']}".encode() not in unfold(data.decode("utf-8", "replace")).encode():
            return f"body of {m['href']} lacks UID:{m['uid']}"
        return None

    def lg_get(i):  # ck_get: 200, and the unfolded body has the object's UID line
        m = ds.items[order[i % n]]
        return mk_get(i) + ({"status": [200], "unfold": True, "contains": [f"UID:{m['uid']}"]},)

    if a.loadgen:
        results["ops"].append(R.run_loadgen("GET", lg_get, cap, a.duration, C))
    else:
        results["ops"].append(R.run("GET", mk_get, ck_get, cap, a.duration, C))

    # ---- PROPFIND Depth 1 -----------------------------------------------------------------------
    pf_body = ('<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/>'
               '<D:resourcetype/><D:getcontenttype/></D:prop></D:propfind>')
    all_hrefs = set(ds.hrefs)

    def ck_propfind(i, status, resp, data):
        e = expect_status(status, (207,), data)
        if e:
            return e
        nresp, hrefs, _ = fast_members(data)
        members = {member_name(h) for h in hrefs} - {""}
        if nresp != n + 1 or len(hrefs) != n + 1 or members != all_hrefs:
            return (f"expected {n + 1} responses (collection + {n} members), got {nresp}; "
                    f"missing {short_set(all_hrefs - members)}, unexpected {short_set(members - all_hrefs)}")
        return None

    results["ops"].append(R.run("PROPFIND Depth 1", lambda i: ("PROPFIND", cal, pf_body, dict(XML_HDR, Depth="1")),
                                ck_propfind, cap, a.duration, RC))

    # ---- calendar-query, one week -----------------------------------------------------------------
    weeks = []
    for k in range(WEEKS):
        wa = int((EPOCH_START + timedelta(weeks=(k * 37) % WEEKS)).timestamp())
        weeks.append((wa, wa + 7 * 86400))
    wexp = [ds.in_range(wa, wb) for wa, wb in weeks]
    results["week_expected"] = {"weeks": len(weeks), "hrefs_avg": round(sum(len(h) for h, _ in wexp) / len(wexp), 1),
                                "instances_avg": round(sum(k for _, k in wexp) / len(wexp), 1)}

    def ck_query(expand):
        def check(i, status, resp, data):
            e = expect_status(status, (207,), data)
            if e:
                return e
            wa, wb = weeks[i % len(weeks)]
            hs, ninst = wexp[i % len(weeks)]
            rs, _ = parse_ms(data)
            got = {member_name(r["href"]) for r in rs}
            where = f"week {ts(wa)}..{ts(wb)}"
            if got != hs or len(rs) != len(hs):
                return (f"{where}: expected {len(hs)} hrefs, got {len(rs)}; missing {short_set(hs - got)}, "
                        f"unexpected {short_set(got - hs)}")
            nev = 0
            for r in rs:
                code, el = r["props"].get(CAL + "calendar-data", (None, None))
                if code != 200 or el is None or "BEGIN:VCALENDAR" not in (el.text or ""):
                    return f"{where}: no calendar-data for {r['href']}"
                nev += (el.text or "").count("BEGIN:VEVENT")
            if expand and nev != ninst:
                return f"{where}: expected {ninst} expanded VEVENT instances in {len(hs)} objects, got {nev}"
            return None
        return check

    def mk_query(expand):
        return lambda i: ("REPORT", cal, body_query(*weeks[i % len(weeks)], expand), dict(XML_HDR, Depth="1"))

    hpos = {h: k for k, h in enumerate(ds.hrefs)}

    def lg_query(expand):
        """ck_query for the loadgen (as lg_mg below): exactly len(hs) <response> elements and as many <href>s,
        and for each expected object a response of its own whose href ends in /<name> and which carries
        calendar-data (BEGIN:VCALENDAR). So the hrefs are exactly the expected ones, each once, each with
        calendar-data. With expand, the body has exactly the manifest's number of BEGIN:VEVENT (only
        calendar-data holds them). Groups go in manifest order; the loadgen does not depend on the order."""
        def make(i):
            hs, ninst = wexp[i % len(weeks)]
            groups = [["/" + quote(h) + "<", "BEGIN:VCALENDAR"] for h in sorted(hs, key=hpos.__getitem__)]
            expect = {"status": [207],
                      "elements": [{"name": "response", "n": len(hs), "groups": groups},
                                   {"name": "href", "n": len(hs)}]}
            if expand:
                expect["count"] = [{"text": "BEGIN:VEVENT", "n": ninst}]
            return mk_query(expand)(i) + (expect,)
        return make

    for expand in (False, True):
        op = "calendar-query 1 week" + (" expand" if expand else "")
        if a.loadgen:
            results["ops"].append(R.run_loadgen(op, lg_query(expand), cap, a.duration, RC, period=len(weeks)))
        else:
            results["ops"].append(R.run(op, mk_query(expand), ck_query(expand), cap, a.duration, RC))

    # ---- calendar-multiget, 50 hrefs ----------------------------------------------------------
    def mg_set(i):
        r = random.Random(1000 + i)
        return r.sample(ds.hrefs, min(50, n))

    def mk_mg(i):
        hs = "".join(f"<D:href>{path(h)}</D:href>" for h in mg_set(i))
        return ("REPORT", cal, f'<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget {NS}><D:prop>'
                f'<D:getetag/><C:calendar-data/></D:prop>{hs}</C:calendar-multiget>', dict(XML_HDR, Depth="1"))

    def ck_mg(i, status, resp, data):
        e = expect_status(status, (207,), data)
        if e:
            return e
        want = set(mg_set(i))
        rs, _ = parse_ms(data)
        got = {member_name(r["href"]) for r in rs}
        if got != want or len(rs) != len(want):
            return f"expected {len(want)} hrefs, got {len(rs)}; missing {short_set(want - got)}"
        for r in rs:
            code, el = r["props"].get(CAL + "calendar-data", (None, None))
            uid = ds.by_href[member_name(r["href"])]["uid"]
            if code != 200 or el is None or f"UID:{uid}" not in unfold(el.text or ""):
                return f"calendar-data of {r['href']} missing or lacks UID:{uid}"
        return None

    def lg_mg(i):
        """ck_mg for the loadgen: exactly len(want) <response> elements and as many <href>s (any prefix),
        and for each wanted object a response of its own whose href ends in /<name> and whose body (its
        calendar-data: unfolded) has UID:<uid>. So the hrefs are exactly the wanted ones, each once, each
        with its own object's data."""
        want = mg_set(i)
        groups = [["/" + quote(h) + "<", f"UID:{ds.by_href[h]['uid']}"] for h in want]
        expect = {"status": [207], "unfold": True,
                  "elements": [{"name": "response", "n": len(want), "groups": groups},
                               {"name": "href", "n": len(want)}]}
        return mk_mg(i) + (expect,)

    if a.loadgen:
        results["ops"].append(R.run_loadgen("calendar-multiget 50", lg_mg, cap, a.duration, RC))
    else:
        results["ops"].append(R.run("calendar-multiget 50", mk_mg, ck_mg, cap, a.duration, RC))

    # ---- free-busy-query, one month -------------------------------------------------------------
    mons = months()
    mexp = [ds.busy(ma, mb) for ma, mb in mons]

    def mk_fb(i):
        ma, mb = mons[(i * 7) % len(mons)]
        return ("REPORT", cal, f'<?xml version="1.0" encoding="utf-8"?><C:free-busy-query {NS}>'
                f'<C:time-range start="{ts(ma)}" end="{ts(mb)}"/></C:free-busy-query>', dict(XML_HDR, Depth="1"))

    def ck_fb(i, status, resp, data):
        e = expect_status(status, (200,), data)
        if e:
            return e
        k = (i * 7) % len(mons)
        ma, mb = mons[k]
        conf, allb = mexp[k]
        text = data.decode("utf-8", "replace")
        if "BEGIN:VFREEBUSY" not in text:
            return f"no VFREEBUSY in answer: {text[:200]!r}"
        per = freebusy_periods(text, ma, mb)
        got_all = union([p for t, ps in per.items() if t != "FREE" for p in ps])
        got_busy = per.get("BUSY", [])
        where = f"month {ts(ma)}..{ts(mb)}"
        if got_all != allb:
            sec = lambda u: sum(e - s for s, e in u)
            return (f"{where}: busy time (BUSY+BUSY-TENTATIVE) expected {len(allb)} merged periods / "
                    f"{sec(allb) // 60} min, got {len(got_all)} / {sec(got_all) // 60} min")
        if got_busy != conf:
            return (f"{where}: FBTYPE=BUSY (STATUS:CONFIRMED) expected {len(conf)} merged periods, got "
                    f"{len(got_busy)}; FBTYPEs seen {sorted(per)}")
        return None

    def lg_fb(i):
        """ck_fb for the loadgen: 200, BEGIN:VFREEBUSY, and its "freebusy" expectation (loadgen.cpp), which
        reads the FREEBUSY lines as freebusy_periods() does and compares the same two unions exactly."""
        k = (i * 7) % len(mons)
        ma, mb = mons[k]
        conf, allb = mexp[k]
        expect = {"status": [200], "contains": ["BEGIN:VFREEBUSY"],
                  "freebusy": {"start": ma, "end": mb, "busy": allb, "confirmed": conf}}
        return mk_fb(i) + (expect,)

    if a.loadgen:
        results["ops"].append(R.run_loadgen("free-busy-query 1 month", lg_fb, cap, a.duration, RC,
                                            period=len(mons)))
    else:
        results["ops"].append(R.run("free-busy-query 1 month", mk_fb, ck_fb, cap, a.duration, RC))

    # ---- sync-collection: initial -------------------------------------------------------------
    def sync_body(token):
        tok = f"<D:sync-token>{token}</D:sync-token>" if token else "<D:sync-token/>"
        return (f'<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:">{tok}'
                f'<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>')

    tokens = []

    def ck_sync_init(i, status, resp, data):
        e = expect_status(status, (207,), data)
        if e:
            return e
        nresp, hrefs, tok = fast_members(data)
        members = {member_name(h) for h in hrefs} - {""}
        nm = sum(1 for h in hrefs if member_name(h))
        if nresp != len(hrefs):
            return f"{nresp} responses but {len(hrefs)} hrefs"
        if not tok:
            return "no DAV:sync-token in the answer"
        tokens.append(tok)
        if members != all_hrefs or nm != n:
            return (f"expected {n} members, got {nm}; missing {short_set(all_hrefs - members)}, "
                    f"unexpected {short_set(members - all_hrefs)}")
        return None

    results["ops"].append(R.run("sync-collection initial", lambda i: ("REPORT", cal, sync_body(None),
                                                                      dict(XML_HDR, Depth="0")),
                                ck_sync_init, cap, a.duration, RC))
    token = tokens[-1] if tokens else None

    # ---- a few changes, then incremental sync -----------------------------------------------------
    singles = [m for m in ds.items if m["kind"] == "single"]
    mod, dele = singles[:3], singles[3:5]
    changes_ok = True
    added = []
    for m in mod:
        body = ds.text(m["href"]).replace(b"SUMMARY:", b"SUMMARY:[changed] ", 1)
        st, _, d = c.request("PUT", path(m["href"]), body, ICS_HDR)
        changes_ok &= st in (200, 201, 204)
    for m in dele:
        st, _, d = c.request("DELETE", path(m["href"]), None, None)
        changes_ok &= st in (200, 204)
    for k in range(5):
        src = ds.items[k]
        uid = f"bench-sync-{k}-{src['uid']}"
        body = ds.text(src["href"]).replace(f"UID:{src['uid']}".encode(), f"UID:{uid}".encode())
        st, _, d = c.request("PUT", path(uid + ".ics"), body, dict(ICS_HDR, **{"If-None-Match": "*"}))
        changes_ok &= st in (201, 204)
        added.append(uid + ".ics")
    if not changes_ok:
        results["notes"].append("some of the 10 changes before the incremental sync were refused")
    changed = {m["href"] for m in mod} | set(added)
    deleted = {m["href"] for m in dele}

    def ck_sync_inc(i, status, resp, data):
        if token is None:
            return "no sync-token from the initial sync"
        e = expect_status(status, (207,), data)
        if e:
            return e
        rs, tok = parse_ms(data)
        got = {member_name(r["href"]) for r in rs}
        want = changed | deleted
        if got != want or len(rs) != len(want):
            return (f"expected the {len(want)} changed members, got {len(rs)} responses; missing "
                    f"{short_set(want - got)}, unexpected {short_set(got - want)}")
        for r in rs:
            if member_name(r["href"]) in deleted and r["status"] != 404:
                return f"deleted {r['href']} reported with status {r['status']}, expected 404"
        return None

    results["ops"].append(R.run("sync-collection incremental", lambda i: ("REPORT", cal, sync_body(token),
                                                                          dict(XML_HDR, Depth="0")),
                                ck_sync_inc, cap, a.duration, RC))

    # ---- PUT new objects ------------------------------------------------------------------------
    def mk_put(i):
        src = ds.items[order[i % n]]
        uid = f"bench-put-{i}-{src['uid']}"
        body = ds.text(src["href"]).replace(f"UID:{src['uid']}".encode(), f"UID:{uid}".encode())
        return "PUT", path(uid + ".ics"), body, dict(ICS_HDR, **{"If-None-Match": "*"})

    if a.loadgen:
        results["ops"].append(R.run_loadgen("PUT new", lambda i: mk_put(i) + (EXPECT_PUT,), cap, a.duration, C))
    else:
        results["ops"].append(R.run("PUT new", mk_put, ck_put, cap, a.duration, C))
    sizes = [len(mk_put(i)[2]) for i in range(results["ops"][-1]["requests"] or 1)]
    results["ops"][-1]["body_bytes"] = sum(sizes) // len(sizes)
    if a.booking:
        bench_booking(a, R, ds, c, results, cap)
    c.close()

    # ---- memory -------------------------------------------------------------------------------
    if a.pid:
        results["rss"] = proc_mem(a.pid)
        log(f"[{a.name}] peak RSS {results['rss'].get('VmHWM_kB', 0) / 1024:.1f} MiB")
    if a.transfer_floor:
        add_transfer_floors(a, results["ops"])
    with open(a.json, "w") as f:
        json.dump(results, f, indent=1)


BOOKING_NS = "urn:caldavd:booking"
BOOKING_ON = ('<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:B="urn:caldavd:booking">'
              '<D:set><D:prop><B:booking-rules-enabled>true</B:booking-rules-enabled></D:prop></D:set>'
              '</D:propertyupdate>')
DT_LINE = re.compile(rb"^(DTSTART|DTEND)([;:][^\r\n]*)\r?$", re.M)


def at_time(body, start, end):
    """`body` (one single VEVENT) moved to [start, end): its DTSTART and DTEND lines (not the VTIMEZONE's)
    are rewritten, in the event's own TZID if it has one, else in UTC. Other lines are kept."""
    head, sep, event = body.partition(b"BEGIN:VEVENT")

    def repl(mo):
        name, rest = mo.group(1), mo.group(2).decode()
        epoch = start if name == b"DTSTART" else end
        tz = re.search(r";TZID=([^;:]+)", rest)
        if tz:
            from zoneinfo import ZoneInfo
            v = datetime.fromtimestamp(epoch, ZoneInfo(tz.group(1))).strftime("%Y%m%dT%H%M%S")
            return f"{name.decode()};TZID={tz.group(1)}:{v}".encode() + (b"\r" if mo.group(0).endswith(b"\r") else b"")
        return f"{name.decode()}:{ts(epoch)}".encode() + (b"\r" if mo.group(0).endswith(b"\r") else b"")

    return head + sep + DT_LINE.sub(repl, event)


def bench_booking(a, R, ds, c, results, cap):
    """caldavd only (urn:caldavd:booking; the peers have no booking rules). A second calendar of the
    benchmark's owner, made bookable by PROPPATCH after a control run; the owner's 10k dataset
    appointments (all opaque calendars count) are what each booking is checked against.
      PUT new, plain (booking bodies): the control. The same bodies into the same calendar before it
          is bookable, each in its own free slot.
      booking PUT, free slot: new bookings after the dataset's last instance, one per slot; 201.
      booking PUT, free hour between appointments: new one-hour bookings in the free hours between the
          dataset's future busy instances (back-to-back with them or near them); 201.
      booking PUT, busy slot: new bookings exactly on a future busy instance of the dataset; 403
          slot-unavailable (nothing is committed, so the slots stay busy and repeat).
    Bodies are the dataset's single timed, opaque, not cancelled events (its own VTIMEZONE and TZID
    kept) with only DTSTART/DTEND moved."""
    C = a.concurrency
    home = a.calendar.rstrip("/").rsplit("/", 1)[0] + "/"
    bcal = home + "booking/"
    st, _, d = c.request("MKCALENDAR", bcal, None, None)
    if st != 201:
        raise SystemExit(f"[{a.name}] MKCALENDAR {bcal}: HTTP {st} {d[:300]!r}")
    src = [m for m in ds.items if m["kind"] == "single" and len(m["inst"]) == 1 and m["transp"] == "OPAQUE"
           and m["status"] != "CANCELLED" and m["inst"][0][1] - m["inst"][0][0] <= 2 * 3600]
    random.Random(7).shuffle(src)
    step = 2 * 3600  # as long as the longest source event: slots never overlap (both ranges end within the index horizon)
    week = 7 * 86400
    far = (max(e for m in ds.items for _, e in m["inst"]) // week + 1) * week  # after the dataset's last instance
    ctl0, book0 = far, far + cap * step + week
    ctx = {"now": time.time()}

    def body_at(i, start, uid):
        m = src[i % len(src)]
        dur = m["inst"][0][1] - m["inst"][0][0]
        b = ds.text(m["href"]).replace(f"UID:{m['uid']}".encode(), f"UID:{uid}".encode())
        return at_time(b, start, start + dur)

    def mk(prefix, base):
        def make(i):
            uid = f"bench-{prefix}-{i}"
            return ("PUT", bcal + uid + ".ics", body_at(i, base + i * step, uid),
                    dict(ICS_HDR, **{"If-None-Match": "*"}), {"status": [201, 204]})
        return make

    busy = sorted((s, e) for m in ds.items if m["transp"] == "OPAQUE" and m["status"] != "CANCELLED"
                  for s, e in m["inst"] if s > ctx["now"] + 6 * 3600 and e - s <= 4 * 3600)

    # free hours between the dataset's future appointments: each booking there is back-to-back with,
    # or within a day of, the owner's existing busy instances (the check reads them all)
    gaps, cur = [], ctx["now"] + 6 * 3600
    for s_, e_ in sorted((s, e) for m in ds.items if m["transp"] == "OPAQUE" and m["status"] != "CANCELLED"
                         for s, e in m["inst"] if e > cur):
        if s_ > cur:
            gaps.append((cur, s_))
        cur = max(cur, e_)
    between = [a_ + k * 3600 for a_, b_ in gaps for k in range(int(b_ - a_) // 3600)]

    def mk_between(i):
        uid = f"bench-between-{i}"
        m = src[i % len(src)]
        b = ds.text(m["href"]).replace(f"UID:{m['uid']}".encode(), f"UID:{uid}".encode())
        return ("PUT", bcal + uid + ".ics", at_time(b, between[i], between[i] + 3600),
                dict(ICS_HDR, **{"If-None-Match": "*"}), {"status": [201, 204]})

    def mk_refused(i):
        s, e = busy[i % len(busy)]
        m = src[i % len(src)]
        uid = f"bench-refused-{i}"
        b = ds.text(m["href"]).replace(f"UID:{m['uid']}".encode(), f"UID:{uid}".encode())
        return ("PUT", bcal + uid + ".ics", at_time(b, s, e), dict(ICS_HDR, **{"If-None-Match": "*"}),
                {"status": [403], "contains": ["slot-unavailable"]})

    def run(name, make, period=None, count=cap):
        if a.loadgen:
            o = R.run_loadgen(name, make, count, a.duration, C, period=period)
        else:
            def ck(i, status, resp, data, exp=make):
                e = exp(i)[4]
                if status not in e["status"]:
                    return f"HTTP {status} (expected {e['status']}): {data[:300]!r}"
                if any(t.encode() not in data for t in e.get("contains", [])):
                    return f"answer lacks {e['contains']}: {data[:300]!r}"
                return None
            o = R.run(name, lambda i: make(i)[:4], ck, count, a.duration, C)
        sizes = [len(make(i)[2]) for i in range(min(count, o["requests"] or 1))]
        o["body_bytes"] = sum(sizes) // len(sizes)
        results["ops"].append(o)
        return o

    log(f"[{a.name}] booking: {len(src)} source events, {len(busy)} future busy instances of the dataset, "
        f"{len(between)} free hours between them; "
        f"control slots from {ts(ctl0)}, bookings from {ts(book0)}")
    run("PUT new, plain (booking bodies)", mk("plain", ctl0))
    st, _, d = c.request("PROPPATCH", bcal, BOOKING_ON, XML_HDR)
    if st != 207 or b"200" not in d:
        raise SystemExit(f"[{a.name}] PROPPATCH booking-rules-enabled on {bcal}: HTTP {st} {d[:300]!r}")
    # one refusal first, unmeasured: the calendar really is bookable and the refusal names its rule
    st, _, d = c.request(*mk_refused(cap)[:4])
    if st != 403 or BOOKING_NS.encode() not in d:
        raise SystemExit(f"[{a.name}] a booking on a busy slot was not refused: HTTP {st} {d[:300]!r}")
    run("booking PUT, free slot", mk("booked", book0))
    if between:
        run("booking PUT, free hour between appointments", mk_between, count=min(cap, len(between)))
    run("booking PUT, busy slot (403)", mk_refused, period=len(busy))
    if a.organizer:
        bench_invitation(a, ds, src, far + 2 * cap * step + 2 * week, step, run)


ATTENDEE_LINES = re.compile(rb"^(ORGANIZER|ATTENDEE)[;:][^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*", re.M)


def bench_invitation(a, ds, src, base, step, run):
    """An invitation to a bookable principal with the dataset's appointments (issue 12): the
    benchmark's user is made bookable (caldavd principal set USER --auto-schedule automatic,
    by run.sh) and a second user, the organizer, invites it. Each invitation is checked by the
    booking rules against the user's 10k appointments and answered in the organizer's PUT.
      PUT new, organizer (no attendees): the control, the same bodies without ORGANIZER and
          ATTENDEE into the organizer's calendar.
      invitation PUT, bookable principal (accepted): the same bodies inviting the principal in
          free slots after the dataset; 201, the principal's copy written, the REPLY applied."""
    user, password = a.user, a.password
    org_user, org_password = a.organizer.split(":", 1)
    org_cal = f"/calendars/{org_user}/calendar/"
    principal = f"mailto:{user}@localhost"

    def body(i, start, uid, invite):
        m = src[i % len(src)]
        dur = m["inst"][0][1] - m["inst"][0][0]
        b = ATTENDEE_LINES.sub(b"", ds.text(m["href"]).replace(f"UID:{m['uid']}".encode(), f"UID:{uid}".encode()))
        b = at_time(b, start, start + dur)
        if invite:
            lines = (f"ORGANIZER:mailto:{org_user}@localhost\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:{org_user}@localhost"
                     f"\r\nATTENDEE;CUTYPE=INDIVIDUAL;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:{principal}\r\n").encode()
            head, sep, rest = b.partition(b"END:VEVENT")
            b = head + lines + sep + rest
        return b

    def mk(prefix, start0, invite):
        def make(i):
            uid = f"bench-{prefix}-{i}"
            return ("PUT", org_cal + uid + ".ics", body(i, start0 + i * step, uid, invite),
                    dict(ICS_HDR, **{"If-None-Match": "*"}), {"status": [201]})
        return make

    a.user, a.password = org_user, org_password
    try:
        # one invitation first, unmeasured: the principal really answers (ACCEPTED in the copy)
        c = Client(a.base, org_user, org_password, a.timeout)
        probe = mk("invite-probe", base, True)(0)
        st, _, d = c.request(*probe[:4])
        st2, _, copy = c.request("GET", probe[1], None, None)
        c.close()
        line = next((x for x in copy.replace(b"\r\n ", b"").split(b"\r\n") if principal.encode() in x), b"")
        if st != 201 or st2 != 200 or b"PARTSTAT=ACCEPTED" not in line:
            raise SystemExit(f"[{a.name}] an invitation to {principal} was not accepted: PUT {st}, GET {st2}: {copy[:600]!r}")
        run("PUT new, organizer (no attendees)", mk("org-plain", base + step, False))
        run("invitation PUT, bookable principal (accepted)", mk("invite", base + step * (len(src) + 10), True))
    finally:
        a.user, a.password = user, password


def server_cpu(pids):
    """user+system CPU seconds of the server process(es), threads included; None if unknown."""
    if not pids:
        return None
    tot, tick = 0.0, os.sysconf("SC_CLK_TCK")
    try:
        for p in str(pids).split(","):
            f = open(f"/proc/{int(p)}/stat").read().rsplit(")", 1)[1].split()
            tot += (int(f[11]) + int(f[12])) / tick  # utime, stime (fields 14, 15)
    except (OSError, ValueError, IndexError):
        return None
    return tot


def proc_mem(pids):
    """VmHWM/VmRSS summed over the given PIDs and their children (servers may fork workers)."""
    tot = {"VmHWM_kB": 0, "VmRSS_kB": 0}
    seen = set()
    todo = [int(p) for p in str(pids).split(",") if p]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in open(f"/proc/{p}/status"):
                k, _, v = line.partition(":")
                if k + "_kB" in tot:
                    tot[k + "_kB"] += int(v.split()[0])
            kids = open(f"/proc/{p}/task/{p}/children").read().split()
            todo += [int(k) for k in kids]
        except OSError:
            pass
    tot["pids"] = sorted(seen)
    return tot


def fast_load(a, ds, done):
    """Loads the resources the PUT budget did not reach straight into a peer's storage directory."""
    if not a.fast_load:
        raise SystemExit(f"[{a.name}] import incomplete and no --fast-load given")
    kind, _, d = a.fast_load.partition(":")
    t0 = time.perf_counter()
    for h in ds.hrefs[done:]:
        dst = os.path.join(d, h)
        if not os.path.exists(dst):
            with open(dst, "wb") as f:
                f.write(ds.text(h))
    if kind == "xandikos":
        git = ["git", "-C", d, "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run(git + ["add", "-A", "."], check=True)
        subprocess.run(git + ["commit", "-q", "-m", "bench: bulk load"], check=True)
    elif kind != "radicale":
        raise SystemExit(f"unknown --fast-load kind {kind}")
    log(f"  loaded {len(ds.hrefs) - done} resources into {d} in {time.perf_counter() - t0:.1f} s")


# --------------------------------------------------------------------------------------- report
TARGET_RATIO = {"calendar-query 1 week": 1000, "calendar-query 1 week expand": 1000,
                "free-busy-query 1 month": 1000, "sync-collection incremental": 1000,
                "GET": 50, "PUT new": 50, "calendar-multiget 50": 50}


def report(a):
    runs = [json.load(open(p)) for p in a.results]
    main = next((r for r in runs if r["server"].startswith("caldavd")), None)
    if main is None:
        raise SystemExit("no caldavd result")
    peers = [r for r in runs if r is not main]
    n = main["n"]
    L = []
    L.append(f"# CalDAV benchmark, {n} events ({a.date})\n")
    if a.env:
        L.append(a.env + "\n")
    L.append("Every answer is checked against the dataset manifest; `WRONG k/m` means k of m answers were "
             "wrong (see the details below). Latencies in ms (client side, request sent to answer read); "
             "throughput in requests/s at the given concurrency; server CPU = the server process's user+system "
             "CPU time during the operation ÷ requests (less sensitive to the shared host than latency).\n")
    L.append("| operation | server | conc. | requests | req/s | p50 | p95 | p99 | server CPU ms/req | answers |")
    L.append("|---|---|--:|--:|--:|--:|--:|--:|--:|---|")
    ops = [o["op"] for o in main["ops"]]
    byname = {r["server"]: {o["op"]: o for o in r["ops"]} for r in runs}
    for op in ops:
        for r in runs:
            o = byname[r["server"]].get(op)
            if not o:
                continue
            ok = "ok" if not o["wrong"] else f"**WRONG {o['wrong']}/{o['requests']}**"
            c = o.get("server_cpu_ms_per_req")
            cpu = "-" if c is None else (f"{c:.2f}" if c < 10 else f"{c:.0f}")
            if op == "import":
                extra = f" ({o['import_s']} s for {n}" + (", extrapolated" if "extrapolated_s" in o else "") + ")"
                L.append(f"| import (concurrent PUT) | {r['server']} | {o['concurrency']} | {o['requests']} | "
                         f"{o['rps']}{extra} | {fmt(o['p50_ms'])} | {fmt(o['p95_ms'])} | {fmt(o['p99_ms'])} | {cpu} | {ok} |")
            else:
                L.append(f"| {op} | {r['server']} | {o['concurrency']} | {o['requests']} | {o['rps']} | "
                         f"{fmt(o['p50_ms'])} | {fmt(o['p95_ms'])} | {fmt(o['p99_ms'])} | {cpu} | {ok} |")
    L.append("")
    if peers:
        L.append("Ratios: **thr** = caldavd req/s ÷ peer req/s, **p50** = peer p50 ÷ caldavd p50 (higher is better "
                 "for caldavd; `(peer wrong)` = the peer's answers were wrong, so its figure is not comparable). "
                 "Target = the issue's minimum factor against Radicale.\n")
        hdr = "| operation | " + " | ".join(f"thr ×{p['server']} | p50 ×{p['server']}" for p in peers) + " | target | met |"
        L.append(hdr)
        L.append("|---|" + "--:|--:|" * len(peers) + "--:|---|")
        for op in ops:
            if not any(op in byname[p["server"]] for p in peers):
                continue  # caldavd only (the booking PUTs)
            cells = []
            mo = byname[main["server"]][op]
            met = ""
            tgt = TARGET_RATIO.get(op)
            for p in peers:
                po = byname[p["server"]].get(op)
                if not po or not po["rps"] or not mo["rps"] or not po["p50_ms"] or not mo["p50_ms"]:
                    cells.append("- | -")
                    continue
                thr = mo["rps"] / po["rps"]
                lat = po["p50_ms"] / mo["p50_ms"]
                w = " (peer wrong)" if po["wrong"] else ""
                cells.append(f"{thr:.1f}{w} | {lat:.1f}")
                if tgt and p["server"].startswith("radicale"):
                    met = ("yes" if thr >= tgt else "no") + (" (caldavd wrong)" if mo["wrong"] else "")
            L.append(f"| {op} | " + " | ".join(cells) + f" | {('≥' + str(tgt) + '×') if tgt else ''} | {met} |")
        L.append("")
    booking = [o for o in main["ops"] if o["op"].startswith("booking PUT")]
    if booking:
        plain = byname[main["server"]].get("PUT new")
        ctl = byname[main["server"]].get("PUT new, plain (booking bodies)")
        L.append("Booking rules (caldavd only: Radicale and Xandikos have no booking rules). A second calendar of "
                 f"the same owner, made bookable by PROPPATCH; each booking is checked against the owner's {n} "
                 "dataset appointments. Ratio = booking PUT ÷ plain PUT (lower is better; the issue's target is "
                 "≤ 2×), against the benchmark's PUT new and against the control (the same bodies into the same "
                 "calendar before it was bookable). The verdict is on p50 and server CPU.\n")
        L.append("| operation | body bytes | p50 | p99 | server CPU ms/req | ÷ PUT new: p50 / p99 / CPU | "
                 "÷ control: p50 / p99 / CPU | ≤ 2× |")
        L.append("|---|--:|--:|--:|--:|--:|--:|---|")

        def ratio(o, base):
            if not base:
                return ["-"] * 3
            out = []
            for k in ("p50_ms", "p99_ms", "server_cpu_ms_per_req"):
                out.append(f"{o[k] / base[k]:.2f}" if o.get(k) and base.get(k) else "-")
            return out

        for o in [x for x in (plain, ctl) if x] + booking:
            c = o.get("server_cpu_ms_per_req")
            cells = [f"{o.get('body_bytes', '-')}", fmt(o["p50_ms"]), fmt(o["p99_ms"]),
                     "-" if c is None else f"{c:.2f}"]
            if o in booking:
                r1, r2 = ratio(o, plain), ratio(o, ctl)
                # the verdict is on cost: p50 and server CPU (p99 is the shared host's and the group commit's)
                worst = max((float(x) for x in (r1[0], r1[2], r2[0], r2[2]) if x != "-"), default=None)
                ok = "-" if worst is None else ("yes" if worst <= 2 else "**no**")
                cells += [" / ".join(r1), " / ".join(r2), ok]
            else:
                cells += ["", "", ""]
            L.append(f"| {o['op']} | " + " | ".join(cells) + " |")
        L.append("")
    invite = byname[main["server"]].get("invitation PUT, bookable principal (accepted)")
    org = byname[main["server"]].get("PUT new, organizer (no attendees)")
    if invite and org:
        L.append("Invitations (caldavd only, issue 12): the benchmark's user, holding the dataset, is a bookable "
                 "principal (auto-schedule automatic); a second user invites it, each invitation in a free slot. "
                 "The organizer's PUT answers after the principal's booking rules checked the slot against its "
                 f"{n} appointments, its copy was written and its REPLY applied. Ratio = invitation PUT ÷ the same "
                 "bodies without ORGANIZER/ATTENDEE (lower is better; the issue's target is ≤ 2×, on p50 and CPU).\n")
        plain = byname[main["server"]].get("PUT new")
        L.append("| operation | p50 | p99 | server CPU ms/req | ÷ same bodies: p50 / p99 / CPU | ≤ 2× | "
                 "÷ PUT new: p50 / p99 / CPU | ≤ 2× |")
        L.append("|---|--:|--:|--:|--:|---|--:|---|")

        def versus(o, base):
            if not base:
                return ["-", "-"]
            r = [f"{o[k] / base[k]:.2f}" if o.get(k) and base.get(k) else "-"
                 for k in ("p50_ms", "p99_ms", "server_cpu_ms_per_req")]
            worst = max((float(x) for x in (r[0], r[2]) if x != "-"), default=None)
            return [" / ".join(r), "-" if worst is None else ("yes" if worst <= 2 else "**no**")]

        for o in [x for x in (plain, org) if x] + [invite]:
            c = o.get("server_cpu_ms_per_req")
            cells = [fmt(o["p50_ms"]), fmt(o["p99_ms"]), "-" if c is None else f"{c:.2f}"]
            cells += versus(o, org) + versus(o, plain) if o is invite else ["", "", "", ""]
            L.append(f"| {o['op']} | " + " | ".join(cells) + " |")
        L.append("")
    L.append("| server | peak RSS (VmHWM) | RSS at end | import time | warm-up |")
    L.append("|---|--:|--:|--:|--:|")
    for r in runs:
        rss = r.get("rss", {})
        imp = byname[r["server"]]["import"]
        L.append(f"| {r['server']} | {rss.get('VmHWM_kB', 0) / 1024:.1f} MiB | {rss.get('VmRSS_kB', 0) / 1024:.1f} MiB | "
                 f"{imp['import_s']} s{' (extrapolated)' if 'extrapolated_s' in imp else ''} | {r.get('warmup_s')} s |")
    L.append("")
    floors = [o for o in main["ops"] if o.get("floor_p99_ms") is not None]
    if floors:
        L.append("Transfer floor: each caldavd answer of 1 MiB or more (on average) sent again by a server that "
                 "does no work (bench.py's PayloadServer: the same number of bytes, prebuilt), read by the "
                 "loadgen at the same concurrency without checks. No server can deliver such answers faster on "
                 "this host.\n")
        L.append("| operation | conc. | answer size | floor p50 | floor p99 | caldavd p50 | caldavd p99 |")
        L.append("|---|--:|--:|--:|--:|--:|--:|")
        for o in floors:
            L.append(f"| {o['op']} | {o['concurrency']} | {o['answer_bytes'] / 1048576:.1f} MiB | "
                     f"{fmt(o['floor_p50_ms'])} | {fmt(o['floor_p99_ms'])} | {fmt(o['p50_ms'])} | {fmt(o['p99_ms'])} |")
        L.append("")
    # targets (caldavd itself)
    mo = byname[main["server"]]
    worst = max((o["p99_ms"] or 0) for o in main["ops"] if o["op"] != "import")
    hwm = main.get("rss", {}).get("VmHWM_kB", 0) / 1024
    L.append("Absolute targets for caldavd:\n")
    L.append(f"- p99 < 25 ms for every operation at 100k: worst p99 in this run {worst:.1f} ms "
             f"({'met' if worst < 25 else 'NOT met'}{'' if n >= 100000 else f', measured at n={n}, not 100k'})")
    beyond = [o for o in floors if o["floor_p99_ms"] >= 25]
    if beyond:
        L.append("  - out of reach on this host (transfer floor p99 of 25 ms or more): " +
                 ", ".join(f"{o['op']} (floor p99 {o['floor_p99_ms']:.1f} ms)" for o in beyond))
        rest = [o for o in main["ops"] if o["op"] != "import" and o not in beyond]
        if rest:
            w = max(rest, key=lambda o: o["p99_ms"] or 0)
            L.append(f"  - worst p99 of the other operations: {w['op']}, {w['p99_ms']:.1f} ms "
                     f"({'met' if (w['p99_ms'] or 0) < 25 else 'NOT met'})")
    L.append(f"- peak RSS < 100 MB: {hwm:.1f} MiB ({'met' if hwm * 1.048576 < 100 else 'NOT met'})")
    it = mo["import"]["import_s"]
    L.append(f"- 10k import < 10 s: {it} s for {n} ({'met' if it < 10 else 'NOT met'}"
             f"{'' if n == 10000 else ', n is not 10k'})")
    L.append("")
    bad = [(r["server"], o) for r in runs for o in r["ops"] if o["wrong"]]
    notes = [(r["server"], x) for r in runs for x in r.get("notes", [])]
    if bad or notes:
        L.append("## Wrong answers and notes\n")
        for s, o in bad:
            L.append(f"- **{s}**, {o['op']}: {o['wrong']} of {o['requests']} answers wrong")
            for e in o["errors"]:
                L.append(f"  - `{e['request']}`: {e['detail'][:600]}")
        for s, x in notes:
            L.append(f"- {s}: {x}")
        L.append("")
    text = "\n".join(L)
    print(text)
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w") as f:
            f.write(text)
    if any(o["wrong"] for o in main["ops"]):
        log("caldavd answered wrongly: failing the run")
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--name", required=True)
    r.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    r.add_argument("--calendar", required=True, help="calendar collection path")
    r.add_argument("--user", default="bench")
    r.add_argument("--password", default="pw")
    r.add_argument("--manifest", required=True)
    r.add_argument("--split", required=True)
    r.add_argument("--json", required=True)
    r.add_argument("--pid", help="server PID(s), comma-separated, for VmHWM")
    r.add_argument("--concurrency", type=int, default=16)
    r.add_argument("--report-concurrency", type=int, default=4)
    r.add_argument("--max-requests", type=int, default=2000)
    r.add_argument("--duration", type=float, default=10.0, help="seconds per operation")
    r.add_argument("--import-budget", type=float, default=0, help="seconds for the import PUTs (0 = all)")
    r.add_argument("--fast-load", help="radicale:DIR or xandikos:DIR (collection dir) for what the budget missed")
    r.add_argument("--timeout", type=float, default=300.0, help="per-request socket timeout")
    r.add_argument("--loadgen", help="path of caldav_loadgen (bench/loadgen): it then makes the import, GET, "
                   "calendar-query (plain and expand), calendar-multiget, free-busy-query and PUT requests "
                   "instead of this script's threads")
    r.add_argument("--organizer", help="USER:PASSWORD of a second user who invites the (bookable) benchmark user "
                   "(with --booking; issue 12)")
    r.add_argument("--booking", action="store_true",
                   help="also measure booking PUTs (caldavd's urn:caldavd:booking rules) against a plain PUT of "
                   "the same bodies, in a second calendar of the same owner")
    r.add_argument("--transfer-floor", action="store_true",
                   help="after the operations, measure the transfer floor of every answer of 1 MiB or more "
                   "(needs --loadgen)")
    p = sub.add_parser("report")
    p.add_argument("--out")
    p.add_argument("--date", default=datetime.now().strftime("%Y-%m-%d"))
    p.add_argument("--env", default="")
    p.add_argument("results", nargs="+")
    a = ap.parse_args()
    if a.cmd == "run":
        if a.loadgen and not (os.path.isfile(a.loadgen) and os.access(a.loadgen, os.X_OK)):
            raise SystemExit(f"--loadgen {a.loadgen}: not an executable file")
        if a.transfer_floor and not a.loadgen:
            raise SystemExit("--transfer-floor needs --loadgen")
        bench_server(a)
        return 0
    return report(a)


if __name__ == "__main__":
    sys.exit(main())
