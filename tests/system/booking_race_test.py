#!/usr/bin/python3
"""Booking race test: concurrent overlapping bookings, exactly one commits (issue 11 item 4).

A booking calendar ({urn:caldavd:booking}booking-rules-enabled = true) refuses a busy event
that overlaps a busy instance of the same owner (403, DAV:error with
<slot-unavailable xmlns="urn:caldavd:booking"/>). Here K = 50 clients PUT 50 different events
(different UIDs and paths) whose times all overlap, at the same moment: connections are opened
first, then the threads are released by a barrier. Scenarios, each ROUNDS times, each round on
fresh calendars and in a time window of its own (the owner's other calendars count):

  one-calendar:   the 50 PUTs into one booking calendar: exactly one 2xx, 49 x 403 with
                  slot-unavailable; the calendar then holds exactly one event, the winner's.
  two-calendars:  the PUTs alternate between two booking calendars of the same owner:
                  exactly one 2xx in total; the two calendars hold one event together.
  two-processes:  PostgreSQL only: a second caldavd on the same database, the PUTs alternate
                  between the two processes (and between two booking calendars): exactly one
                  2xx. The lock is the database's, not the process's.
  moves:          50 overlapping events wait in a transparent calendar of the owner (which
                  blocks nothing); 50 clients MOVE one each into a booking calendar at once
                  (on PostgreSQL through both processes): exactly one 2xx, 49 x 403 with
                  slot-unavailable; the booking calendar holds the winner, the transparent
                  one the other 49. ROUNDS/2 rounds.
  invitations:    a bookable room (caldavd principal add --type room --auto-schedule
                  automatic); 50 organizer events that invite it, written at once by three users
                  (through both processes on PostgreSQL): the room accepts exactly one (its
                  organizer's copy says PARTSTAT=ACCEPTED), declines the other 49, and its
                  calendar holds one booking. Every PUT itself succeeds: a refusal is the room's
                  answer, not the organizer's error.
  control:        the same 50 PUTs into a plain (non-booking) calendar: 50 x 2xx and 50
                  events. This shows the contenders do overlap and the test would catch a
                  server that did not apply the rule.

Environment: CALDAV_BOOKING_RACE_ROUNDS (5 on SQLite, 3 on PostgreSQL), CALDAV_BOOKING_RACE_CLIENTS (50), plus those of
caldav_harness.
"""
import os
import random
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caldav_harness as h  # noqa: E402

# Every booking check takes the owner's lock and reads the owner's calendars, one writer after
# the other: 50 contenders take about 2 s on PostgreSQL here, 0.1 s on SQLite.
ROUNDS = int(os.environ.get("CALDAV_BOOKING_RACE_ROUNDS", "5" if h.BACKEND == "sqlite" else "3"))
K = int(os.environ.get("CALDAV_BOOKING_RACE_CLIENTS", "50"))
USER = "booker"
ORGANIZERS = ["org1", "org2", "org3"]
ROOM = "room"
HOME = "/calendars/%s/" % USER
BOOKING_NS = "urn:caldavd:booking"
ENABLE = (b'<D:propertyupdate xmlns:D="DAV:" xmlns:B="urn:caldavd:booking"><D:set><D:prop>'
          b'<B:booking-rules-enabled>true</B:booking-rules-enabled></D:prop></D:set></D:propertyupdate>')
TRANSPARENT = (b'<D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
               b'<C:schedule-calendar-transp><C:transparent/></C:schedule-calendar-transp></D:prop></D:set>'
               b'</D:propertyupdate>')
PROPFIND_ETAGS = (b'<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>')
DAY = 86400
# Bookings must lie in the future (in-the-past is always on): a window per round, a month ahead.
BASE = (int(time.time()) // DAY + 30) * DAY


def utc(seconds):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))


def event(uid, start, end):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//booking race//EN\r\nBEGIN:VEVENT\r\n"
            "UID:%s\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:%s\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n" % (uid, utc(start), utc(end), uid)).encode()


def invitation(uid, start, end, organizer):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//booking race//EN\r\nBEGIN:VEVENT\r\n"
            "UID:%s\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:%s\r\n"
            "ORGANIZER:mailto:%s@localhost\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:%s@localhost\r\n"
            "ATTENDEE;CUTYPE=ROOM;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:%s@localhost\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
            % (uid, utc(start), utc(end), uid, organizer, organizer, ROOM)).encode()


