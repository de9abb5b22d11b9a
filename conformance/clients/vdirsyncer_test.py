#!/usr/bin/python3
"""vdirsyncer (Debian's /usr/bin/vdirsyncer, 0.19.x) against caldavd.

Pair `cal`: caldav storage at the server root (vdirsyncer discovers principal and home) <->
filesystem storage in the work dir, collections from both sides, conflict_resolution
"b wins" (the server); discover's "create it?" prompts are answered yes. Checks, each followed by the server's view (raw
HTTP) or the local files:
  discover finds the default calendar; metasync copies the displayname;
  local create -> sync -> on the server; server create (PUT) -> sync -> local;
  local modify / server modify; local delete / server delete; a conflict ("b wins");
  a collection made locally is created on the server (extended MKCOL) by discover;
Pair `ranged`: the same server calendar, item_types = ["VEVENT"] and a date range, so that
vdirsyncer lists with calendar-query time-range: only the event inside the range arrives.
Every vdirsyncer run must exit 0 and print no error, warning or traceback.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BASE, PASSWORD, USER, WORKDIR, Checks, request  # noqa: E402

T = Checks("vdirsyncer")
VDS = "/usr/bin/vdirsyncer"
work = os.path.join(WORKDIR, "vdirsyncer")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
local = os.path.join(work, "local")
ranged = os.path.join(work, "ranged")
cal_name = "calendar"                       # the default calendar, made with the user
cal_path = f"/calendars/{USER}/{cal_name}/"
config = os.path.join(work, "config")

with open(config, "w") as f:
    f.write(f"""
[general]
status_path = "{work}/status/"

[pair cal]
a = "cal_local"
b = "cal_remote"
collections = ["from a", "from b"]
conflict_resolution = "b wins"
metadata = ["displayname"]

[storage cal_local]
type = "filesystem"
path = "{local}/"
fileext = ".ics"

[storage cal_remote]
type = "caldav"
url = "{BASE}/"
username = "{USER}"
password = "{PASSWORD}"

[pair ranged]
a = "ranged_local"
b = "ranged_remote"
collections = [["default", "default", "{cal_name}"]]
conflict_resolution = "b wins"

[storage ranged_local]
type = "filesystem"
path = "{ranged}/"
fileext = ".ics"

