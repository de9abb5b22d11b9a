#!/usr/bin/python3
"""vdirsyncer 0.19's CalDAV storage tests, mirrored against caldavd (Debian's vdirsyncer 0.19).

Upstream runs tests/storage/__init__.py (StorageTests), tests/storage/dav/__init__.py
(DAVStorageTests) and tests/storage/dav/test_caldav.py (TestCalDAVStorage) with pytest against a
DAV server; TestCalDAVStorage collects 65 cases (item_type VTODO and VEVENT where the test uses an
item, test_item_types_performance five times, test_metadata_normalization eight times). This
runner does what each case does with vdirsyncer.storage.dav.CalDAVStorage, driven with asyncio
and aiohttp as upstream does, and prints one line per case under the upstream name. Nothing of
upstream's code is copied; the items are our own, shaped like upstream's templates (an event
without DTSTAMP, a to-do with a non-ASCII summary, a vCard; "\\n" line ends, as sent there).

Upstream's server fixture, mirrored: the storage URL is the server root (vdirsyncer discovers
principal and home), every case gets a fresh collection "<name>-vdirsyncer-ci-<uuid>" made by
CalDAVStorage.create_collection (extended MKCOL), deleted at the end. The two cases upstream
skips for every DAV server are printed as "skip": test_empty_metadata (not for DAV servers) and
test_recurring_events[VTODO] (iCalendar events only); so 63 can pass.

Every HTTP exchange is recorded (vdirsyncer.http.request is wrapped, same semantics); a failed case
lists its exchanges and the bodies of answers >= 400.
"""
import asyncio
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks  # noqa: E402

import aiohttp  # noqa: E402
from vdirsyncer import exceptions  # noqa: E402

# importing the case modules registers their cases, in this order (upstream's class order)
import vdirsyncer_storage_cases  # noqa: E402,F401,I100
import vdirsyncer_storage_caldav_cases  # noqa: E402,F401,I100
from vdirsyncer_storage_lib import CASES, LOG, Fixture, Skip, exchanges  # noqa: E402

T = Checks("vdirsyncer-storage")
CASE_TIMEOUT = 20


# ====================================================================== runner
async def main():
    connector = aiohttp.TCPConnector(limit=8)
    f = Fixture(connector)
    try:
        for name, fn, param in CASES:
            start = len(LOG)
            try:
                await asyncio.wait_for(fn(f, param), CASE_TIMEOUT)
            except Skip as s:
                T.skip(name, str(s))
                continue
            except Exception as e:  # noqa: BLE001 - a failed case, whatever the reason
                http_error = isinstance(e, (AssertionError, aiohttp.ClientResponseError, exceptions.Error))
                tb = "" if http_error else traceback.format_exc(limit=2)
                T.check(name, False, f"{type(e).__name__}: {e}\n{tb}{exchanges(start)}")
                continue
            T.check(name, True)
    finally:
        await f.cleanup()
        await connector.close()


print(f"vdirsyncer-storage: {len(CASES)} cases mirrored from vdirsyncer 0.19's TestCalDAVStorage")
asyncio.run(main())
T.finish()
