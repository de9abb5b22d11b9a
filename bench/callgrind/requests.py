#!/usr/bin/python3
"""Writes the request files of bench/callgrind/run.sh: query.jsonl (one-week calendar-query),
expand.jsonl (the same weeks with expand), freebusy.jsonl (one-month free-busy-query),
multiget.jsonl (50 hrefs each), propfind.jsonl (Depth 1: getetag, resourcetype, getcontenttype)
and sync.jsonl (initial sync-collection, getetag), in caldav_loadgen's format, for the calendar
/calendars/bench/calendar/ whose resource names are the files of SPLIT_DIR (the "split" folder
of a kept bench run). Deterministic: the same names give the same requests."""
import json
import os
import random
import sys
from datetime import datetime, timezone

NS = 'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"'
CAL = "/calendars/bench/calendar/"
HEADERS = {"Content-Type": "application/xml; charset=utf-8", "Depth": "1"}


def ts(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def query(a, b, expand):
    data = f'<C:calendar-data><C:expand start="{ts(a)}" end="{ts(b)}"/></C:calendar-data>' if expand else "<C:calendar-data/>"
    return (f'<?xml version="1.0" encoding="utf-8"?><C:calendar-query {NS}><D:prop><D:getetag/>{data}</D:prop>'
            f'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
            f'<C:time-range start="{ts(a)}" end="{ts(b)}"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>')


def write(path, bodies, status=207, method="REPORT"):
    with open(path, "w") as f:
        for body in bodies:
            f.write(json.dumps({"method": method, "path": CAL, "headers": HEADERS, "body": body,
                                "expect": {"status": [status]}}) + "\n")


def main():
    split, out = sys.argv[1], sys.argv[2]
    names = sorted(os.listdir(split))
    monday = int(datetime(2025, 1, 6, tzinfo=timezone.utc).timestamp())
    weeks = [(monday + 7 * 86400 * k, monday + 7 * 86400 * (k + 1)) for k in range(0, 100, 5)]
    write(os.path.join(out, "query.jsonl"), [query(a, b, False) for a, b in weeks])
    write(os.path.join(out, "expand.jsonl"), [query(a, b, True) for a, b in weeks])
    months = []
    for k in range(24):
        y, m = 2025 + k // 12, k % 12 + 1
        a = datetime(y, m, 1, tzinfo=timezone.utc)
        b = datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=timezone.utc)
        months.append((int(a.timestamp()), int(b.timestamp())))
    write(os.path.join(out, "freebusy.jsonl"),
          [f'<?xml version="1.0" encoding="utf-8"?><C:free-busy-query {NS}><C:time-range start="{ts(a)}" '
           f'end="{ts(b)}"/></C:free-busy-query>' for a, b in months], status=200)
    multiget = []
    for i in range(50):
        hrefs = "".join(f"<D:href>{CAL}{n}</D:href>" for n in random.Random(1000 + i).sample(names, 50))
        multiget.append(f'<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget {NS}><D:prop><D:getetag/>'
                        f'<C:calendar-data/></D:prop>{hrefs}</C:calendar-multiget>')
    write(os.path.join(out, "multiget.jsonl"), multiget)
    write(os.path.join(out, "propfind.jsonl"),
          [f'<?xml version="1.0" encoding="utf-8"?><D:propfind {NS}><D:prop><D:getetag/><D:resourcetype/>'
           f'<D:getcontenttype/></D:prop></D:propfind>'], method="PROPFIND")
    write(os.path.join(out, "sync.jsonl"),
          [f'<?xml version="1.0" encoding="utf-8"?><D:sync-collection {NS}><D:sync-token/><D:sync-level>1'
           f'</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>'])


if __name__ == "__main__":
    main()
