#!/usr/bin/python3
"""Replays the discovery and sync request sequences of Apple Calendar, Thunderbird, DAVx5 and
Evolution, and what each reads for scheduling (RFC 6638).

Stdlib only (http.client + xml.etree). The request bodies, headers and orders follow what the
clients send (sources: Apple CalendarAgent traces published with Cyrus' CalDAV client docs and
sabre.io/dav/clients/ical; Thunderbird's calendar/providers/caldav (CalDavProvider
detectCollection, CalDavCalendar checkDavResourceType, CalDavWebDavSyncHandler,
CalDavMultigetSyncHandler); DAVx5's dav4jvm DavCollection.reportChanges, its
collection-properties list and DavResourceFinder (queryEmailAddress, providesService);
evolution-data-server's e-webdav-discover.c (e_webdav_discover_sources_sync) and
e-cal-backend-caldav.c (connect, ecb_caldav_receive_schedule_outbox_url_sync,
ecb_caldav_get_free_busy_from_schedule_outbox_sync)). The answers are checked structurally: status codes, XML
parsed with xml.etree, hrefs that resolve, write privileges on the user's calendar, sync
tokens that change after a PUT and deleted members that come back as 404 in an
incremental sync.
"""
import os
import re
import sys
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOM, SCHED_USERS, USER, Checks, mailto, request  # noqa: E402

T = Checks("discovery")
D, C, CS, ICAL, CARD = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/", \
    "http://apple.com/ns/ical/", "urn:ietf:params:xml:ns:carddav"
PRINCIPAL = f"/principals/users/{USER}/"
HOME = f"/calendars/{USER}/"
DEFAULT_CAL = f"/calendars/{USER}/calendar/"
INBOX = f"/calendars/{USER}/inbox/"
OUTBOX = f"/calendars/{USER}/outbox/"


def q(ns, name):
    return f"{{{ns}}}{name}"


# ---------------------------------------------------------------------------- multistatus parsing
class Ms:
    """A parsed 207 body: responses in order, each {href, status, props{qname: elem}, missing{qname: status}}."""

    def __init__(self, r):
        self.r = r
        self.ok = False
        self.responses = []
        self.sync_token = None
        self.error = None
        if r.status != 207:
            self.error = f"status {r.status}, not 207"
            return
        try:
            root = ET.fromstring(r.body)
        except ET.ParseError as e:
            self.error = f"unparsable XML: {e}"
            return
        if root.tag != q(D, "multistatus"):
            self.error = f"root element {root.tag}"
            return
        self.ok = True
        self.sync_token = root.findtext(q(D, "sync-token"))
        for resp in root.findall(q(D, "response")):
            hrefs = [h.text or "" for h in resp.findall(q(D, "href"))]
            item = {"href": hrefs[0] if hrefs else "", "hrefs": hrefs, "status": resp.findtext(q(D, "status")),
                    "props": {}, "missing": {}}
            for ps in resp.findall(q(D, "propstat")):
                st = ps.findtext(q(D, "status")) or ""
                code = int(st.split()[1]) if len(st.split()) > 1 and st.split()[1].isdigit() else 0
                for p in ps.find(q(D, "prop")) if ps.find(q(D, "prop")) is not None else []:
                    if code == 200:
                        item["props"][p.tag] = p
                    else:
                        item["missing"][p.tag] = code
            self.responses.append(item)

    def by_path(self):
        return {norm(x["href"]): x for x in self.responses}

    def describe(self, limit=1500):
        return (self.error + "\n" if self.error else "") + self.r.describe(limit)


def norm(href):
    """Path of an href (absolute URL or path), percent-decoded."""
    return unquote(urlsplit(href).path) if href else ""


def text(item, tag):
    e = item["props"].get(tag)
    return (e.text or "").strip() if e is not None else None


def href_in(item, tag):
    e = item["props"].get(tag)
    if e is None:
        return None
    h = e.find(q(D, "href"))
    return h.text.strip() if h is not None and h.text else None


def privileges(item):
    e = item["props"].get(q(D, "current-user-privilege-set"))
    if e is None:
        return set()
    return {child.tag for p in e.findall(q(D, "privilege")) for child in p}


def can_write(privs):
    return bool(privs & {q(D, "all"), q(D, "write"), q(D, "write-content")})


def comps(item):
    e = item["props"].get(q(C, "supported-calendar-component-set"))
    return {c.get("name") for c in e.findall(q(C, "comp"))} if e is not None else set()


def reports(item):
    e = item["props"].get(q(D, "supported-report-set"))
    if e is None:
        return set()
    return {child.tag for sr in e.findall(q(D, "supported-report")) for rep in sr.findall(q(D, "report"))
            for child in rep}


def propfind(path, body, depth, headers=None, auth=True):
    h = {"Depth": depth, "Content-Type": "text/xml; charset=utf-8"}
    h.update(headers or {})
    return request("PROPFIND", path, body, h, auth=auth)


def resolves(href):
    """An href from an answer must resolve: PROPFIND Depth 0 on it answers 207 for its own path."""
    p = urlsplit(href).path
    r = propfind(p, '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>', "0")
    ms = Ms(r)
    return ms.ok and norm(ms.responses[0]["href"]) == norm(p) if ms.responses else False, r


def ics(uid, summary, start="20300108T090000Z"):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd conformance//discovery//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:{start}\r\n"
            f"DURATION:PT1H\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def put(path, data, headers=None):
    h = {"Content-Type": "text/calendar; charset=utf-8"}
    h.update(headers or {})
    return request("PUT", path, data, h)


def dav_header(r):
    return ",".join(v for k, v in r.headers if k.lower() == "dav")


def has_class(dav, name):
    return name in [c.strip() for c in dav.split(",")]


def mailto_of(item):
    """The mailto: hrefs of an answer's calendar-user-address-set (RFC 6638 §2.4.1)."""
    cuas = item["props"].get(q(C, "calendar-user-address-set"))
    return [h.text or "" for h in cuas.findall(q(D, "href"))
            if (h.text or "").lower().startswith("mailto:")] if cuas is not None else []


def check_scheduling_boxes(label, ms_principal):
    """RFC 6638 §2.1, §2.2: the principal's inbox and outbox URLs answer PROPFIND as those boxes."""
    p = ms_principal.responses[0]
    for prop, path, kind in (("schedule-inbox-URL", INBOX, "schedule-inbox"),
                             ("schedule-outbox-URL", OUTBOX, "schedule-outbox")):
        href = href_in(p, q(C, prop))
        T.check(f"{label}: {prop} on the principal is {path}", norm(href or "") == path, ms_principal.describe())
        ms = Ms(propfind(norm(href or path), '<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>', "0"))
        rt = ms.responses[0]["props"].get(q(D, "resourcetype")) if ms.ok and ms.responses else None
        T.check(f"{label}: {path} answers PROPFIND with resourcetype collection + C:{kind}, not C:calendar",
                rt is not None and rt.find(q(C, kind)) is not None and rt.find(q(D, "collection")) is not None
                and rt.find(q(C, "calendar")) is None, ms.describe())


def check_hrefs_resolve(label, ms):
    bad = []
    for x in ms.responses:
        if not x["href"].startswith("/") and not x["href"].startswith("http"):
            bad.append(f"{x['href']}: not an absolute path or URL")
            continue
        ok, r = resolves(x["href"])
        if not ok:
            bad.append(f"{x['href']}:\n{r.describe(400)}")
    T.check(f"{label}: every href resolves (PROPFIND Depth 0 -> 207 for that href)", not bad, "\n".join(bad))


