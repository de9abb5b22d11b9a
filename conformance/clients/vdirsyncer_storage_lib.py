"""Plumbing of vdirsyncer_storage.py: items shaped like upstream's templates, assertion helpers,
the recorded HTTP exchanges, upstream's server fixture (a fresh collection per case) and the
registry of mirrored cases.
"""
import random
import uuid
from urllib.parse import urlsplit

import aiostream
import vdirsyncer.http
import vdirsyncer.utils
from vdirsyncer import exceptions
from vdirsyncer.storage.dav import CalDAVStorage
from vdirsyncer.vobject import Item, normalize_item

from common import BASE, PASSWORD, USER

# ------------------------------------------------------------------ items (ours, upstream's shape)
EVENT_TEMPLATE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//caldavd conformance//vdirsyncer mirror//EN
BEGIN:VEVENT
DTSTART:19970714T170000Z
DTEND:19970715T035959Z
SUMMARY:Harbour festival
X-SOMETHING:{r}
UID:{uid}
END:VEVENT
END:VCALENDAR"""

TASK_TEMPLATE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//caldavd conformance//vdirsyncer mirror//EN
BEGIN:VTODO
CREATED:20130721T142233Z
DTSTAMP:20130730T074543Z
LAST-MODIFIED;VALUE=DATE-TIME:20140122T151338Z
SEQUENCE:2
SUMMARY:Buch: Tödliche Brandung
UID:{uid}
X-SOMETHING:{r}
END:VTODO
END:VCALENDAR"""

VCARD_TEMPLATE = """BEGIN:VCARD
VERSION:3.0
FN:Ann Example
N:Example;Ann;;;
EMAIL;TYPE=INTERNET:ann@example.org
X-SOMETHING:{r}
UID:{uid}
END:VCARD"""

TEMPLATES = {"VEVENT": EVENT_TEMPLATE, "VTODO": TASK_TEMPLATE, "VCARD": VCARD_TEMPLATE}


def format_item(template, uid=None):
    r = random.random()
    return Item(template.format(r=r, uid=uid or r))


def assert_item_equals(a, b):
    expect(normalize_item(a) == normalize_item(b),
           f"items differ:\n--- sent\n{normalize_item(b)}\n--- got\n{normalize_item(a)}")


def expect(cond, msg="assertion failed"):
    if not cond:
        raise AssertionError(msg)


async def alist(it):
    return await aiostream.stream.list(it)


async def raises(excs, coro):
    try:
        await coro
    except excs:
        return
    except Exception as e:  # noqa: BLE001
        raise AssertionError(f"expected {excs}, got {type(e).__name__}: {e}") from e
    raise AssertionError(f"expected {excs}, nothing was raised")


class Skip(Exception):
    pass


# ------------------------------------------------------------------ recorded HTTP
LOG = []
_orig_request = vdirsyncer.http.request


async def recorded_request(method, url, session, latin1_fallback=True, **kwargs):
    """vdirsyncer.http.request with the same outcome, recording method, path, status (and the body
    of answers >= 400, which vdirsyncer never reads)."""
    kwargs.pop("cert", None)
    data = kwargs.get("data")
    response = await session.request(method, url, **kwargs)
    entry = [method, urlsplit(str(url)).path, response.status, b"", data]
    LOG.append(entry)
    if response.status >= 400:
        entry[3] = await response.read()
        if response.status == 412:
            raise exceptions.PreconditionFailed(response.reason)
        if response.status in (404, 410):
            raise exceptions.NotFoundError(response.reason)
        response.raise_for_status()
    return response


vdirsyncer.http.request = recorded_request


def exchanges(start, limit=8):
    entries = LOG[start:]
    lines = [f"{m} {p} -> {s}" for m, p, s, _, _ in entries[-limit:]]
    for m, p, s, raw, body in entries:
        if s >= 400:
            lines.append(f"-- {m} {p} -> {s}")
            if body:
                b = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
                lines.append("   request body: " + b[:400].replace("\r\n", "\\n ").replace("\n", "\\n "))
            lines.append("   answer body: " + raw.decode("utf-8", "replace")[:600].replace("\n", "\\n "))
    return "\n".join(lines)


# ------------------------------------------------------------------ fixtures (upstream's, mirrored)
class Fixture:
    def __init__(self, connector):
        self.connector = connector
        self.made = []        # storages of the collections made, deleted at the end

    def base_args(self):
        return {"url": BASE + "/", "username": USER, "password": PASSWORD, "connector": self.connector}

    async def storage_args(self, collection="test"):
        """upstream get_storage_args + slow_create_collection: a fresh, empty collection."""
        args = self.base_args()
        if collection is None:
            return args
        name = f"{collection}-vdirsyncer-ci-{uuid.uuid4()}"
        args = await CalDAVStorage.create_collection(name, **args)
        s = CalDAVStorage(**args)
        self.made.append(s)
        expect(not await alist(s.list()), f"new collection {name} is not empty")
        return args

    async def storage(self, **kw):
        return CalDAVStorage(**kw, **await self.storage_args())

    async def cleanup(self):
        for s in self.made:
            try:
                await s.session.request("DELETE", "")
            except Exception:  # noqa: BLE001
                pass


CASES = []


def case(*params):
    """Registers a mirrored test; one case per parameter (upstream's parametrization)."""
    def register(fn):
        if not params:
            CASES.append((fn.__name__, fn, None))
        for p in params:
            CASES.append((f"{fn.__name__}[{p}]", fn, p))
        return fn
    return register


ITEM_TYPES = ("VTODO", "VEVENT")   # TestCalDAVStorage.item_type



class identity_hrefs:
    """upstream's monkeypatch.setattr("vdirsyncer.utils.generate_href", lambda x: x)"""

    def __enter__(self):
        self.saved = vdirsyncer.utils.generate_href
        vdirsyncer.utils.generate_href = lambda x: x

    def __exit__(self, *exc):
        vdirsyncer.utils.generate_href = self.saved

