"""The harness of python_caldav_upstream.py: runs one mirrored python caldav test at a time on
fresh calendars, names its checks after the upstream test, and records every HTTP exchange of
the client (also those the library turns into exceptions) for the failure messages.
"""
import traceback
import uuid
from datetime import timezone
from urllib.parse import urlparse

from common import request

UTC = timezone.utc


def path_of(u):
    return urlparse(str(u)).path


class Mirror:
    """Runs the mirrored tests: fresh calendars per test, checks named after the upstream test."""

    def __init__(self, checks, client, principal):
        self.T, self.client, self.principal = checks, client, principal
        self.test = "?"
        self.start = 0
        self.calendars = []
        # every HTTP exchange of the client, also those the library turns into exceptions (403)
        self.log = []
        self.record(client)

    def record(self, client, who=""):
        """Records every exchange of `client` (another user's: paths prefixed with "who: ")."""
        send = client.session.request

        def recorded(method, url, *a, **kw):
            r = send(method, url, *a, **kw)
            self.log.append((method, (f"{who}: " if who else "") + path_of(url), r.status_code, r.content,
                             kw.get("data")))
            return r
        client.session.request = recorded
        return client

    # ------------------------------------------------------------------ plumbing
    def exchanges(self, limit=12):
        entries = self.log[self.start:]
        lines = [f"{m} {p} -> {s}" for m, p, s, _, _ in entries[-limit:]]
        for m, p, s, raw, body in entries:
            if isinstance(s, int) and s >= 400 and s != 401:   # 401: requests' first, unauthenticated try
                if isinstance(raw, bytes):
                    raw = raw.decode("utf-8", "replace")
                if isinstance(body, bytes):
                    body = body.decode("utf-8", "replace")
                lines.append(f"-- {m} {p} -> {s}")
                if body:
                    lines.append("   request body: " + str(body)[:400].replace("\r\n", "\\n ").replace("\n", "\\n "))
                lines.append("   answer body: " + str(raw)[:600].replace("\r\n", "\\n ").replace("\n", "\\n "))
        return "\n".join(lines)

    def check(self, what, cond, detail=""):
        extra = (str(detail) + "\n" if detail not in ("", None) else "")
        return self.T.check(f"{self.test}: {what}", cond, "" if cond else extra + self.exchanges())

    def eq(self, what, got, want):
        return self.check(f"{what} (want {want!r})", got == want, f"got {got!r}")

    def raises(self, what, exc, fn, *a, **kw):
        try:
            fn(*a, **kw)
        except exc:
            return self.check(what, True)
        except Exception as e:  # noqa: BLE001
            return self.check(what, False, f"raised {type(e).__name__}: {e}")
        return self.check(what, False, "no exception")

    def fix_calendar(self, name="Yep", **kw):
        """A new calendar, as upstream's _fixCalendar (unique id; deleted after the test)."""
        cal_id = f"pycaldav-{self.test}-{uuid.uuid4().hex[:6]}"
        c = self.principal.make_calendar(name=name, cal_id=cal_id, **kw)
        self.calendars.append(c)
        return c

    def run(self, fn):
        self.test = fn.__name__
        self.start = len(self.log)
        self.calendars = []
        try:
            fn(self)
        except Exception as e:  # noqa: BLE001 - any client error fails the test
            self.T.check(f"{self.test}: runs to the end", False,
                         f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=4)}{self.exchanges()}")
        for c in self.calendars:
            try:
                c.delete()
            except Exception:  # noqa: BLE001
                pass

    def last(self, method):
        """The latest recorded exchange with that method, or None."""
        for e in reversed(self.log[self.start:]):
            if e[0] == method:
                return e
        return None

    def report(self, url, body, depth="1"):
        return request("REPORT", path_of(url), body,
                       {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"})


def summaries(objs):
    return sorted(str(o.icalendar_component.get("SUMMARY")) for o in objs)


def uid_of(o):
    return str(o.icalendar_component.get("UID"))



def server_expanded(m):
    """The raw answer of the latest REPORT: server-side expansion leaves no RRULE (RFC 4791 §9.6.5)."""
    e = m.last("REPORT")
    raw = e[3] if e else ""
    raw = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return e is not None and e[2] == 207 and "RRULE" not in raw, raw[:1500]
