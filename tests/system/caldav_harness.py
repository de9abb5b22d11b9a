"""Test harness for system tests: start/stop/kill a real caldavd, make storage, talk HTTP.

Stdlib only; run with Debian's /usr/bin/python3. The environment (set by ctest through
caldav_add_backend_test in tests/CMakeLists.txt) names the pieces:
  CALDAVD              server binary
  CALDAV_TEST_STORAGE  sqlite | postgresql
  CALDAV_PG_URL_FILE   file holding the test PostgreSQL cluster's URL (postgresql backend)
  CALDAV_SOURCE_DIR    source tree
Only processes this harness started are ever signalled, and only by their PID.
"""
import base64
import glob
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import threading
import sys
import tempfile
import time

SOURCE_DIR = os.environ.get("CALDAV_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
CALDAVD = os.environ.get("CALDAVD") or os.path.join(SOURCE_DIR, "build", "caldavd")
BACKEND = os.environ.get("CALDAV_TEST_STORAGE", "sqlite")
START_TIMEOUT = float(os.environ.get("CALDAV_START_TIMEOUT", "30"))
STOP_TIMEOUT = float(os.environ.get("CALDAV_STOP_TIMEOUT", "10"))


def log(*args):
    print("[" + time.strftime("%H:%M:%S") + "]", *args, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _pg_bin(name):
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                  key=lambda d: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", d)])
    if dirs and os.path.exists(os.path.join(dirs[-1], name)):
        return os.path.join(dirs[-1], name)
    return name


_PG_RE = re.compile(r"^postgres(?:ql)?://([^@/]+)@([^:/]+):(\d+)/([^?]+)")


class Storage:
    """A fresh, empty store for one test: an SQLite file in a temp dir, or a new PostgreSQL
    database (createdb) in the cluster named by CALDAV_PG_URL_FILE, dropped again by close()."""

    def __init__(self, backend=BACKEND, name="sys"):
        self.backend = backend
        self.workdir = tempfile.mkdtemp(prefix="caldav-%s-" % name)
        self._pg = None
        if backend == "sqlite":
            self.url = "sqlite:" + os.path.join(self.workdir, "db.sqlite")
        elif backend in ("postgresql", "postgres", "pg"):
            url_file = os.environ.get("CALDAV_PG_URL_FILE")
            if not url_file or not os.path.exists(url_file):
                raise SystemExit("CALDAV_PG_URL_FILE is not set or missing (start tests/scripts/pg-cluster.sh)")
            base = open(url_file).read().strip()
            m = _PG_RE.match(base)
            if not m:
                raise SystemExit("cannot parse PostgreSQL URL %r" % base)
            user, host, port, _ = m.groups()
            db = "t_%s_%d_%d" % (name, os.getpid(), random.randrange(10**9))
            subprocess.run([_pg_bin("createdb"), "-h", host, "-p", port, "-U", user, db], check=True)
            self._pg = (user, host, port, db)
            self.url = "postgresql://%s@%s:%s/%s" % (user, host, port, db)
        else:
            raise SystemExit("unknown CALDAV_TEST_STORAGE %r" % backend)

    def close(self, keep=False):
        if self._pg:
            user, host, port, db = self._pg
            subprocess.run([_pg_bin("dropdb"), "--if-exists", "--force", "-h", host, "-p", port,
                            "-U", user, db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self._pg = None
        if keep or os.environ.get("CALDAV_KEEP_WORKDIR") == "1":
            log("work dir kept:", self.workdir)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


def add_user(storage_url, name, password):
    r = subprocess.run([CALDAVD, "user", "add", name, "--password-stdin", "--storage", storage_url],
                       input=password.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise SystemExit("caldavd user add %s failed (%d): %s" % (name, r.returncode, r.stdout.decode(errors="replace")))


def add_principal(storage_url, name, kind="room", auto_schedule="automatic"):
    """A bookable principal (no password: it cannot log in) with a bookable default calendar."""
    r = subprocess.run([CALDAVD, "principal", "add", name, "--type", kind, "--auto-schedule", auto_schedule,
                        "--storage", storage_url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise SystemExit("caldavd principal add %s failed (%d): %s" % (name, r.returncode, r.stdout.decode(errors="replace")))


def _die_with_parent():
    """preexec_fn: the server gets SIGKILL if the test process dies (e.g. a ctest timeout)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except Exception:
        pass


class Server:
    """One caldavd process on a free loopback port. start() may be called again after
    kill9()/stop() to restart on the same storage (on a new port)."""

    def __init__(self, storage_url, logpath):
        self.storage_url = storage_url
        self.logpath = logpath
        self.proc = None
        self.port = None

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        assert self.proc is None or self.proc.poll() is not None, "already running"
        for attempt in range(3):
            port = free_port()
            with open(self.logpath, "ab") as f:
                f.write(("\n==== start on port %d ====\n" % port).encode())
                f.flush()
                logf = open(self.logpath, "ab")
                offset = f.tell()
            self.proc = subprocess.Popen([CALDAVD, "--listen", "127.0.0.1:%d" % port,
                                          "--storage", self.storage_url],
                                         stdout=logf, stderr=logf, stdin=subprocess.DEVNULL,
                                         preexec_fn=_die_with_parent)
            logf.close()
            want = ("caldavd listening on http://127.0.0.1:%d/" % port).encode()
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                with open(self.logpath, "rb") as f:
                    f.seek(offset)
                    if want in f.read():
                        self.port = port
                        return self
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
            if self.proc.poll() is None:
                self.stop()
                raise RuntimeError("caldavd not ready after %.0fs; log tail:\n%s" % (START_TIMEOUT, self.log_tail()))
            log("caldavd exited during start-up (attempt %d, code %s)" % (attempt + 1, self.proc.returncode))
        raise RuntimeError("could not start caldavd; log tail:\n" + self.log_tail())

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        if self.proc:
            self.proc.wait()

    def stop(self):
        """SIGTERM, wait STOP_TIMEOUT seconds, then SIGKILL. Returns the exit code
        (None if it had to be killed)."""
        if not self.proc:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                log("caldavd ignored SIGTERM for %.0fs: SIGKILL" % STOP_TIMEOUT)
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode

    def log_tail(self, n=40):
        try:
            with open(self.logpath, "rb") as f:
                return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
        except OSError:
            return "(no log)"


class Client:
    """A keep-alive HTTP/1.1 connection with Basic auth; reconnects after errors."""

    def __init__(self, port, user, password, timeout=20):
        self.port = port
        self.timeout = timeout
        self.auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        self.conn = None

    def connect(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.connect()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers dict with lower-case names, body bytes). Raises on a
        connection error (and drops the connection)."""
        h = {"Authorization": self.auth}
        h.update(headers or {})
        try:
            c = self.connect()
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            if r.will_close:
                self.close()
            return r.status, hdrs, data
        except Exception:
            self.close()
            raise


def run_main(main):
    """Runs main() -> list of failure strings; prints the closing count line and exits."""
    try:
        failures, passed = main()
    except Exception as e:  # a harness error is a failure, with the traceback
        import traceback
        traceback.print_exc()
        failures, passed = ["harness error: %r" % (e,)], 0
    for f in failures[:50]:
        print("FAIL:", f)
    if len(failures) > 50:
        print("FAIL: ... and %d more" % (len(failures) - 50))
    print("%s: %d passed, %d failed" % (os.path.basename(sys.argv[0]).split(".")[0], passed, len(failures)))
    sys.exit(1 if failures else 0)


def race(clients, requests, wait=20, join=120):
    """Send requests[i] = (method, path, body, headers) on clients[i] at once: every
    connection is set up first, then a barrier releases all threads together. Returns
    [(status, headers, body) or the exception] in the order of `requests`."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(i):
        method, path, body, headers = requests[i]
        try:
            clients[i].connect()
            barrier.wait(wait)
            results[i] = clients[i].request(method, path, body=body, headers=headers)
        except Exception as e:  # noqa: BLE001 - reported by the caller
            barrier.abort()
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(join)
    return results