# ============================================================================ Apple Calendar
APPLE_HDRS = {"Prefer": "return=minimal", "Brief": "t", "Content-Type": "text/xml",
              "User-Agent": "Mac OS X/10.12.6 (16G29) CalendarAgent/386"}
APPLE_WELLKNOWN = """<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <A:current-user-principal/>
    <A:principal-URL/>
    <A:resourcetype/>
  </A:prop>
</A:propfind>
"""
APPLE_PRINCIPAL = """<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <B:calendar-home-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:calendar-user-address-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:current-user-principal/>
    <A:displayname/>
    <C:dropbox-home-URL xmlns:C="http://calendarserver.org/ns/"/>
    <C:email-address-set xmlns:C="http://calendarserver.org/ns/"/>
    <C:notification-URL xmlns:C="http://calendarserver.org/ns/"/>
    <A:principal-collection-set/>
    <A:principal-URL/>
    <A:resource-id/>
    <B:schedule-inbox-URL xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:schedule-outbox-URL xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:supported-report-set/>
  </A:prop>
</A:propfind>
"""
APPLE_HOME = """<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <A:add-member/>
    <C:allowed-sharing-modes xmlns:C="http://calendarserver.org/ns/"/>
    <D:autoprovisioned xmlns:D="http://apple.com/ns/ical/"/>
    <E:bulk-requests xmlns:E="http://me.com/_namespace/"/>
    <B:calendar-alarm xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <D:calendar-color xmlns:D="http://apple.com/ns/ical/"/>
    <B:calendar-description xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:calendar-free-busy-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <D:calendar-order xmlns:D="http://apple.com/ns/ical/"/>
    <B:calendar-timezone xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:current-user-privilege-set/>
    <B:default-alarm-vevent-date xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:default-alarm-vevent-datetime xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:displayname/>
    <C:getctag xmlns:C="http://calendarserver.org/ns/"/>
    <C:invite xmlns:C="http://calendarserver.org/ns/"/>
    <D:language-code xmlns:D="http://apple.com/ns/ical/"/>
    <D:location-code xmlns:D="http://apple.com/ns/ical/"/>
    <A:owner/>
    <C:pre-publish-url xmlns:C="http://calendarserver.org/ns/"/>
    <C:publish-url xmlns:C="http://calendarserver.org/ns/"/>
    <C:push-transports xmlns:C="http://calendarserver.org/ns/"/>
    <C:pushkey xmlns:C="http://calendarserver.org/ns/"/>
    <A:quota-available-bytes/>
    <A:quota-used-bytes/>
    <D:refreshrate xmlns:D="http://apple.com/ns/ical/"/>
    <A:resource-id/>
    <A:resourcetype/>
    <B:schedule-calendar-transp xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:schedule-default-calendar-URL xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <C:source xmlns:C="http://calendarserver.org/ns/"/>
    <C:subscribed-strip-alarms xmlns:C="http://calendarserver.org/ns/"/>
    <C:subscribed-strip-attachments xmlns:C="http://calendarserver.org/ns/"/>
    <C:subscribed-strip-todos xmlns:C="http://calendarserver.org/ns/"/>
    <B:supported-calendar-component-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:supported-calendar-component-sets xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:supported-report-set/>
    <A:sync-token/>
  </A:prop>
</A:propfind>
"""


