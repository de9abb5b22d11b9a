"""Shared bits of the Python client runners (stdlib only; run with Debian's /usr/bin/python3).

Environment (set by conformance/clients/run.sh):
  CALDAV_BASE      server root without trailing slash, e.g. http://127.0.0.1:40123
  CALDAV_USER      user name
  CALDAV_PASSWORD  password
  CALDAV_WORKDIR   private temp dir of this run
"""
import os
import sys
import traceback

BASE = os.environ.get("CALDAV_BASE", "http://127.0.0.1:5232").rstrip("/")
USER = os.environ.get("CALDAV_USER", "alice")
PASSWORD = os.environ.get("CALDAV_PASSWORD", "secret")
WORKDIR = os.environ.get("CALDAV_WORKDIR", "/tmp")
# The scheduling cast (run.sh): the two other users as (name, password), and the bookable room.
SCHED_USERS = [tuple(x.split(":", 1)) for x in os.environ.get("CALDAV_SCHED_USERS", "").split() if ":" in x]
ROOM = os.environ.get("CALDAV_ROOM", "")
MAIL_DOMAIN = "localhost"   # caldavd's default --mail-domain: a user's address is NAME@localhost


def mailto(name):
    """The calendar user address caldavd gives user or principal `name` (docs/configuration.md)."""
    return f"mailto:{name}@{MAIL_DOMAIN}"


class Checks:
    """Counts named checks. A failed check prints what was expected and what came back."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print(f"{self.prefix}: ok   {name}", flush=True)
        else:
            self.failed += 1
            self.failures.append(name)
            print(f"{self.prefix}: FAIL {name}", flush=True)
            if detail:
                for line in str(detail).splitlines()[:40]:
                    print(f"{self.prefix}:      {line}", flush=True)
        return bool(cond)

    def skip(self, name, why):
        """A check the mirrored upstream suite itself skips: printed, counted apart."""
        self.skipped += 1
        print(f"{self.prefix}: skip {name} ({why})", flush=True)

    def step(self, label, fn, *args, **kwargs):
        """Runs fn; an exception counts as a failed check (and returns None)."""
        try:
            return fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - every client error is a test failure
            self.check(label, False, f"{type(e).__name__}: {e}\n" + traceback.format_exc(limit=6))
            return None

    def finish(self):
        if self.failures:
            print(f"{self.prefix}: failed checks: " + "; ".join(self.failures))
        if self.skipped:
            print(f"{self.prefix}: {self.skipped} skipped")
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed or not self.passed else 0)


# ---------------------------------------------------------------------------- raw HTTP
import base64  # noqa: E402
import http.client  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

_split = urlsplit(BASE)
HOST, PORT = _split.hostname, _split.port or 80
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


class Response:
    def __init__(self, method, path, req_headers, req_body, status, headers, body):
        self.method, self.path, self.req_headers, self.req_body = method, path, req_headers, req_body
        self.status, self.headers, self.body = status, headers, body

    def header(self, name, default=None):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def describe(self, limit=1500):
        """What was sent and what came back: for failure messages (the lead reads these)."""
        hdrs = "".join(f"\n  {k}: {v}" for k, v in self.req_headers.items() if k.lower() != "authorization")
        body = self.req_body.decode("utf-8", "replace") if isinstance(self.req_body, bytes) else (self.req_body or "")
        rh = "".join(f"\n  {k}: {v}" for k, v in self.headers
                     if k.lower() in ("location", "etag", "content-type", "dav", "allow", "www-authenticate"))
        return (f"request: {self.method} {self.path}{hdrs}\n"
                + (f"request body:\n{body[:limit]}\n" if body else "")
                + f"answer: {self.status}{rh}\nanswer body:\n{self.text[:limit]}")


def basic_auth(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def request(method, path, body=None, headers=None, auth=True, timeout=20, as_user=None):
    """One request on a fresh connection. path is absolute ("/..."). Returns a Response.
    as_user=(name, password) authenticates as another user than CALDAV_USER."""
    h = dict(headers or {})
    if as_user and "Authorization" not in h:
        h["Authorization"] = basic_auth(*as_user)
    if auth and "Authorization" not in h:
        h["Authorization"] = AUTH
    if isinstance(body, str):
        body = body.encode("utf-8")
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        return Response(method, path, h, body, r.status, r.getheaders(), data)
    finally:
        conn.close()