[storage ranged_remote]
type = "caldav"
url = "{BASE}/"
username = "{USER}"
password = "{PASSWORD}"
item_types = ["VEVENT"]
start_date = "datetime(2030, 1, 1)"
end_date = "datetime(2031, 1, 1)"
""")

env = dict(os.environ, VDIRSYNCER_CONFIG=config, LC_ALL="C.UTF-8", LANG="C.UTF-8",
           HOME=work, XDG_CONFIG_HOME=work, XDG_DATA_HOME=work)
BAD = re.compile(r"error|warning|traceback|exception|critical", re.I)
# Lines that are not problems: discover warns about each collection missing on one side before it
# asks to create it; vdirsyncer 0.19 logs "Deleting an item with no etag." for every DELETE that
# *has* an etag (storage/dav.py tests `if etag:` before warning).
DISCOVER_NOTE = re.compile(r'^warning: (No collection "[^"]+" found for storage \w+\.|Deleting an item with no etag\.)$')


def vds(*args, name=None):
    """Runs vdirsyncer; one check: exit 0 and no error/warning lines. Returns the output.
    discover asks before creating a collection on the other side: the answer is always yes."""
    label = name or "vdirsyncer " + " ".join(args)
    try:
        p = subprocess.run([VDS, "-v", "INFO", *args], env=env, cwd=work, input="y\n" * 20,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=40, text=True)
    except subprocess.TimeoutExpired as e:
        T.check(label, False, f"timed out after 40 s\n{e.output}")
        return ""
    bad = [l for l in p.stdout.splitlines() if BAD.search(l) and not DISCOVER_NOTE.search(l)]
    T.check(f"{label}: exit 0, no errors or warnings", p.returncode == 0 and not bad,
            f"exit {p.returncode}\n{p.stdout[-4000:]}")
    return p.stdout


def ics(uid, summary, start="20300108T090000Z", end="20300108T100000Z"):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd conformance//vdirsyncer//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:{start}\r\n"
            f"DTEND:{end}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def local_files(root, coll):
    """{UID: (path, text)} of the .ics files of a local collection."""
    out = {}
    for p in glob.glob(os.path.join(root, coll, "*.ics")):
        with open(p, encoding="utf-8") as f:
            t = f.read()
        m = re.search(r"^UID:(.+?)\r?$", t, re.M)
        if m:
            out[m.group(1)] = (p, t)
    return out


def server_items(path):
    """{UID: (href, etag, text)} of a server collection: PROPFIND Depth 1, then GET each member."""
    r = request("PROPFIND", path, '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>'
                '<d:getetag/><d:resourcetype/></d:prop></d:propfind>', {"Depth": "1", "Content-Type": "application/xml"})
    if r.status != 207:
        raise RuntimeError(f"PROPFIND failed\n{r.describe()}")
    out = {}
    for resp in ET.fromstring(r.body).findall("{DAV:}response"):
        href = resp.findtext("{DAV:}href")
        if href.rstrip("/") == path.rstrip("/"):
            continue
        g = request("GET", href)
        if g.status != 200:
            raise RuntimeError(f"GET of a listed member failed\n{g.describe()}")
        m = re.search(r"^UID:(.+?)\r?$", g.text, re.M)
        out[m.group(1) if m else href] = (href, g.header("ETag"), g.text)
    return out


# ---------------------------------------------------------------- discover + metasync
vds("discover", "cal")
T.check("discover made a local collection for the server's default calendar",
        os.path.isdir(os.path.join(local, cal_name)), f"local dir holds {os.listdir(local) if os.path.isdir(local) else None}")
vds("metasync", "cal")
r = request("PROPFIND", cal_path, '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:displayname/>'
            '</d:prop></d:propfind>', {"Depth": "0", "Content-Type": "application/xml"})
server_dn = ET.fromstring(r.body).findtext(".//{DAV:}displayname") if r.status == 207 else None
try:
    local_dn = open(os.path.join(local, cal_name, "displayname"), encoding="utf-8").read().strip()
except OSError:
    local_dn = None
T.check("metasync copied the server displayname", server_dn is not None and (local_dn or "") == (server_dn or ""),
        f"server {server_dn!r}, local {local_dn!r}")

vds("sync", "cal", name="initial sync")
if not os.path.isdir(os.path.join(local, cal_name)):
    T.finish()

# ---------------------------------------------------------------- local create -> server
u_local = "vds-local-" + uuid.uuid4().hex
with open(os.path.join(local, cal_name, u_local + ".ics"), "w", encoding="utf-8", newline="") as f:
    f.write(ics(u_local, "Made locally"))
vds("sync", "cal", name="sync after a local create")
srv = T.step("list server", server_items, cal_path) or {}
T.check("locally created event is on the server", u_local in srv and "SUMMARY:Made locally" in srv[u_local][2],
        f"server UIDs {sorted(srv)}")

# ---------------------------------------------------------------- server create -> local
u_srv = "vds-server-" + uuid.uuid4().hex
r = request("PUT", f"{cal_path}{u_srv}.ics", ics(u_srv, "Made on the server", "20300110T090000Z", "20300110T100000Z"),
            {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
T.check("PUT of a new event answers 201", r.status == 201, r.describe())
u_out = "vds-outside-" + uuid.uuid4().hex   # outside the `ranged` pair's date range
r = request("PUT", f"{cal_path}{u_out}.ics", ics(u_out, "Out of range", "20350110T090000Z", "20350110T100000Z"),
            {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
T.check("PUT of an out-of-range event answers 201", r.status == 201, r.describe())
u_keep = "vds-keep-" + uuid.uuid4().hex   # in range, never touched: the ranged pair never goes empty
r = request("PUT", f"{cal_path}{u_keep}.ics", ics(u_keep, "Kept", "20300301T090000Z", "20300301T100000Z"),
            {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
T.check("PUT of a third event answers 201", r.status == 201, r.describe())
vds("sync", "cal", name="sync after a server create")
loc = local_files(local, cal_name)
T.check("server-created events are local", u_srv in loc and u_out in loc and u_keep in loc and "SUMMARY:Made on the server" in loc[u_srv][1],
        f"local UIDs {sorted(loc)}")

# ---------------------------------------------------------------- modify both ways
p, t = loc.get(u_local, (None, ""))
if p:
    with open(p, "w", encoding="utf-8", newline="") as f:
        f.write(t.replace("SUMMARY:Made locally", "SUMMARY:Changed locally"))
srv = T.step("list server", server_items, cal_path) or {}
if u_srv in srv:
    href, etag, text = srv[u_srv]
    r = request("PUT", href, text.replace("SUMMARY:Made on the server", "SUMMARY:Changed on the server"),
                {"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag})
    T.check("PUT overwriting an event (If-Match) answers 204", r.status == 204, r.describe())
vds("sync", "cal", name="sync after modifying on both sides")
srv = T.step("list server", server_items, cal_path) or {}
loc = local_files(local, cal_name)
T.check("local change reached the server", "SUMMARY:Changed locally" in srv.get(u_local, ("", "", ""))[2],
        srv.get(u_local, ("", "", "missing"))[2])
T.check("server change reached the local copy", "SUMMARY:Changed on the server" in loc.get(u_srv, ("", ""))[1],
        loc.get(u_srv, ("", "missing"))[1])

# ---------------------------------------------------------------- conflict: b (server) wins
if u_local in loc and u_local in srv:
    with open(loc[u_local][0], "w", encoding="utf-8", newline="") as f:
        f.write(loc[u_local][1].replace("SUMMARY:Changed locally", "SUMMARY:Conflict local"))
    href, etag, text = srv[u_local]
    r = request("PUT", href, text.replace("SUMMARY:Changed locally", "SUMMARY:Conflict server"),
                {"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag})
    T.check("server-side PUT for the conflict answers 204", r.status == 204, r.describe())
    vds("sync", "cal", name="sync with a conflict")
    srv = T.step("list server", server_items, cal_path) or {}
    loc = local_files(local, cal_name)
    T.check("conflict resolved as 'b wins': both sides hold the server version",
            "SUMMARY:Conflict server" in srv.get(u_local, ("", "", ""))[2]
            and "SUMMARY:Conflict server" in loc.get(u_local, ("", ""))[1],
            f"server: {srv.get(u_local, ('', '', 'missing'))[2]}\nlocal: {loc.get(u_local, ('', 'missing'))[1]}")

# ---------------------------------------------------------------- ranged pair (calendar-query)
vds("discover", "ranged", name="discover ranged")
vds("sync", "ranged", name="sync ranged")
rl = local_files(ranged, "default")
T.check("date-ranged sync got exactly the events inside 2030 (not the 2035 one)",
        set(rl) == {u_local, u_srv, u_keep}, f"got {sorted(rl)}")

# ---------------------------------------------------------------- delete both ways
if u_local in loc:
    os.remove(loc[u_local][0])
if u_srv in srv:
    r = request("DELETE", srv[u_srv][0], headers={"If-Match": srv[u_srv][1]})
    T.check("DELETE (If-Match) answers 204", r.status == 204, r.describe())
vds("sync", "cal", name="sync after deleting on both sides")
srv = T.step("list server", server_items, cal_path) or {}
loc = local_files(local, cal_name)
T.check("local delete reached the server", u_local not in srv, f"server UIDs {sorted(srv)}")
T.check("server delete reached the local copy", u_srv not in loc, f"local UIDs {sorted(loc)}")
T.check("the untouched events are still on both sides", {u_out, u_keep} <= set(srv) and {u_out, u_keep} <= set(loc),
        f"{sorted(srv)} / {sorted(loc)}")

# ---------------------------------------------------------------- collection made locally -> server
newcoll = "vds-" + uuid.uuid4().hex[:8]
os.makedirs(os.path.join(local, newcoll))
with open(os.path.join(local, newcoll, "displayname"), "w") as f:
    f.write("Made by vdirsyncer")
u_nc = "vds-newcoll-" + uuid.uuid4().hex
with open(os.path.join(local, newcoll, u_nc + ".ics"), "w", encoding="utf-8", newline="") as f:
    f.write(ics(u_nc, "In a new collection"))
vds("discover", "cal", name="discover after a local collection appeared")
r = request("PROPFIND", f"/calendars/{USER}/{newcoll}/", '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>'
            '<d:resourcetype/></d:prop></d:propfind>', {"Depth": "0", "Content-Type": "application/xml"})
is_cal = r.status == 207 and ET.fromstring(r.body).find(
    ".//{DAV:}resourcetype/{urn:ietf:params:xml:ns:caldav}calendar") is not None
T.check("discover created the local collection on the server as a calendar", is_cal, r.describe())
vds("metasync", "cal", name="metasync after a local collection appeared")
vds("sync", "cal", name="sync of the new collection")
srv_nc = T.step("list the new server calendar", server_items, f"/calendars/{USER}/{newcoll}/") or {}
T.check("event of the new local collection is on the server", u_nc in srv_nc, f"got {sorted(srv_nc)}")
r = request("PROPFIND", f"/calendars/{USER}/{newcoll}/", '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>'
            '<d:displayname/></d:prop></d:propfind>', {"Depth": "0", "Content-Type": "application/xml"})
dn = ET.fromstring(r.body).findtext(".//{DAV:}displayname") if r.status == 207 else None
T.check("metasync set the displayname of the new server calendar", dn == "Made by vdirsyncer", r.describe())

# ---------------------------------------------------------------- final sync is a no-op
vds("sync", name="sync of all pairs (ranged catches up the deletes)")
out = vds("sync", name="final sync of all pairs")
T.check("a sync without changes copies nothing", not re.search(r"Copying|Updating|Deleting", out), out[-2000:])

T.finish()