def apple():
    print("discovery: ---- Apple Calendar (macOS CalendarAgent / iOS dataaccessd)")
    # 1. well-known, first without credentials (Apple probes unauthenticated)
    r = propfind("/.well-known/caldav", APPLE_WELLKNOWN, "0", APPLE_HDRS, auth=False)
    loc = r.header("Location")
    T.check("apple: unauthenticated PROPFIND /.well-known/caldav -> 301 with a Location",
            r.status == 301 and loc, r.describe())
    target = urlsplit(loc).path if loc else "/"
    T.check("apple: the well-known Location is the service root /", target == "/", f"Location: {loc}")
    r = propfind(target, APPLE_WELLKNOWN, "0", APPLE_HDRS, auth=False)
    T.check("apple: unauthenticated PROPFIND on the root -> 401 with a Basic challenge",
            r.status == 401 and "basic" in (r.header("WWW-Authenticate") or "").lower(), r.describe())
    ms = Ms(propfind(target, APPLE_WELLKNOWN, "0", APPLE_HDRS))
    T.check("apple: PROPFIND root (current-user-principal, principal-URL, resourcetype) -> 207", ms.ok, ms.describe())
    if not ms.ok or not ms.responses:
        return
    cup = href_in(ms.responses[0], q(D, "current-user-principal"))
    T.check("apple: current-user-principal on the root is the user's principal", norm(cup or "") == PRINCIPAL, ms.describe())
    T.check("apple: the root's resourcetype is a collection",
            ms.responses[0]["props"].get(q(D, "resourcetype")) is not None
            and ms.responses[0]["props"][q(D, "resourcetype")].find(q(D, "collection")) is not None, ms.describe())
    # 2. OPTIONS on the principal: the DAV header tells calendar-access
    r = request("OPTIONS", PRINCIPAL, headers={"User-Agent": APPLE_HDRS["User-Agent"]})
    dav = ",".join(v for k, v in r.headers if k.lower() == "dav")
    T.check("apple: OPTIONS principal -> 200 with DAV: 1, ..., calendar-access",
            r.status in (200, 204) and "calendar-access" in dav and re.search(r"(^|[ ,])1([ ,]|$)", dav), r.describe())
    # calendar-auto-schedule (RFC 6638 §2): the server delivers invitations (implicit scheduling)
    T.check("apple: OPTIONS principal announces calendar-auto-schedule",
            has_class(dav, "calendar-auto-schedule"), r.describe())
    # 3. the principal
    ms = Ms(propfind(PRINCIPAL, APPLE_PRINCIPAL, "0", APPLE_HDRS))
    T.check("apple: PROPFIND principal (Apple's 13 properties) -> 207", ms.ok, ms.describe())
    if not ms.ok or not ms.responses:
        return
    p = ms.responses[0]
    T.check("apple: principal answer is for the principal's href", norm(p["href"]) == PRINCIPAL, ms.describe())
    home = href_in(p, q(C, "calendar-home-set"))
    T.check("apple: calendar-home-set is the user's home", norm(home or "") == HOME, ms.describe())
    cuas = p["props"].get(q(C, "calendar-user-address-set"))
    T.check("apple: calendar-user-address-set has at least one href",
            cuas is not None and cuas.find(q(D, "href")) is not None, ms.describe())
    T.check("apple: calendar-user-address-set starts with a mailto: address (iCal's organizer address)",
            cuas is not None and (cuas.findtext(q(D, "href")) or "").lower().startswith("mailto:"), ms.describe())
    check_scheduling_boxes("apple", ms)
    T.check("apple: displayname of the principal is answered (200, or 404 when unset)",
            q(D, "displayname") in p["props"] or q(D, "displayname") in p["missing"], ms.describe())
    if q(D, "displayname") not in p["props"]:
        print("discovery: NOTE the principal has no DAV:displayname (Apple then names the account by host)")
    T.check("apple: principal-URL is the principal", norm(href_in(p, q(D, "principal-URL")) or "") == PRINCIPAL, ms.describe())
    pcs = href_in(p, q(D, "principal-collection-set"))
    T.check("apple: principal-collection-set is present", pcs is not None, ms.describe())
    unknown = [q(CS, "dropbox-home-URL"), q(CS, "email-address-set"), q(CS, "notification-URL")]
    T.check("apple: properties the server does not have are not reported as 200",
            not any(u in p["props"] for u in unknown), ms.describe())
    check_hrefs_resolve("apple: principal", ms)
    # 4. the home, Depth 1, the full iCal list
    ms = Ms(propfind(HOME, APPLE_HOME, "1", APPLE_HDRS))
    T.check("apple: PROPFIND home Depth 1 (iCal's 39 properties) -> 207", ms.ok, ms.describe(3000))
    if not ms.ok:
        return
    by = ms.by_path()
    T.check("apple: home listing has the home first, then its members",
            ms.responses and norm(ms.responses[0]["href"]) == HOME and DEFAULT_CAL in by, ms.describe(3000))
    cal = by.get(DEFAULT_CAL)
    if cal is None:
        return
    rt = cal["props"].get(q(D, "resourcetype"))
    T.check("apple: default calendar resourcetype is collection + calendar",
            rt is not None and rt.find(q(D, "collection")) is not None and rt.find(q(C, "calendar")) is not None,
            ms.describe(3000))
    T.check("apple: default calendar has a displayname", bool(text(cal, q(D, "displayname"))), ms.describe(3000))
    transp = cal["props"].get(q(C, "schedule-calendar-transp"))
    T.check("apple: default calendar's schedule-calendar-transp is opaque (RFC 6638 §9.1)",
            transp is not None and transp.find(q(C, "opaque")) is not None, ms.describe(3000))
    inbox = by.get(INBOX)
    T.check("apple: the home lists the inbox, whose schedule-default-calendar-URL is the default calendar",
            inbox is not None and norm(href_in(inbox, q(C, "schedule-default-calendar-URL")) or "") == DEFAULT_CAL,
            ms.describe(3000))
    T.check("apple: the home lists the outbox", OUTBOX in by, ms.describe(3000))
    T.check("apple: default calendar has a getctag", bool(text(cal, q(CS, "getctag"))), ms.describe(3000))
    T.check("apple: default calendar has a sync-token", bool(text(cal, q(D, "sync-token"))), ms.describe(3000))
    T.check("apple: default calendar supports VEVENT", "VEVENT" in comps(cal), ms.describe(3000))
    privs = privileges(cal)
    T.check("apple: current-user-privilege-set on the calendar grants read and write",
            q(D, "read") in privs or q(D, "all") in privs, f"privileges {sorted(privs)}\n{ms.describe(3000)}")
    T.check("apple: ... and write (else iCal shows the calendar read-only)", can_write(privs),
            f"privileges {sorted(privs)}")
    T.check("apple: owner of the calendar is the user's principal",
            norm(href_in(cal, q(D, "owner")) or "") == PRINCIPAL, ms.describe(3000))
    T.check("apple: home itself grants write (iCal creates calendars there)",
            can_write(privileges(ms.responses[0])), f"privileges {sorted(privileges(ms.responses[0]))}")
    check_hrefs_resolve("apple: home listing", ms)
    for x in ms.responses:   # every member a calendar? then it has the calendar props too
        rtx = x["props"].get(q(D, "resourcetype"))
        if rtx is not None and rtx.find(q(C, "calendar")) is not None:
            T.check(f"apple: calendar {x['href']} has getctag and supported-calendar-component-set",
                    text(x, q(CS, "getctag")) and comps(x), ms.describe(2000))
    # 5. iCal sets color and order with PROPPATCH (dead properties), then reads them back
    r = request("PROPPATCH", DEFAULT_CAL, """<?xml version="1.0" encoding="UTF-8"?>
<A:propertyupdate xmlns:A="DAV:">
  <A:set>
    <A:prop>
      <D:calendar-color xmlns:D="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968FF</D:calendar-color>
      <D:calendar-order xmlns:D="http://apple.com/ns/ical/">3</D:calendar-order>
    </A:prop>
  </A:set>
</A:propertyupdate>
""", {"Content-Type": "text/xml", "User-Agent": APPLE_HDRS["User-Agent"]})
    ms2 = Ms(r)
    T.check("apple: PROPPATCH calendar-color + calendar-order -> 207 with 200 for both",
            ms2.ok and ms2.responses and {q(ICAL, "calendar-color"), q(ICAL, "calendar-order")} <= set(ms2.responses[0]["props"]),
            ms2.describe())
    ms = Ms(propfind(HOME, APPLE_HOME, "1", APPLE_HDRS))
    cal = ms.by_path().get(DEFAULT_CAL) if ms.ok else None
    T.check("apple: the home listing now returns the calendar-color and calendar-order set",
            cal is not None and text(cal, q(ICAL, "calendar-color")) == "#FF2968FF"
            and text(cal, q(ICAL, "calendar-order")) == "3", ms.describe(3000))
    # 6. iCal's event sync: PUT, then PROPFIND Depth 1 getetag on the calendar, then multiget
    ctag0 = text(cal, q(CS, "getctag")) if cal else None
    uid = "apple-" + uuid.uuid4().hex
    href = f"{DEFAULT_CAL}{uid}.ics"
    r = put(href, ics(uid, "Apple"), {"If-None-Match": "*"})
    etag = r.header("ETag")
    T.check("apple: PUT If-None-Match: * of a new event -> 201 with an ETag", r.status == 201 and etag, r.describe())
    ms = Ms(propfind(DEFAULT_CAL, '<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:"><A:prop>'
                     '<A:getcontenttype/><A:getetag/><A:resourcetype/></A:prop></A:propfind>', "1", APPLE_HDRS))
    ev = ms.by_path().get(href) if ms.ok else None
    T.check("apple: PROPFIND Depth 1 on the calendar lists the event with the PUT's ETag and text/calendar",
            ev is not None and text(ev, q(D, "getetag")) == etag
            and (text(ev, q(D, "getcontenttype")) or "").startswith("text/calendar"), ms.describe(2000))
    ms = Ms(propfind(DEFAULT_CAL, '<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:"><A:prop>'
                     '<C:getctag xmlns:C="http://calendarserver.org/ns/"/></A:prop></A:propfind>', "0", APPLE_HDRS))
    ctag1 = text(ms.responses[0], q(CS, "getctag")) if ms.ok and ms.responses else None
    T.check("apple: getctag changed after the PUT", ctag0 and ctag1 and ctag0 != ctag1, f"{ctag0} -> {ctag1}")
    r = request("REPORT", DEFAULT_CAL, f"""<?xml version="1.0" encoding="UTF-8"?>
<B:calendar-multiget xmlns:B="urn:ietf:params:xml:ns:caldav">
  <A:prop xmlns:A="DAV:">
    <A:getetag/>
    <B:calendar-data/>
    <C:updated-by xmlns:C="http://calendarserver.org/ns/"/>
    <C:created-by xmlns:C="http://calendarserver.org/ns/"/>
    <B:schedule-tag/>
  </A:prop>
  <A:href xmlns:A="DAV:">{href}</A:href>
</B:calendar-multiget>
""", {"Content-Type": "text/xml", "Depth": "1", "User-Agent": APPLE_HDRS["User-Agent"]})
    ms = Ms(r)
    ev = ms.by_path().get(href) if ms.ok else None
    T.check("apple: calendar-multiget returns the event's data and ETag",
            ev is not None and f"UID:{uid}" in (text(ev, q(C, "calendar-data")) or "")
            and text(ev, q(D, "getetag")) == etag, ms.describe(2000))
    r = request("DELETE", href, headers={"If-Match": etag})
    T.check("apple: DELETE If-Match -> 204", r.status == 204, r.describe())


# ============================================================================ Thunderbird
TB_HDRS = {"Content-Type": "text/xml; charset=utf-8",
           "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.0"}