def room_partstat(body):
    """The room's PARTSTAT in an organizer's copy ("" if not found)."""
    text = body.decode(errors="replace").replace("\r\n ", "").replace("\r\n\t", "")
    for line in text.split("\r\n"):
        if line.startswith("ATTENDEE") and ("mailto:%s@localhost" % ROOM) in line:
            for param in line.split(":", 1)[0].split(";"):
                if param.startswith("PARTSTAT="):
                    return param[len("PARTSTAT="):]
    return ""


def contenders(window, tag):
    """K events in `window` (a day index) that pairwise overlap: contender i is
    [10:00 + i min, 11:00 + i min), so all of them hold 10:49-11:00."""
    start = BASE + window * DAY + 10 * 3600
    return [("%s-%d-%x" % (tag, i, random.getrandbits(32)), start + i * 60, start + 3600 + i * 60)
            for i in range(K)]


def is_slot_unavailable(result):
    if not isinstance(result, tuple) or result[0] != 403:
        return False
    try:
        root = ET.fromstring(result[2])
    except ET.ParseError:
        return False
    return root.tag == "{DAV:}error" and root.find("{%s}slot-unavailable" % BOOKING_NS) is not None


def describe(result):
    if not isinstance(result, tuple):
        return repr(result)
    return "%d %s" % (result[0], result[2][:160].decode(errors="replace"))


def members(client, calendar):
    """The hrefs of the calendar's members (PROPFIND Depth: 1)."""
    st, _, data = client.request("PROPFIND", calendar, body=PROPFIND_ETAGS,
                                 headers={"Depth": "1", "Content-Type": "application/xml"})
    if st != 207:
        raise RuntimeError("PROPFIND %s answered %d" % (calendar, st))
    hrefs = [e.text for e in ET.fromstring(data).iter("{DAV:}href")]
    return sorted(href for href in hrefs if href and href.rstrip("/") != calendar.rstrip("/"))


def make_calendar(client, path, booking, update=None):
    """MKCALENDAR, then PROPPATCH with `update` (booking: the booking rules enabled)."""
    st, _, _ = client.request("MKCALENDAR", path, body=b"")
    if st != 201:
        raise RuntimeError("MKCALENDAR %s answered %d" % (path, st))
    update = ENABLE if booking else update
    if update:
        st, _, data = client.request("PROPPATCH", path, body=update, headers={"Content-Type": "application/xml"})
        if st != 207 or b"200" not in data:
            raise RuntimeError("PROPPATCH %s answered %d: %r" % (path, st, data[:300]))


