#!/usr/bin/python3
"""Writes the request files of bench/callgrind/run.sh: query.jsonl (one-week calendar-query),
expand.jsonl (the same weeks with expand), freebusy.jsonl (one-month free-busy-query),
multiget.jsonl (50 hrefs each), propfind.jsonl (Depth 1: getetag, resourcetype, getcontenttype)
and sync.jsonl (initial sync-collection, getetag), in caldav_loadgen's format, for the calendar
/calendars/bench/calendar/ whose resource names are the files of SPLIT_DIR (the "split" folder
of a kept bench run). Deterministic: the same names give the same requests.
With the dataset manifest as a third argument, also the write operations (each with a
<op>.warm.jsonl of other requests for the warm-up, since a PUT cannot be sent twice):
put.jsonl (a new single event into the plain calendar, each in its own free slot past the
dataset and past the bench run's own), booking.jsonl (the same bodies into the bookable calendar
/calendars/bench/booking/ that bench.py --booking made, in other free slots: 201) and
refused.jsonl (the same bodies on future busy instances of the dataset: 403 slot-unavailable)."""
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
    if len(sys.argv) > 3:
        writes(split, sys.argv[3], out)


def writes(split, manifest, out):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from bench import at_time  # the bench's own rewrite of DTSTART/DTEND
    import time
    items = [json.loads(line) for line in open(manifest)]
    src = [m for m in items if m["kind"] == "single" and len(m["inst"]) == 1 and m["transp"] == "OPAQUE"
           and m["status"] != "CANCELLED" and m["inst"][0][1] - m["inst"][0][0] <= 2 * 3600]
    random.Random(7).shuffle(src)
    week, step = 7 * 86400, 2 * 3600
    far = (max(e for m in items for _, e in m["inst"]) // week + 1) * week
    base = far + 2 * (2000 * step + week)  # past the slots of bench.py's control and booking runs
    now = time.time() + 6 * 3600
    busy = sorted((s, e) for m in items if m["transp"] == "OPAQUE" and m["status"] != "CANCELLED"
                  for s, e in m["inst"] if s > now and e - s <= 4 * 3600)
    ics = {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}

    def body(i, uid, start, end=None):
        m = src[i % len(src)]
        text = open(os.path.join(split, m["href"]), "rb").read().replace(
            f"UID:{m['uid']}".encode(), f"UID:{uid}".encode())
        return at_time(text, start, end or start + m["inst"][0][1] - m["inst"][0][0]).decode()

    def line(cal, uid, text, status, contains=()):
        expect = {"status": status}
        if contains:
            expect["contains"] = list(contains)
        return json.dumps({"method": "PUT", "path": f"/calendars/bench/{cal}/{uid}.ics", "headers": ics,
                           "body": text, "expect": expect}) + "\n"

    n = 200  # the warm-up takes the first 100 slots of each range, the counted requests the next 100
    for name, cal, offset in (("put", "calendar", 0), ("booking", "booking", n * step + week)):
        lines = [line(cal, f"cg-{name}-{i}", body(i, f"cg-{name}-{i}", base + offset + i * step), [201])
                 for i in range(n)]
        open(os.path.join(out, f"{name}.warm.jsonl"), "w").writelines(lines[:n // 2])
        open(os.path.join(out, f"{name}.jsonl"), "w").writelines(lines[n // 2:])
    lines = [line("booking", f"cg-refused-{i}", body(i, f"cg-refused-{i}", *busy[i % len(busy)]), [403],
                  ["slot-unavailable"]) for i in range(n)]
    open(os.path.join(out, "refused.warm.jsonl"), "w").writelines(lines[:n // 2])
    open(os.path.join(out, "refused.jsonl"), "w").writelines(lines[n // 2:])


if __name__ == "__main__":
    main()
