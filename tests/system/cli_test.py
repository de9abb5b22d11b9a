#!/usr/bin/python3
"""Admin CLI test: `caldavd calendar` and `caldavd audit` against the real binary and server.

  create:  `calendar create` makes a bookable calendar with a policy; a second create of the
           same calendar, or one for a user who does not exist, fails and changes nothing.
  propfind: the server returns the policy the CLI stored, as PROPPATCH would have stored it.
  booking: two overlapping bookings over HTTP: the first is created, the second refused
           (403, urn:caldavd:booking slot-unavailable).
  audit:   `audit list --calendar PATH` shows the first PUT (time, actor, method, href, UID,
           ETags) and not the refused one, one line per entry (also for a name holding an
           encoded line feed); --since after it shows nothing.
  set:     an invalid value exits 2 with the reason and changes nothing (a valid value given
           with it is not stored either); KEY= removes a value.
  list:    `calendar list` shows the calendar as bookable with its values.
  principal: `principal add` makes a room (auto-schedule automatic by default) and a resource
           with its own address; a missing --auto-schedule (not a room), an unknown type or
           value exits 2, a taken name 3; `principal list` shows the principals (not the
           users); `principal set` changes one (also a user who logs in: a bookable provider), refuses an unknown
           name (1); the principal's calendar is bookable; a principal cannot log in (401).
  grant:   `grant PATH USER write` lets another user read and write the calendar over HTTP
           (delegation, RFC 3744 grants); `revoke PATH USER` takes it back; an unknown user,
           privilege or a path that is no calendar exits 2 and grants nothing.
"""
import os
import random
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caldav_harness as h  # noqa: E402

USER = "alice"
CALENDAR = "/calendars/%s/book" % USER
BOOKING_NS = "urn:caldavd:booking"
POLICY = {"min-notice": "PT1H", "max-bookings-per-day": "4", "buffer-after": "PT10M"}


def caldavd(*args):
    """Runs the binary; returns (exit code, stdout, stderr) as text."""
    r = subprocess.run([h.CALDAVD] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def event(uid, start, minutes):
    fmt = "%Y%m%dT%H%M%SZ"
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caldavd//cli test//EN\r\nBEGIN:VEVENT\r\n"
            "UID:%s\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:Appointment\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n" % (
                uid, time.strftime(fmt, time.gmtime(start)), time.strftime(fmt, time.gmtime(start + minutes * 60))
            )).encode()


def propfind_policy(client):
    names = "".join("<B:%s/>" % name for name in ["booking-rules-enabled", "max-advance"] + sorted(POLICY))
    body = ('<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:B="%s"><D:prop>%s</D:prop></D:propfind>'
            % (BOOKING_NS, names)).encode()
    return client.request("PROPFIND", CALENDAR + "/", body=body,
                          headers={"Depth": "0", "Content-Type": "application/xml"})