TB_DETECT = """<?xml version="1.0" encoding="UTF-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:A="http://apple.com/ns/ical/"><D:prop><D:resourcetype/><D:owner/><D:displayname/><D:current-user-principal/><D:current-user-privilege-set/><A:calendar-color/><C:calendar-home-set/></D:prop></D:propfind>"""
TB_CHECK = """<?xml version="1.0" encoding="UTF-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:A="http://apple.com/ns/ical/"><D:prop><D:resourcetype/><D:owner/><D:current-user-principal/><D:current-user-privilege-set/><D:supported-report-set/><C:supported-calendar-component-set/><CS:getctag/></D:prop></D:propfind>"""


def tb_sync(token):
    tok = "<sync-token/>" if token is None else f"<sync-token>{token}</sync-token>"
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<sync-collection xmlns="DAV:">' + tok +
            "<sync-level>1</sync-level><prop><getcontenttype/><getetag/></prop></sync-collection>")
    # "The depth header adheres to an older version of the webdav-sync spec ... we send both"
    return Ms(request("REPORT", DEFAULT_CAL, body, dict(TB_HDRS, Depth="1")))


def tb_multiget(hrefs):
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<C:calendar-multiget xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>'
            + "".join(f"<D:href>{h}</D:href>" for h in hrefs) + "</C:calendar-multiget>")
    return Ms(request("REPORT", DEFAULT_CAL, body, dict(TB_HDRS, Depth="1")))


def tb_classify(ms):
    """Thunderbird's reading of a sync answer: {href: etag} changed, [href] deleted, [problems]."""
    changed, deleted, problems = {}, [], []
    for x in ms.responses:
        h = norm(x["href"])
        st = x["status"] or ""
        ctype = text(x, q(D, "getcontenttype"))
        if (not ctype or ctype == "text/plain") and h.endswith(".ics"):
            ctype = "text/calendar"
        if st and " 404" in st:
            deleted.append(h)
        elif ctype and ctype.startswith("text/calendar") and text(x, q(D, "getetag")):
            changed[h] = text(x, q(D, "getetag"))
        elif h.endswith("/") and (not st or " 200" in st):
            pass   # a status response for the collection itself: Thunderbird ignores it
        else:
            problems.append(f"{x['href']} status={st!r} props={sorted(x['props'])} missing={x['missing']}")
    return changed, deleted, problems


TB_PRINCIPAL = """<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-home-set/><C:calendar-user-address-set/><C:schedule-inbox-URL/><C:schedule-outbox-URL/></D:prop></D:propfind>"""


def thunderbird():
    print("discovery: ---- Thunderbird (calendar/providers/caldav)")
    # detectCollection on the URL the user typed (the calendar URL)
    ms = Ms(propfind(DEFAULT_CAL, TB_DETECT, "0", TB_HDRS))
    T.check("thunderbird: detectCollection PROPFIND Depth 0 on the calendar URL -> 207", ms.ok, ms.describe())
    if ms.ok and ms.responses:
        x = ms.responses[0]
        rt = x["props"].get(q(D, "resourcetype"))
        T.check("thunderbird: resourcetype has C:calendar", rt is not None and rt.find(q(C, "calendar")) is not None,
                ms.describe())
        T.check("thunderbird: current-user-principal present on the calendar",
                norm(href_in(x, q(D, "current-user-principal")) or "") == PRINCIPAL, ms.describe())
    # OPTIONS: Thunderbird reads the DAV header (calendar-access, auto-schedule)
    r = request("OPTIONS", DEFAULT_CAL, headers={"User-Agent": TB_HDRS["User-Agent"]})
    dav = ",".join(v for k, v in r.headers if k.lower() == "dav")
    allow = ",".join(v for k, v in r.headers if k.lower() == "allow")
    T.check("thunderbird: OPTIONS on the calendar -> 2xx with DAV calendar-access",
            r.status in (200, 204) and "calendar-access" in dav, r.describe())
    T.check("thunderbird: OPTIONS on the calendar announces calendar-auto-schedule",
            has_class(dav, "calendar-auto-schedule"), r.describe())
    # CalDavCalendar.checkServerCaps: OPTIONS on the home decides whether the server schedules
    r = request("OPTIONS", HOME, headers={"User-Agent": TB_HDRS["User-Agent"]})
    T.check("thunderbird: OPTIONS on the home -> 2xx with calendar-auto-schedule (the server schedules)",
            r.status in (200, 204) and has_class(dav_header(r), "calendar-auto-schedule"), r.describe())
    # CalDavCalendar.findPrincipalNS / checkPrincipalsNameSpace: the user's address and boxes
    ms = Ms(propfind(PRINCIPAL, TB_PRINCIPAL, "0", TB_HDRS))
    T.check("thunderbird: PROPFIND principal (address, inbox, outbox) -> 207", ms.ok and bool(ms.responses), ms.describe())
    if ms.ok and ms.responses:
        T.check("thunderbird: calendar-user-address-set has a mailto: address (TB's organizer identity)",
                bool(mailto_of(ms.responses[0])), ms.describe())
        check_scheduling_boxes("thunderbird", ms)
    T.check("thunderbird: Allow lists PROPFIND, REPORT, PUT, DELETE",
            all(m in allow for m in ("PROPFIND", "REPORT", "PUT", "DELETE")), r.describe())
    # checkDavResourceType
    ms = Ms(propfind(DEFAULT_CAL, TB_CHECK, "0", TB_HDRS))
    T.check("thunderbird: checkDavResourceType PROPFIND Depth 0 -> 207", ms.ok, ms.describe())
    if not ms.ok or not ms.responses:
        return
    x = ms.responses[0]
    T.check("thunderbird: supported-report-set announces sync-collection (else TB falls back to etag polling)",
            q(D, "sync-collection") in reports(x), f"reports {sorted(reports(x))}\n{ms.describe()}")
    T.check("thunderbird: supported-report-set announces calendar-multiget and calendar-query",
            {q(C, "calendar-multiget"), q(C, "calendar-query")} <= reports(x), f"reports {sorted(reports(x))}")
    T.check("thunderbird: VEVENT (and VTODO) in supported-calendar-component-set", "VEVENT" in comps(x),
            f"comps {comps(x)}")
    T.check("thunderbird: the calendar is writable for the user", can_write(privileges(x)),
            f"privileges {sorted(privileges(x))}")
    T.check("thunderbird: owner is the principal", norm(href_in(x, q(D, "owner")) or "") == PRINCIPAL, ms.describe())
    ctag0 = text(x, q(CS, "getctag"))
    T.check("thunderbird: getctag present", bool(ctag0), ms.describe())

    uids = {k: f"tb-{k}-{uuid.uuid4().hex}" for k in ("a", "b", "c", "d")}
    hrefs = {k: f"{DEFAULT_CAL}{u}.ics" for k, u in uids.items()}
    etags = {}
    for k in ("a", "b", "c"):
        r = put(hrefs[k], ics(uids[k], f"TB {k}"), {"If-None-Match": "*"})
        etags[k] = r.header("ETag")
        T.check(f"thunderbird: PUT {k} -> 201 + ETag", r.status == 201 and etags[k], r.describe())
    # initial sync: empty <sync-token/>, Depth: 1
    ms = tb_sync(None)
    T.check("thunderbird: sync-collection with <sync-token/> and Depth: 1 -> 207", ms.ok, ms.describe(2000))
    if not ms.ok:
        return
    changed, deleted, problems = tb_classify(ms)
    T.check("thunderbird: initial sync lists the 3 events with text/calendar + their ETags, nothing deleted",
            {hrefs[k]: etags[k] for k in "abc"}.items() <= changed.items() and not deleted,
            f"changed {changed}\ndeleted {deleted}\n{ms.describe(2000)}")
    T.check("thunderbird: no response Thunderbird would count as an unhandled error", not problems, "\n".join(problems))
    t1 = ms.sync_token
    T.check("thunderbird: initial sync returns a sync-token", bool(t1), ms.describe(1000))
    ms = tb_multiget(list(changed))
    got = {norm(y["href"]): y for y in ms.responses} if ms.ok else {}
    T.check("thunderbird: multiget (Depth: 1) of the changed hrefs returns data + ETag for each",
            ms.ok and all(h in got and text(got[h], q(D, "getetag")) == e and "BEGIN:VCALENDAR" in (text(got[h], q(C, "calendar-data")) or "")
                          for h, e in changed.items()), ms.describe(2000))
    # changes: modify a, delete b, create d
    r = put(hrefs["a"], ics(uids["a"], "TB a changed"), {"If-Match": etags["a"]})
    T.check("thunderbird: PUT If-Match (modify) -> 204, never 200", r.status == 204, r.describe())
    etags["a2"] = r.header("ETag")
    r = request("DELETE", hrefs["b"], headers={"If-Match": etags["b"]})
    T.check("thunderbird: DELETE If-Match -> 204", r.status == 204, r.describe())
    r = put(hrefs["d"], ics(uids["d"], "TB d"), {"If-None-Match": "*"})
    etags["d"] = r.header("ETag")
    T.check("thunderbird: PUT d -> 201", r.status == 201, r.describe())
    ms = Ms(propfind(DEFAULT_CAL, TB_CHECK, "0", TB_HDRS))
    ctag1 = text(ms.responses[0], q(CS, "getctag")) if ms.ok and ms.responses else None
    T.check("thunderbird: getctag changed after the changes", ctag1 and ctag1 != ctag0, f"{ctag0} -> {ctag1}")
    ms = tb_sync(t1)
    T.check("thunderbird: incremental sync-collection (Depth: 1) -> 207", ms.ok, ms.describe(2000))
    if not ms.ok:
        return
    changed, deleted, problems = tb_classify(ms)
    T.check("thunderbird: incremental sync reports a (new ETag) and d as changed",
            changed.get(hrefs["a"]) == etags["a2"] and changed.get(hrefs["d"]) == etags["d"],
            f"changed {changed}\n{ms.describe(2000)}")
    T.check("thunderbird: incremental sync does not report the unchanged c", hrefs["c"] not in changed, f"changed {changed}")
    T.check("thunderbird: incremental sync reports b deleted (response status 404)", deleted == [hrefs["b"]],
            f"deleted {deleted}\n{ms.describe(2000)}")
    T.check("thunderbird: no unhandled responses in the incremental sync", not problems, "\n".join(problems))
    t2 = ms.sync_token
    T.check("thunderbird: sync-token changed", t2 and t2 != t1, f"{t1} -> {t2}")
    ms = tb_sync(t2)
    changed, deleted, problems = tb_classify(ms) if ms.ok else ({"?": "?"}, [], [])
    T.check("thunderbird: sync with the newest token reports nothing",
            ms.ok and not changed and not deleted and not problems and ms.sync_token == t2,
            f"changed {changed} deleted {deleted} token {ms.sync_token} vs {t2}\n{ms.describe(1500)}")
    for k in ("a", "c", "d"):
        request("DELETE", hrefs[k])


