"""vdirsyncer 0.19's DAVStorageTests (tests/storage/dav/__init__.py) and TestCalDAVStorage
(tests/storage/dav/test_caldav.py), mirrored: see vdirsyncer_storage.py."""
import uuid
from datetime import datetime

import aiohttp
import aiohttp.web
from vdirsyncer import exceptions
from vdirsyncer.storage.dav import CalDAVStorage
from vdirsyncer.vobject import Item

import vdirsyncer_storage_lib as lib
from vdirsyncer_storage_lib import (EVENT_TEMPLATE, ITEM_TYPES, TASK_TEMPLATE, TEMPLATES, VCARD_TEMPLATE, alist,
                                    assert_item_equals, case, expect, format_item, raises)


# ====================================================================== DAVStorageTests
@case()
async def test_dav_broken_item(f, _):
    s = await f.storage()
    await raises((exceptions.Error, aiohttp.ClientResponseError), s.upload(Item("HAHA:YES")))
    expect(not await alist(s.list()))


@case()
async def test_dav_empty_get_multi_performance(f, _):
    s = await f.storage()
    start = len(lib.LOG)
    expect(await alist(s.get_multi([])) == [])
    expect(len(lib.LOG) == start, "get_multi([]) sent a request")


@case(*ITEM_TYPES)
async def test_dav_unicode_href(f, t):
    s = await f.storage()
    s._get_href = lambda item: item.ident + s.fileext
    item = format_item(TEMPLATES[t], uid="град сатану" + str(uuid.uuid4()))
    href, _ = await s.upload(item)
    item2, _ = await s.get(href)
    assert_item_equals(item, item2)


# ====================================================================== TestCalDAVStorage
@case(*ITEM_TYPES)
async def test_doesnt_accept_vcard(f, t):
    s = CalDAVStorage(item_types=(t,), **await f.storage_args())
    try:
        await s.upload(format_item(VCARD_TEMPLATE))
    except (exceptions.Error, aiohttp.ClientResponseError):
        pass
    expect(not await alist(s.list()))


@case("('VTODO',)-1", "('VEVENT',)-1", "('VTODO', 'VEVENT')-2", "('VTODO', 'VEVENT', 'VJOURNAL')-3", "()-1")
async def test_item_types_performance(f, p):
    types, calls_num = {"('VTODO',)-1": (("VTODO",), 1), "('VEVENT',)-1": (("VEVENT",), 1),
                        "('VTODO', 'VEVENT')-2": (("VTODO", "VEVENT"), 2),
                        "('VTODO', 'VEVENT', 'VJOURNAL')-3": (("VTODO", "VEVENT", "VJOURNAL"), 3),
                        "()-1": ((), 1)}[p]
    s = CalDAVStorage(item_types=types, **await f.storage_args())
    old_parse = s._parse_prop_responses
    calls = []

    def new_parse(*a, **kw):
        calls.append(None)
        return old_parse(*a, **kw)
    s._parse_prop_responses = new_parse
    await alist(s.list())
    expect(len(calls) == calls_num, f"{len(calls)} listings, want {calls_num}")


def _dated(summary, start, end):
    return format_item("\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//caldavd conformance//vdirsyncer mirror//EN",
        "BEGIN:VEVENT", f"DTSTART:{start}", f"DTEND:{end}", f"SUMMARY:{summary}", "X-SOMETHING:{r}",
        "UID:{r}", "END:VEVENT", "END:VCALENDAR"]))


@case()
async def test_timerange_correctness(f, _):
    s = CalDAVStorage(start_date=datetime(2013, 9, 10), end_date=datetime(2013, 9, 13), **await f.storage_args())
    await s.upload(_dated("Too early", "19970714T170000Z", "19970715T035959Z"))
    await s.upload(_dated("Too late", "20150714T170000Z", "20150715T035959Z"))
    expected_href, _ = await s.upload(_dated("In range", "20130911T170000Z", "20130912T035959Z"))
    listed = await alist(s.list())
    expect([h for h, _ in listed] == [expected_href], f"listed {listed}, want only {expected_href}")


@case()
async def test_invalid_resource(f, _):
    # upstream answers the PROPFIND with a mock (aioresponses); here a local stub does it
    hits = []

    async def hello(request):
        hits.append(request.method)
        return aiohttp.web.Response(status=200, text="Hello world")
    app = aiohttp.web.Application()
    app.router.add_route("*", "/{tail:.*}", hello)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        args = dict(await f.storage_args(collection=None), url=f"http://127.0.0.1:{port}/")
        await raises(ValueError, alist(CalDAVStorage(**args).list()))
        expect(hits == ["PROPFIND"], f"requests: {hits}")
    finally:
        await runner.cleanup()


@case()
async def test_item_types_general(f, _):
    s = await f.storage()
    event = (await s.upload(format_item(EVENT_TEMPLATE)))[0]
    task = (await s.upload(format_item(TASK_TEMPLATE)))[0]

    async def hrefs():
        return {href async for href, etag in s.list()}
    for types, want in ((("VTODO", "VEVENT"), {event, task}), (("VTODO",), {task}),
                        (("VEVENT",), {event}), ((), {event, task})):
        s.item_types = types
        got = await hrefs()
        expect(got == want, f"item_types {types}: {got}, want {want}")