def main():
    failures, passed = [], 0
    storage = h.Storage(name="brace")
    servers = [h.Server(storage.url, os.path.join(storage.workdir, "caldavd-1.log"))]
    password = "pw-%x" % random.getrandbits(48)

    def check(name, cond, msg):
        nonlocal passed
        if cond:
            passed += 1
        else:
            failures.append("%s: %s" % (name, msg))
        return cond

    try:
        h.add_user(storage.url, USER, password)
        for organizer in ORGANIZERS:
            h.add_user(storage.url, organizer, password)
        h.add_principal(storage.url, ROOM)
        servers[0].start()
        if h.BACKEND != "sqlite":
            servers.append(h.Server(storage.url, os.path.join(storage.workdir, "caldavd-2.log")))
            servers[1].start()
        admin = h.Client(servers[0].port, USER, password)
        window = 0

        def run_round(name, calendars, booking, ports):
            """One round: K contenders spread over `calendars` and `ports` (round robin)."""
            nonlocal window
            window += 1
            for calendar in calendars:
                make_calendar(admin, calendar, booking)
            clients = [h.Client(ports[i % len(ports)], USER, password, timeout=60) for i in range(K)]
            events = contenders(window, name.split()[0])
            requests = []
            for i, (uid, start, end) in enumerate(events):
                path = "%s%s.ics" % (calendars[i % len(calendars)], uid)
                requests.append(("PUT", path, event(uid, start, end),
                                 {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}))
            began = time.monotonic()
            results = h.race(clients, requests)
            elapsed = time.monotonic() - began
            for client in clients:
                client.close()
            wins = [i for i, r in enumerate(results) if isinstance(r, tuple) and 200 <= r[0] < 300]
            admin.close()  # idle through the race: the server may have closed it
            stored = sorted(href for calendar in calendars for href in members(admin, calendar))
            try:
                verify(name, booking, results, wins, requests, stored, elapsed)
            finally:
                # The owner's calendars are all read by every booking check: keep the home small.
                for calendar in calendars:
                    admin.request("DELETE", calendar)

        def verify(name, booking, results, wins, requests, stored, elapsed):
            if not booking:
                check(name, len(wins) == K, "%d of %d PUTs into a plain calendar succeeded (want all); first "
                      "other answer: %s" % (len(wins), K, next((describe(r) for r in results
                                                                  if not (isinstance(r, tuple) and r[0] < 300)), "-")))
                check(name, len(stored) == K, "%d events stored, want %d" % (len(stored), K))
                h.log("%s: %d x 2xx in %.2fs" % (name, len(wins), elapsed))
                return
            refused = [i for i, r in enumerate(results) if is_slot_unavailable(r)]
            others = [describe(r) for i, r in enumerate(results) if i not in wins and i not in refused]
            check(name, len(wins) == 1 and len(refused) == K - 1,
                  "%d x 2xx, %d x 403 slot-unavailable, others: %s (want 1 and %d)"
                  % (len(wins), len(refused), others[:3], K - 1))
            check(name, len(stored) == 1, "the calendars hold %d events, want 1: %s" % (len(stored), stored[:5]))
            if len(wins) == 1 and len(stored) == 1:
                check(name, stored[0] == requests[wins[0]][1],
                      "stored %s, the winner PUT %s" % (stored[0], requests[wins[0]][1]))
                st, _, body = admin.request("GET", requests[wins[0]][1])
                check(name, st == 200 and body == requests[wins[0]][2], "GET of the winner answered %d" % st)
            h.log("%s: %d x 2xx, %d x 403 in %.2fs" % (name, len(wins), len(refused), elapsed))

        def run_move_round(name, ports):
            """K overlapping events wait in a transparent calendar (which blocks nothing); K
            clients MOVE one each into a booking calendar at once: exactly one arrives."""
            nonlocal window
            window += 1
            held, target = "%sheld-%d/" % (HOME, window), "%smoved-%d/" % (HOME, window)
            make_calendar(admin, held, False, TRANSPARENT)
            make_calendar(admin, target, True)
            requests = []
            for i, (uid, start, end) in enumerate(contenders(window, "moved")):
                st, _, _ = admin.request("PUT", "%s%s.ics" % (held, uid), body=event(uid, start, end),
                                         headers={"Content-Type": "text/calendar; charset=utf-8"})
                if st != 201:
                    raise RuntimeError("PUT into %s answered %d" % (held, st))
                port = ports[i % len(ports)]
                requests.append(("MOVE", "%s%s.ics" % (held, uid), None,
                                 {"Destination": "http://127.0.0.1:%d%s%s.ics" % (port, target, uid),
                                  "Overwrite": "F"}))
            clients = [h.Client(ports[i % len(ports)], USER, password, timeout=60) for i in range(K)]
            began = time.monotonic()
            results = h.race(clients, requests)
            elapsed = time.monotonic() - began
            for client in clients:
                client.close()
            admin.close()
            wins = [i for i, r in enumerate(results) if isinstance(r, tuple) and 200 <= r[0] < 300]
            refused = [i for i, r in enumerate(results) if is_slot_unavailable(r)]
            others = [describe(r) for i, r in enumerate(results) if i not in wins and i not in refused]
            check(name, len(wins) == 1 and len(refused) == K - 1,
                  "%d x 2xx, %d x 403 slot-unavailable, others: %s (want 1 and %d)"
                  % (len(wins), len(refused), others[:3], K - 1))
            arrived, left = members(admin, target), members(admin, held)
            check(name, len(arrived) == 1 and len(left) == K - 1,
                  "the booking calendar holds %d events, the transparent one %d (want 1 and %d)"
                  % (len(arrived), len(left), K - 1))
            if len(wins) == 1 and len(arrived) == 1:
                want = target + requests[wins[0]][1].rsplit("/", 1)[1]
                check(name, arrived[0] == want, "the winner moved to %s, the booking calendar holds %s"
                      % (want, arrived[0]))
            for calendar in (held, target):
                admin.request("DELETE", calendar)
            h.log("%s: %d x 2xx, %d x 403 in %.2fs" % (name, len(wins), len(refused), elapsed))

        def run_invitation_round(name, ports):
            """K organizer events inviting the bookable room, written at once by several
            users: the room accepts exactly one."""
            nonlocal window
            window += 1
            requests, owners = [], []
            events = contenders(window, "invite")
            for i, (uid, start, end) in enumerate(events):
                organizer = ORGANIZERS[i % len(ORGANIZERS)]
                owners.append(organizer)
                requests.append(("PUT", "/calendars/%s/calendar/%s.ics" % (organizer, uid),
                                 invitation(uid, start, end, organizer),
                                 {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}))
            clients = [h.Client(ports[i % len(ports)], owners[i], password, timeout=60) for i in range(K)]
            began = time.monotonic()
            results = h.race(clients, requests)
            elapsed = time.monotonic() - began
            for client in clients:
                client.close()
            created = [i for i, r in enumerate(results) if isinstance(r, tuple) and r[0] == 201]
            check(name, len(created) == K, "%d of %d organizer PUTs succeeded (want all); first other: %s"
                  % (len(created), K, next((describe(r) for r in results
                                            if not (isinstance(r, tuple) and r[0] == 201)), "-")))
            answers = []
            for i, (_, path, _, _) in enumerate(requests):
                reader = h.Client(ports[0], owners[i], password)
                st, _, body = reader.request("GET", path)
                reader.close()
                answers.append(room_partstat(body) if st == 200 else "GET %d" % st)
            accepted = [i for i, a in enumerate(answers) if a == "ACCEPTED"]
            declined = [i for i, a in enumerate(answers) if a == "DECLINED"]
            check(name, len(accepted) == 1 and len(declined) == K - 1,
                  "the room accepted %d and declined %d (want 1 and %d); others: %s"
                  % (len(accepted), len(declined), K - 1,
                     [a for a in answers if a not in ("ACCEPTED", "DECLINED")][:3]))
            # The room's busy time in the window (free-busy is readable by every user for a
            # bookable principal): exactly the accepted booking.
            st, _, data = admin.request("REPORT", "/calendars/%s/calendar/" % ROOM, body=(
                '<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="%s" end="%s"/>'
                '</C:free-busy-query>' % (utc(BASE + window * DAY), utc(BASE + (window + 1) * DAY))).encode(),
                headers={"Depth": "1", "Content-Type": "application/xml"})
            text = data.decode(errors="replace").replace("\r\n ", "")
            busy = [line.split(":", 1)[1] for line in text.split("\r\n") if line.startswith("FREEBUSY")]
            want = ""
            if len(accepted) == 1:
                _, start, end = events[accepted[0]]
                want = "%s/%s" % (utc(start), utc(end))
            check(name, st == 200 and busy == [want], "the room's busy time in the window is %s (REPORT %d), "
                  "want [%s]" % (busy, st, want))
            admin.close()
            h.log("%s: %d accepted, %d declined in %.2fs" % (name, len(accepted), len(declined), elapsed))

        for n in range(ROUNDS):
            run_round("one-calendar #%d" % n, ["%sone-%d/" % (HOME, n)], True, [servers[0].port])
            run_round("two-calendars #%d" % n, ["%sa-%d/" % (HOME, n), "%sb-%d/" % (HOME, n)], True,
                      [servers[0].port])
            if len(servers) > 1:
                run_round("two-processes #%d" % n, ["%spa-%d/" % (HOME, n), "%spb-%d/" % (HOME, n)], True,
                          [s.port for s in servers])
        for n in range(max(1, ROUNDS // 2)):
            run_move_round("moves #%d" % n, [s.port for s in servers])
        for n in range(max(1, ROUNDS // 2)):
            run_invitation_round("invitations #%d" % n, [s.port for s in servers])
        run_round("control (plain calendar)", ["%splain/" % HOME], False, [s.port for s in servers])

        for i, server in enumerate(servers):
            if not server.alive():
                failures.append("caldavd %d died during the test" % (i + 1))
            code = server.stop()
            if code != 0:
                failures.append("SIGTERM: caldavd %d exit code %s" % (i + 1, code))
        if failures:
            for i, server in enumerate(servers):
                print("---- caldavd %d log tail ----\n%s" % (i + 1, server.log_tail(30)))
        return failures, passed
    finally:
        for server in servers:
            server.kill9()
        storage.close()


if __name__ == "__main__":
    h.run_main(main)