def book_room(label, days):
    """The user books an hour of the room (ORGANIZER the user, the room as ATTENDEE), `days` from
    today at 09:00Z; the room accepts at once. Returns (href, start text, day start, day end)."""
    t = (datetime.now(timezone.utc) + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
    day = t.strftime("%Y%m%d")
    start = t.strftime("%Y%m%dT%H%M%SZ")
    uid = f"{label}-room-{uuid.uuid4().hex}"
    body = ics(uid, f"{label}: room booked", start).replace(
        "SUMMARY:", f"ORGANIZER:{mailto(USER)}\r\nATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:{mailto(ROOM)}\r\n"
        "SUMMARY:", 1)
    href = f"{DEFAULT_CAL}{uid}.ics"
    r = put(href, body)
    got = request("GET", href)
    T.check(f"{label}: the user books {ROOM} for {start} (PUT 201) and the room accepts",
            r.status == 201 and "PARTSTAT=ACCEPTED" in got.text.replace("\r\n ", ""), r.describe() + "\n" + got.text)
    nxt = (t + timedelta(days=1)).strftime("%Y%m%d")
    return href, start, f"{day}T000000Z", f"{nxt}T000000Z"


def thunderbird_freebusy():
    """CalDavCalendar.getFreeBusyIntervals: one POST per attendee to the outbox, with Originator and
    Recipient headers; CalDavFreeBusyResponse reads C:recipient, C:request-status, C:calendar-data."""
    print("discovery: ---- Thunderbird free-busy (CalDavFreeBusyRequest)")
    ms = Ms(propfind(PRINCIPAL, TB_PRINCIPAL, "0", TB_HDRS))
    p = ms.responses[0] if ms.ok and ms.responses else None
    organizer = (mailto_of(p) or [""])[0] if p else ""
    outbox = norm(href_in(p, q(C, "schedule-outbox-URL")) or "") if p else ""
    T.check("thunderbird: free-busy: the principal gives a mailto: address and the outbox",
            organizer.lower() == mailto(USER) and outbox == OUTBOX, ms.describe())
    if not SCHED_USERS or not ROOM:
        print("discovery: NOTE thunderbird free-busy not replayed: no CALDAV_SCHED_USERS / CALDAV_ROOM")
        return
    href, start, day0, day1 = book_room("thunderbird", 61)
    # one request per attendee: the room (bookable: anyone may see its busy time) and another
    # user (an individual: private, docs/scheduling.md), which Thunderbird then shows as unknown
    for recipient, visible in ((mailto(ROOM), True), (mailto(SCHED_USERS[-1][0]), False)):
        body = "\r\n".join([
            "BEGIN:VCALENDAR", "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN", "VERSION:2.0",
            "METHOD:REQUEST", "BEGIN:VFREEBUSY", "DTSTAMP:20240101T000000Z", f"ORGANIZER:{organizer}",
            f"DTSTART:{day0}", f"DTEND:{day1}", f"UID:{uuid.uuid4()}",
            f"ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL:{recipient}",
            "END:VFREEBUSY", "END:VCALENDAR"]) + "\r\n"
        r = request("POST", outbox or OUTBOX, body, {"Content-Type": "text/calendar; charset=utf-8",
                                                     "Originator": organizer, "Recipient": recipient,
                                                     "User-Agent": TB_HDRS["User-Agent"]})
        try:
            root = ET.fromstring(r.body) if r.status == 200 else None
        except ET.ParseError:
            root = None
        resp = root.find(q(C, "response")) if root is not None and root.tag == q(C, "schedule-response") else None
        T.check(f"thunderbird: free-busy POST for {recipient} with Originator/Recipient -> 200, a C:schedule-response "
                "with one C:response", resp is not None and len(root.findall(q(C, "response"))) == 1, r.describe(3000))
        if resp is None:
            continue
        got = (resp.findtext(f"{q(C, 'recipient')}/{q(D, 'href')}") or "").lower()
        status = resp.findtext(q(C, "request-status")) or ""
        data = (resp.findtext(q(C, "calendar-data")) or "").replace("\r\n ", "").replace("\n ", "")
        if visible:
            T.check(f"thunderbird: free-busy: {ROOM}: request-status 2.x (TB reads only those) and a VFREEBUSY "
                    f"busy from {start}", got == recipient and status.startswith("2")
                    and "BEGIN:VFREEBUSY" in data and f"{start}/" in data, r.describe(3000))
        else:
            T.check("thunderbird: free-busy: another user's busy time is private: request-status 3.8, no data "
                    "(TB skips it)", got == recipient and status.startswith("3.8") and not data.strip(),
                    r.describe(3000))
    request("DELETE", href)

# ============================================================================ DAVx5
DAVX5_HDRS = {"Content-Type": "application/xml; charset=utf-8", "Accept-Encoding": "identity",
              "User-Agent": "DAVx5/4.4.3.2-ose (2024/10/01; dav4jvm; okhttp/4.12.0) Android/14"}
DAVX5_DISCOVER = """<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><prop><resourcetype /><displayname /><CARD:addressbook-home-set /><CAL:calendar-home-set /><current-user-principal /><CAL:calendar-user-address-set /></prop></propfind>"""
DAVX5_HOME = """<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CARD="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/" xmlns:ICAL="http://apple.com/ns/ical/" xmlns:P="https://bitfire.at/webdav-push"><prop><resourcetype /><current-user-privilege-set /><displayname /><owner /><CARD:addressbook-description /><CARD:supported-address-data /><CAL:calendar-description /><ICAL:calendar-color /><CAL:supported-calendar-component-set /><CS:source /><P:push-transports /><P:topic /></prop></propfind>"""
DAVX5_EMAIL = """<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><prop><CAL:calendar-user-address-set /></prop></propfind>"""
DAVX5_CAPS = """<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/"><prop><CAL:max-resource-size /><supported-report-set /><CS:getctag /><sync-token /></prop></propfind>"""


def davx5_sync(path, token):
    tok = "<sync-token />" if token is None else f"<sync-token>{token}</sync-token>"
    body = ("<?xml version='1.0' encoding='UTF-8' ?><sync-collection xmlns=\"DAV:\">" + tok +
            "<sync-level>1</sync-level><prop><getetag /></prop></sync-collection>")
    return Ms(request("REPORT", path, body, dict(DAVX5_HDRS, Depth="0")))


def davx5():
    print("discovery: ---- DAVx5 (dav4jvm / okhttp)")
    # okhttp keeps method and body of a PROPFIND across a redirect
    r = propfind("/.well-known/caldav", DAVX5_DISCOVER, "0", DAVX5_HDRS)
    loc = r.header("Location")
    T.check("davx5: PROPFIND /.well-known/caldav (authenticated) -> 301 Location /", r.status == 301 and loc
            and urlsplit(loc).path == "/", r.describe())
    ms = Ms(propfind(urlsplit(loc or "/").path or "/", DAVX5_DISCOVER, "0", DAVX5_HDRS))
    T.check("davx5: PROPFIND on the redirect target -> 207", ms.ok, ms.describe())
    if not ms.ok or not ms.responses:
        return
    cup = href_in(ms.responses[0], q(D, "current-user-principal"))
    T.check("davx5: current-user-principal found at the service root", norm(cup or "") == PRINCIPAL, ms.describe())
    T.check("davx5: the root reports no calendar-home-set as 200 (it is the principal's)",
            q(C, "calendar-home-set") not in ms.responses[0]["props"]
            or norm(href_in(ms.responses[0], q(C, "calendar-home-set")) or "") == HOME, ms.describe())
    ms = Ms(propfind(norm(cup or PRINCIPAL), DAVX5_DISCOVER, "0", DAVX5_HDRS))
    T.check("davx5: PROPFIND principal -> 207", ms.ok, ms.describe())
    if not ms.ok or not ms.responses:
        return
    home = href_in(ms.responses[0], q(C, "calendar-home-set"))
    T.check("davx5: calendar-home-set on the principal is the home", norm(home or "") == HOME, ms.describe())
    T.check("davx5: addressbook-home-set is not claimed (CalDAV only): 404 or absent",
            q(CARD, "addressbook-home-set") not in ms.responses[0]["props"], ms.describe())
    rt = ms.responses[0]["props"].get(q(D, "resourcetype"))
    T.check("davx5: principal's resourcetype has DAV:principal",
            rt is not None and rt.find(q(D, "principal")) is not None, ms.describe())
    T.check("davx5: calendar-user-address-set has a mailto: address (DAVx5's account e-mail for invitations)",
            bool(mailto_of(ms.responses[0])), ms.describe())
    # DavResourceFinder.providesService: OPTIONS on the principal must say calendar-access
    r = request("OPTIONS", norm(cup or PRINCIPAL), headers={"User-Agent": DAVX5_HDRS["User-Agent"]})
    T.check("davx5: OPTIONS on the principal -> 2xx with DAV calendar-access (providesService)",
            r.status in (200, 204) and has_class(dav_header(r), "calendar-access"), r.describe())
    T.check("davx5: ... and calendar-auto-schedule: the server sends the invitations DAVx5 uploads (RFC 6638 §2)",
            has_class(dav_header(r), "calendar-auto-schedule"), r.describe())
    # DavResourceFinder.queryEmailAddress: PROPFIND Depth 0 with calendar-user-address-set alone;
    # the mailto: addresses become the account name and the ORGANIZER of the events DAVx5 writes
    ms_addr = Ms(propfind(norm(cup or PRINCIPAL), DAVX5_EMAIL, "0", DAVX5_HDRS))
    mails = mailto_of(ms_addr.responses[0]) if ms_addr.ok and ms_addr.responses else []
    T.check(f"davx5: queryEmailAddress (PROPFIND calendar-user-address-set) finds {mailto(USER)}",
            [m.lower() for m in mails] == [mailto(USER)], ms_addr.describe())
    # collection list
    ms = Ms(propfind(HOME, DAVX5_HOME, "1", DAVX5_HDRS))
    T.check("davx5: PROPFIND home Depth 1 with DAVx5's collection properties -> 207", ms.ok, ms.describe(3000))
    if not ms.ok:
        return
    cal = ms.by_path().get(DEFAULT_CAL)
    T.check("davx5: the default calendar is listed", cal is not None, ms.describe(3000))
    inbox = ms.by_path().get(INBOX)
    T.check("davx5: the inbox is listed as a schedule-inbox, so DAVx5 does not sync it as a calendar",
            inbox is not None and inbox["props"].get(q(D, "resourcetype")) is not None
            and inbox["props"][q(D, "resourcetype")].find(q(C, "schedule-inbox")) is not None
            and inbox["props"][q(D, "resourcetype")].find(q(C, "calendar")) is None, ms.describe(3000))
    if cal is None:
        return
    T.check("davx5: its resourcetype is calendar",
            cal["props"].get(q(D, "resourcetype")) is not None
            and cal["props"][q(D, "resourcetype")].find(q(C, "calendar")) is not None, ms.describe(3000))
    T.check("davx5: current-user-privilege-set grants write (else DAVx5 syncs it read-only)",
            can_write(privileges(cal)), f"privileges {sorted(privileges(cal))}")
    T.check("davx5: calendar-color answered (200 or 404, never an error for the response)",
            q(ICAL, "calendar-color") in cal["props"] or q(ICAL, "calendar-color") in cal["missing"]
            or not cal["missing"], ms.describe(3000))
    T.check("davx5: VEVENT in supported-calendar-component-set", "VEVENT" in comps(cal), ms.describe(3000))
    T.check("davx5: CardDAV properties on a calendar are not 200",
            q(CARD, "supported-address-data") not in cal["props"], ms.describe(3000))
    check_hrefs_resolve("davx5: home listing", ms)
    # capabilities of the collection
    ms = Ms(propfind(DEFAULT_CAL, DAVX5_CAPS, "0", DAVX5_HDRS))
    T.check("davx5: PROPFIND Depth 0 max-resource-size, supported-report-set, getctag, sync-token -> 207",
            ms.ok, ms.describe())
    if not ms.ok or not ms.responses:
        return
    x = ms.responses[0]
    T.check("davx5: sync-collection announced", q(D, "sync-collection") in reports(x), f"{sorted(reports(x))}")
    mrs = text(x, q(C, "max-resource-size"))
    T.check("davx5: max-resource-size is a positive integer", mrs is not None and mrs.isdigit() and int(mrs) > 0,
            ms.describe())
    tok_prop = text(x, q(D, "sync-token"))
    T.check("davx5: sync-token property present", bool(tok_prop), ms.describe())

    uids = {k: f"dx-{k}-{uuid.uuid4().hex}" for k in ("a", "b", "c")}
    hrefs = {k: f"{DEFAULT_CAL}{u}.ics" for k, u in uids.items()}
    etags = {}
    for k in ("a", "b"):
        r = put(hrefs[k], ics(uids[k], f"DX {k}"), {"If-None-Match": "*"})
        etags[k] = r.header("ETag")
        T.check(f"davx5: PUT {k} If-None-Match: * -> 201 + ETag", r.status == 201 and etags[k], r.describe())
    # initial sync: <sync-token /> empty, Depth: 0
    ms = davx5_sync(DEFAULT_CAL, None)
    T.check("davx5: sync-collection with an empty token, Depth: 0 -> 207", ms.ok, ms.describe(2000))
    if not ms.ok:
        return
    t1 = ms.sync_token
    listed = {norm(y["href"]): text(y, q(D, "getetag")) for y in ms.responses if not (y["status"] or "").count(" 404")}
    T.check("davx5: initial sync lists a and b with their ETags",
            listed.get(hrefs["a"]) == etags["a"] and listed.get(hrefs["b"]) == etags["b"], f"{listed}\n{ms.describe(2000)}")
    T.check("davx5: initial sync-token differs from the PROPFIND's (two PUTs since)", t1 and t1 != tok_prop,
            f"{tok_prop} -> {t1}")
    T.check("davx5: the collection itself is not among the members", DEFAULT_CAL not in listed, f"{listed}")
    # multiget
    body = ("<?xml version='1.0' encoding='UTF-8' ?><CAL:calendar-multiget xmlns=\"DAV:\" "
            "xmlns:CAL=\"urn:ietf:params:xml:ns:caldav\"><prop><getcontenttype /><getetag /><CAL:calendar-data />"
            "</prop>" + "".join(f"<href>{h}</href>" for h in (hrefs["a"], hrefs["b"])) + "</CAL:calendar-multiget>")
    ms = Ms(request("REPORT", DEFAULT_CAL, body, dict(DAVX5_HDRS, Depth="0")))
    got = ms.by_path() if ms.ok else {}
    T.check("davx5: calendar-multiget (Depth: 0) returns data, ETag, content type for both",
            ms.ok and all(h in got and text(got[h], q(D, "getetag")) == etags[k]
                          and (text(got[h], q(D, "getcontenttype")) or "").startswith("text/calendar")
                          and f"UID:{uids[k]}" in (text(got[h], q(C, "calendar-data")) or "") for k, h in
                          (("a", hrefs["a"]), ("b", hrefs["b"]))), ms.describe(2000))
    # changes
    r = put(hrefs["a"], ics(uids["a"], "DX a changed"), {"If-Match": etags["a"]})
    T.check("davx5: PUT If-Match -> 204", r.status == 204, r.describe())
    etags["a2"] = r.header("ETag")
    T.check("davx5: the modifying PUT returns a new ETag", etags["a2"] and etags["a2"] != etags["a"],
            f"{etags['a']} -> {etags['a2']}")
    r = request("DELETE", hrefs["b"], headers={"If-Match": etags["b"]})
    T.check("davx5: DELETE -> 204", r.status == 204, r.describe())
    r = put(hrefs["c"], ics(uids["c"], "DX c"), {"If-None-Match": "*"})
    etags["c"] = r.header("ETag")
    ms = davx5_sync(DEFAULT_CAL, t1)
    T.check("davx5: incremental sync with the returned token -> 207", ms.ok, ms.describe(2000))
    if not ms.ok:
        return
    by = ms.by_path()
    T.check("davx5: a (new ETag) and c reported", text(by.get(hrefs["a"], {"props": {}}), q(D, "getetag")) == etags["a2"]
            and text(by.get(hrefs["c"], {"props": {}}), q(D, "getetag")) == etags["c"], ms.describe(2000))
    b = by.get(hrefs["b"])
    T.check("davx5: b reported deleted: a response with status 404 and no propstat",
            b is not None and " 404" in (b["status"] or "") and not b["props"], ms.describe(2000))
    t2 = ms.sync_token
    T.check("davx5: new sync-token", t2 and t2 != t1, f"{t1} -> {t2}")
    ms = davx5_sync(DEFAULT_CAL, t2)
    T.check("davx5: sync with the newest token lists nothing", ms.ok and not ms.responses, ms.describe(1500))
    # a token the server never gave: 403 DAV:valid-sync-token (DAVx5 then restarts with an empty token)
    r = request("REPORT", DEFAULT_CAL, "<?xml version='1.0' encoding='UTF-8' ?><sync-collection xmlns=\"DAV:\">"
                "<sync-token>http://example.com/not-a-token/1</sync-token><sync-level>1</sync-level>"
                "<prop><getetag /></prop></sync-collection>", dict(DAVX5_HDRS, Depth="0"))
    T.check("davx5: an unknown sync token -> 403 with DAV:valid-sync-token",
            r.status == 403 and "valid-sync-token" in r.text, r.describe())
    for k in ("a", "c"):
        request("DELETE", hrefs[k])


# ============================================================================ Evolution
EVO_HDRS = {"Content-Type": "application/xml; charset=utf-8", "User-Agent": "Evolution/3.52.4"}
# e_webdav_discover_propfind_uri_sync: the user-given URL, then (only_sets) the principal
EVO_DISCOVER = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="urn:ietf:params:xml:ns:carddav"><D:prop><D:resourcetype/><D:current-user-principal/><D:principal-URL/><C:calendar-home-set/><C:calendar-user-address-set/><A:addressbook-home-set/></D:prop></D:propfind>"""
EVO_SETS = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="urn:ietf:params:xml:ns:carddav"><D:prop><C:calendar-home-set/><C:calendar-user-address-set/><A:addressbook-home-set/></D:prop></D:propfind>"""
# e_webdav_session_list_sync with SUPPORTS | DISPLAY_NAME | DESCRIPTION | COLOR
EVO_LIST = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:IC="http://apple.com/ns/ical/"><D:prop><D:resourcetype/><C:supported-calendar-component-set/><D:displayname/><C:calendar-description/><IC:calendar-color/></D:prop></D:propfind>"""


def evo_prop(path, inner, as_user=None):
    body = f'<?xml version="1.0" encoding="utf-8"?>\n<D:propfind xmlns:D="DAV:" xmlns:C="{C}"><D:prop>{inner}</D:prop></D:propfind>'
    return Ms(request("PROPFIND", path, body, dict(EVO_HDRS, Depth="0"), as_user=as_user))


def evo_freebusy(organizer, attendees, start, end):
    """ecb_caldav_get_free_busy_from_schedule_outbox_sync's VFREEBUSY request (one ATTENDEE per user)."""
    lines = ["BEGIN:VCALENDAR", "CALSCALE:GREGORIAN", "PRODID:-//Ximian//NONSGML Evolution Calendar//EN",
             "VERSION:2.0", "METHOD:REQUEST", "BEGIN:VFREEBUSY", f"UID:{uuid.uuid4()}", "DTSTAMP:20240101T000000Z",
             f"DTSTART:{start}", f"DTEND:{end}", f"ORGANIZER:{organizer}"]
    lines += [f"ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=CHAIR:{a}" for a in attendees]
    return "\r\n".join(lines + ["END:VFREEBUSY", "END:VCALENDAR"]) + "\r\n"


def evolution():
    print("discovery: ---- Evolution (evolution-data-server: e-webdav-discover.c, e-cal-backend-caldav.c)")
    # 1. discovery from the server URL the user typed
    ms = Ms(propfind("/", EVO_DISCOVER, "0", EVO_HDRS))
    T.check("evolution: PROPFIND / (resourcetype, current-user-principal, principal-URL, home sets, "
            "calendar-user-address-set) -> 207", ms.ok and bool(ms.responses), ms.describe())
    if not ms.ok or not ms.responses:
        return
    cup = href_in(ms.responses[0], q(D, "current-user-principal"))
    T.check("evolution: current-user-principal at the root is the principal", norm(cup or "") == PRINCIPAL, ms.describe())
    # 2. the principal, sets only: the home and the user's addresses
    ms = Ms(propfind(norm(cup or PRINCIPAL), EVO_SETS, "0", EVO_HDRS))
    T.check("evolution: PROPFIND principal (calendar-home-set, calendar-user-address-set) -> 207",
            ms.ok and bool(ms.responses), ms.describe())
    if not ms.ok or not ms.responses:
        return
    home = href_in(ms.responses[0], q(C, "calendar-home-set"))
    T.check("evolution: calendar-home-set is the home", norm(home or "") == HOME, ms.describe())
    mails = [m.lower() for m in mailto_of(ms.responses[0])]
    T.check(f"evolution: the mailto: address Evolution takes as the account's e-mail is {mailto(USER)}",
            mails == [mailto(USER)], ms.describe())
    # 3. the home, Depth 1: calendars only; the inbox and outbox are no calendars
    ms = Ms(propfind(norm(home or HOME), EVO_LIST, "1", EVO_HDRS))
    T.check("evolution: PROPFIND home Depth 1 (resourcetype, components, displayname, description, color) -> 207",
            ms.ok, ms.describe(3000))
    if not ms.ok:
        return
    cals = [norm(x["href"]) for x in ms.responses if x["props"].get(q(D, "resourcetype")) is not None
            and x["props"][q(D, "resourcetype")].find(q(C, "calendar")) is not None]
    T.check("evolution: the default calendar is discovered as a calendar with VEVENT",
            DEFAULT_CAL in cals and "VEVENT" in comps(ms.by_path()[DEFAULT_CAL]), ms.describe(3000))
    T.check("evolution: the inbox and the outbox are not offered as calendars",
            INBOX not in cals and OUTBOX not in cals and INBOX in ms.by_path() and OUTBOX in ms.by_path(),
            f"calendars {cals}\n{ms.describe(3000)}")
    # 4. OPTIONS on each discovered calendar: calendar-auto-schedule makes the source's "server
    #    handles meeting invitations" (E_CAL_STATIC_CAPABILITY_CREATE_MESSAGES | SAVE_SCHEDULES)
    for cal in cals:
        r = request("OPTIONS", cal, headers={"User-Agent": EVO_HDRS["User-Agent"]})
        T.check(f"evolution: OPTIONS {cal} announces calendar-auto-schedule (the server sends invitations)",
                r.status in (200, 204) and has_class(dav_header(r), "calendar-auto-schedule"), r.describe())
    # 5. the calendar backend connects: OPTIONS (calendar-access; calendar-schedule gates the
    #    free-busy POST), current-user-privilege-set (writable), getctag
    r = request("OPTIONS", DEFAULT_CAL, headers={"User-Agent": EVO_HDRS["User-Agent"]})
    dav = dav_header(r)
    T.check("evolution: connect: OPTIONS on the calendar -> 2xx with calendar-access", r.status in (200, 204)
            and has_class(dav, "calendar-access"), r.describe())
    T.check("evolution: connect: OPTIONS announces calendar-schedule too: Evolution asks the outbox for "
            "free-busy only then (ecb_caldav_get_free_busy_from_schedule_outbox_sync)",
            has_class(dav, "calendar-schedule"), r.describe())
    ms = evo_prop(DEFAULT_CAL, "<D:current-user-privilege-set/>")
    T.check("evolution: connect: current-user-privilege-set grants write (else the calendar is read-only)",
            ms.ok and ms.responses and can_write(privileges(ms.responses[0])), ms.describe())
    ms = evo_prop(DEFAULT_CAL, f'<CS:getctag xmlns:CS="{CS}"/>')
    T.check("evolution: connect: getctag answered", ms.ok and ms.responses and bool(text(ms.responses[0], q(CS, "getctag"))),
            ms.describe())
    # 6. free-busy of the attendees: owner of the calendar -> its schedule-outbox-URL -> POST
    if not SCHED_USERS or not ROOM:
        print("discovery: NOTE evolution free-busy not replayed: no CALDAV_SCHED_USERS / CALDAV_ROOM")
        return
    other = SCHED_USERS[0][0]
    href, start, day0, day1 = book_room("evolution", 62)
    ms = evo_prop(DEFAULT_CAL, "<D:owner/>")
    owner = href_in(ms.responses[0], q(D, "owner")) if ms.ok and ms.responses else None
    T.check("evolution: free-busy: DAV:owner of the calendar is the principal", norm(owner or "") == PRINCIPAL, ms.describe())
    ms = evo_prop(norm(owner or PRINCIPAL), "<C:schedule-outbox-URL/>")
    outbox = href_in(ms.responses[0], q(C, "schedule-outbox-URL")) if ms.ok and ms.responses else None
    T.check("evolution: free-busy: schedule-outbox-URL of the owner is the outbox", norm(outbox or "") == OUTBOX,
            ms.describe())
    attendees = [mailto(USER), mailto(ROOM), mailto(other)]
    r = request("POST", norm(outbox or OUTBOX), evo_freebusy(mailto(USER), attendees, day0, day1),
                {"Content-Type": "text/calendar; charset=utf-8", "User-Agent": EVO_HDRS["User-Agent"]})
    T.check("evolution: free-busy: POST to the outbox -> 200 with an XML body", r.status == 200
            and (r.header("Content-Type") or "").split(";")[0].strip() in ("application/xml", "text/xml"), r.describe())
    try:
        root = ET.fromstring(r.body) if r.status == 200 else None
    except ET.ParseError:
        root = None
    got = {}
    if root is not None and root.tag == q(C, "schedule-response"):
        for resp in root.findall(q(C, "response")):
            got[(resp.findtext(f"{q(C, 'recipient')}/{q(D, 'href')}") or "").lower()] = (
                resp.findtext(q(C, "request-status")) or "",
                (resp.findtext(q(C, "calendar-data")) or "").replace("\r\n ", "").replace("\n ", ""))
    T.check("evolution: free-busy: /C:schedule-response/C:response for each attendee (what Evolution parses)",
            set(got) == set(attendees), r.describe(3000))
    for who in (USER, ROOM):
        st, data = got.get(mailto(who), ("", ""))
        T.check(f"evolution: free-busy: {who}: request-status 2.0 and a VFREEBUSY busy from {start} (the booking)",
                st.startswith("2.0") and "BEGIN:VFREEBUSY" in data and f"{start}/" in data, r.describe(3000))
    st, data = got.get(mailto(other), ("", ""))
    T.check(f"evolution: free-busy: {other}'s busy time is private: request-status 3.8 and no calendar-data "
            "(Evolution leaves it blank)", st.startswith("3.8") and not data.strip(), r.describe(3000))
    request("DELETE", href)

for scenario in (apple, thunderbird, thunderbird_freebusy, davx5, evolution):
    T.step(scenario.__name__, scenario)
T.finish()