def main():
    failures, passed = [], 0

    def check(name, cond, msg=""):
        nonlocal passed
        if cond:
            passed += 1
        else:
            failures.append("%s: %s" % (name, msg))
        return cond

    storage = h.Storage(name="cli")
    server = h.Server(storage.url, os.path.join(storage.workdir, "caldavd.log"))
    password = "pw-%x" % random.getrandbits(48)
    url = storage.url
    try:
        h.add_user(url, USER, password)

        # --- create ---------------------------------------------------------------------------
        args = ["calendar", "create", USER, "book", "--display-name", "Consultations", "--bookable"]
        for name, value in sorted(POLICY.items()):
            args += ["--set", "%s=%s" % (name, value)]
        rc, out, err = caldavd(*(args + ["--storage", url]))
        if not check("create", rc == 0, "exit %d: %s" % (rc, err)):
            return failures, passed
        rc, _, err = caldavd("calendar", "create", USER, "book", "--storage", url)
        check("create again", rc == 3 and "exists" in err, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("calendar", "create", "nobody", "book", "--storage", url)
        check("create for an unknown user", rc != 0 and "nobody" in err, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("calendar", "create", USER, "other", "--set", "min-notice=soon", "--storage", url)
        check("create with an invalid value", rc == 2 and "min-notice" in err, "exit %d: %s" % (rc, err))
        rc, out, _ = caldavd("calendar", "list", USER, "--storage", url)
        check("invalid create stores nothing", "/other" not in out, out)

        # --- set: invalid changes nothing, KEY= removes ------------------------------------------
        rc, _, err = caldavd("calendar", "set", USER, "book", "buffer-before=PT5M", "max-advance=soon",
                             "--storage", url)
        check("set invalid exits 2", rc == 2, "exit %d: %s" % (rc, err))
        check("set invalid names the reason", "max-advance" in err and "duration" in err, err)
        rc, _, err = caldavd("calendar", "set", USER, "book", "max-bookings-per-day=0", "--storage", url)
        check("set a count below 1 exits 2", rc == 2, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("calendar", "set", USER, "book", "max-advance=P90D", "--storage", url)
        check("set valid", rc == 0, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("calendar", "set", USER, "book", "max-advance=", "--storage", url)
        check("set KEY= removes", rc == 0, "exit %d: %s" % (rc, err))

        # --- list -------------------------------------------------------------------------------
        rc, out, err = caldavd("calendar", "list", "--storage", url)
        lines = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
        want = " ".join("%s=%s" % item for item in sorted(POLICY.items()))
        check("list", rc == 0 and CALENDAR in lines, "exit %d: %s %s" % (rc, out, err))
        if CALENDAR in lines:
            check("list shows the calendar bookable with its values",
                  lines[CALENDAR][1:] == ["Consultations", "bookable", want], lines[CALENDAR])
        check("list shows the default calendar as plain",
              lines.get("/calendars/%s/calendar" % USER, [""] * 3)[2] == "plain", out)

        # --- principals -------------------------------------------------------------------------
        rc, _, err = caldavd("principal", "add", "room1", "--type", "room", "--storage", url)
        check("principal add room", rc == 0 and "automatic" in err, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "add", "beamer", "--type", "resource", "--auto-schedule", "accept-if-free",
                             "--email", "beamer@example.org", "--storage", url)
        check("principal add resource", rc == 0, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "add", "provider", "--type", "individual", "--storage", url)
        check("principal add without --auto-schedule exits 2", rc == 2 and "--auto-schedule" in err,
              "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "add", "hall", "--type", "building", "--storage", url)
        check("principal add with an unknown type exits 2", rc == 2 and "--type" in err, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "add", "hall", "--type", "room", "--auto-schedule", "sometimes",
                             "--storage", url)
        check("principal add with an unknown value exits 2", rc == 2 and "auto-schedule" in err,
              "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "add", "room1", "--type", "room", "--storage", url)
        check("principal add again exits 3", rc == 3 and "exists" in err, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "set", "room1", "--auto-schedule", "decline-if-busy", "--storage", url)
        check("principal set", rc == 0, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "set", USER, "--auto-schedule", "automatic", "--storage", url)
        check("principal set on a user who logs in (a bookable provider)", rc == 0, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("principal", "set", "nobody", "--type", "room", "--storage", url)
        check("principal set on an unknown name exits 1", rc == 1 and "nobody" in err, "exit %d: %s" % (rc, err))
        rc, out, err = caldavd("principal", "list", "--storage", url)
        check("principal list", rc == 0 and [line.split("\t") for line in out.splitlines()] == [
            ["beamer", "resource", "accept-if-free", "beamer@example.org"],
            ["room1", "room", "decline-if-busy", "room1@localhost"]], "exit %d: %r %s" % (rc, out, err))
        rc, out, err = caldavd("calendar", "list", "room1", "--storage", url)
        check("a principal's calendar is bookable", rc == 0 and out.split("\t")[:3] == [
            "/calendars/room1/calendar", "Calendar", "bookable"], "exit %d: %r %s" % (rc, out, err))

        # --- PROPFIND sees what the CLI stored ---------------------------------------------------
        server.start()
        for attempt in ["", "room1", password]:
            status, _, _ = h.Client(server.port, "room1", attempt).request(
                "PROPFIND", "/principals/users/room1/", headers={"Depth": "0"})
            check("a principal cannot log in (password %r)" % attempt, status == 401, status)
        client = h.Client(server.port, USER, password)
        status, _, body = propfind_policy(client)
        text = body.decode(errors="replace")
        check("propfind", status == 207, "%d %s" % (status, text))
        for name, value in [("booking-rules-enabled", "true")] + sorted(POLICY.items()):
            found = re.search(r"<(?:\w+:)?%s[^>]*>\s*%s\s*</(?:\w+:)?%s>" % (name, re.escape(value), name), text)
            check("propfind %s" % name, found, text)
        check("propfind: a removed value is gone", re.search(r"max-advance[^<]*/>.*404", text, re.S), text)

        # --- two overlapping bookings: the second is refused -------------------------------------
        start = (int(time.time()) // 3600 + 48) * 3600   # two days ahead, on the hour
        status, headers, body = client.request("PUT", CALENDAR + "/first.ics", body=event("first-booking", start, 30),
                                               headers={"Content-Type": "text/calendar", "If-None-Match": "*"})
        check("first booking", status == 201, "%d %s" % (status, body[:300]))
        etag = headers.get("etag", "")
        status, _, body = client.request("PUT", CALENDAR + "/second.ics",
                                         body=event("second-booking", start + 15 * 60, 30),
                                         headers={"Content-Type": "text/calendar", "If-None-Match": "*"})
        check("overlapping booking refused", status == 403 and b"slot-unavailable" in body,
              "%d %s" % (status, body[:300]))
        # A name with an encoded line feed is data (docs/caldav.md): its audit entry stays one line.
        status, _, body = client.request("PUT", CALENDAR + "/line%0Abreak.ics",
                                         body=event("third-booking", start + 3 * 3600, 30),
                                         headers={"Content-Type": "text/calendar", "If-None-Match": "*"})
        check("third booking, later that day", status == 201, "%d %s" % (status, body[:300]))
        server.stop()

        # --- audit ------------------------------------------------------------------------------
        rc, out, err = caldavd("audit", "list", "--calendar", CALENDAR + "/", "--storage", url)
        check("audit list", rc == 0, "exit %d: %s" % (rc, err))
        entries = [line.split("\t") for line in out.splitlines()]
        check("audit: two entries, the first and the third PUT", len(entries) == 2, out)
        check("audit: a line feed in a name stays on its line",
              len(entries) == 2 and entries[1][3] == CALENDAR + "/line%0Abreak.ics", out)
        if entries:
            e = entries[0]
            check("audit: fields", len(e) == 8, e)
            check("audit: time is ISO 8601 UTC", re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", e[0]), e)
            check("audit: actor, method, href, UID", e[1:5] == [USER, "PUT", CALENDAR + "/first.ics",
                                                                 "first-booking"], e)
            check("audit: ETags", len(e) > 5 and e[5] == "- -> %s" % etag, (e, etag))
            check("audit: changed properties", len(e) > 6 and "DTSTART" in e[6], e)
        check("audit: the refused PUT is absent", "second" not in out, out)
        rc, out, err = caldavd("audit", "list", "--calendar", CALENDAR, "--since", str(int(time.time()) + 3600),
                               "--storage", url)
        check("audit --since later: nothing", rc == 0 and out == "", "exit %d: %r %s" % (rc, out, err))
        rc, out, err = caldavd("audit", "list", "--since", "2000-01-01T00:00:00Z", "--limit", "5", "--storage", url)
        check("audit --since ISO 8601, --limit", rc == 0 and "first-booking" in out, "exit %d: %s %s" % (rc, out, err))
        rc, _, err = caldavd("audit", "list", "--since", "yesterday", "--storage", url)
        check("audit --since invalid exits 2", rc == 2 and "--since" in err, "exit %d: %s" % (rc, err))

        # --- grant and revoke (delegation) --------------------------------------------------------
        delegate_password = "pw-%x" % random.getrandbits(48)
        h.add_user(url, "bob", delegate_password)
        rc, _, err = caldavd("grant", CALENDAR + "/", "nobody", "write", "--storage", url)
        check("grant to an unknown user exits 2", rc == 2 and "nobody" in err, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("grant", CALENDAR, "bob", "everything", "--storage", url)
        check("grant an unknown privilege exits 2", rc == 2 and "everything" in err, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("grant", CALENDAR + "/first.ics", "bob", "read", "--storage", url)
        check("grant on an object resource exits 2", rc == 2, "exit %d: %s" % (rc, err))
        rc, _, err = caldavd("grant", CALENDAR + "/", "bob", "write", "--storage", url)
        check("grant write", rc == 0, "exit %d: %s" % (rc, err))
        server.start()
        delegate = h.Client(server.port, "bob", delegate_password)
        status, _, body = delegate.request("GET", CALENDAR + "/first.ics")
        check("the delegate reads", status == 200, "%d %s" % (status, body[:300]))
        status, _, body = delegate.request("PUT", CALENDAR + "/by-delegate.ics",
                                           body=event("by-delegate", start + 24 * 3600, 30),
                                           headers={"Content-Type": "text/calendar", "If-None-Match": "*"})
        check("the delegate books", status == 201, "%d %s" % (status, body[:300]))
        server.stop()
        rc, _, err = caldavd("revoke", CALENDAR, "bob", "--storage", url)
        check("revoke", rc == 0, "exit %d: %s" % (rc, err))
        server.start()
        delegate = h.Client(server.port, "bob", delegate_password)
        status, _, body = delegate.request("GET", CALENDAR + "/first.ics")
        check("revoked: the delegate is refused", status == 403, "%d %s" % (status, body[:300]))
        server.stop()
        rc, out, _ = caldavd("audit", "list", "--calendar", CALENDAR, "--storage", url)
        check("audit names the delegate as actor", "\tbob\tPUT\t" in out, out)
    finally:
        server.stop()
        storage.close(keep=bool(failures))
    return failures, passed


if __name__ == "__main__":
    h.run_main(main)
