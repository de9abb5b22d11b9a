"""Booking a room through python3-caldav 0.11 (issue 12): the room is a bookable principal
(`caldavd principal add room1 --type room --auto-schedule automatic`, made by run.sh) that
answers invitations at once by the booking rules of its calendar (docs/scheduling.md).

Three users book the same hour, each the way a user of the library does it: an event saved with
`Calendar.save_with_invites(ical, ["mailto:room1@..."], cutype="ROOM")` (ORGANIZER from the
principal, the room as ATTENDEE), then the organizer's copy read back with `event_by_uid`:

1. clientuser books: the room's ATTENDEE comes back PARTSTAT=ACCEPTED (the REPLY processed
   in the organizer's write, RFC 6638 §3.2.7), and the room's free-busy (an outbox POST through
   `Principal.freebusy_request`, RFC 6638 §5) shows the hour busy;
2. clientuser2 books the same hour: PARTSTAT=DECLINED, with SCHEDULE-STATUS 4.1 ("Event
   conflict. Date-time is busy.", RFC 5546 §3.6) or a REQUEST-STATUS 4.1 on the event;
3. clientuser deletes its booking (the server sends the room a CANCEL): the room is free again
   in its free-busy, and clientuser3's booking of that hour is ACCEPTED.

Checks are printed as "roomBooking: <what>"; a failure shows the exchanges of the scenario.
"""
import uuid
from datetime import timedelta

import caldav

import python_caldav_data as D
from common import BASE, ROOM, SCHED_USERS, mailto
from python_caldav_mirror import Mirror
from python_caldav_tests_scheduling import attendee, freebusy_post, future_slot, schedule_response


def book(m, calendar, uid, start, summary):
    """Saves an event with the room as ATTENDEE; returns the organizer's copy as read back."""
    calendar.save_with_invites(D.sched(uid, start, summary), [mailto(ROOM)], cutype="ROOM")
    put = m.last("PUT")
    m.check(f"{summary}: the PUT is answered 201", put and put[2] == 201)
    return calendar.event_by_uid(uid)


def room_busy(m, principal, t0, label):
    """The room's free-busy around t0 through the outbox; returns the FREEBUSY text or None."""
    raw = freebusy_post(m, principal, t0 - timedelta(hours=2), t0 + timedelta(hours=3), [mailto(ROOM)])
    resp = schedule_response(raw) if raw.strip().startswith("<") else None
    status, data = (resp or {}).get(mailto(ROOM), ("", ""))
    m.check(f"{label}: the schedule-response answers for the room with request-status 2.0 and a VFREEBUSY",
            status.startswith("2.0") and "BEGIN:VFREEBUSY" in data, raw[:1500])
    return data.replace("\r\n ", "").replace("\n ", "") if "BEGIN:VFREEBUSY" in data else None


def roomBooking(m):
    users = [(m.principal, m.client)]
    for name, password in SCHED_USERS[:2]:
        c = m.record(caldav.DAVClient(url=BASE + "/", username=name, password=password, timeout=20), who=name)
        users.append((c.principal(), c))
    cals = [p.make_calendar(name="Room bookings", cal_id=f"booking-{uuid.uuid4().hex[:8]}") for p, _ in users]
    m.calendars.extend(cals)
    start, t0 = future_slot(14, 10)
    slot = f"{start}/PT1H"
    uids = [f"room-booking-{i}-{uuid.uuid4().hex}@caldavd.test" for i in range(3)]

    first = book(m, cals[0], uids[0], start, "First booking")
    room = attendee(first, mailto(ROOM)) or {}
    m.eq("first booking: the room accepted at once (PARTSTAT in the organizer's copy)", room.get("PARTSTAT"), "ACCEPTED")
    m.check("first booking: the room's SCHEDULE-STATUS says its reply was processed (2.0)",
            room.get("SCHEDULE-STATUS", "").startswith("2.0"), first.data)
    busy = room_busy(m, users[0][0], t0, "room free-busy after the first booking")
    m.check("room free-busy after the first booking: the hour is busy (FREEBUSY " + slot + ")",
            busy is not None and (slot in busy or f"{start}/" in busy), busy)

    second = book(m, cals[1], uids[1], start, "Second booking")
    room = attendee(second, mailto(ROOM)) or {}
    m.eq("second booking of the same hour: the room declined", room.get("PARTSTAT"), "DECLINED")
    m.check("second booking: why is said, SCHEDULE-STATUS 4.1 or REQUEST-STATUS 4.1 (busy time)",
            room.get("SCHEDULE-STATUS", "").startswith("4.1") or "REQUEST-STATUS:4.1" in second.data.replace("\r\n ", ""),
            second.data)

    first.delete()
    m.check("the first booker deletes its event (DELETE 204)", m.last("DELETE")[2] == 204)
    busy = room_busy(m, users[0][0], t0, "room free-busy after the deletion")
    m.check("room free-busy after the deletion: the hour is free again (no FREEBUSY at " + start + ")",
            busy is not None and f"{start}/" not in busy, busy)

    third = book(m, cals[2], uids[2], start, "Third booking")
    m.eq("third booking of the freed hour: the room accepted",
         (attendee(third, mailto(ROOM)) or {}).get("PARTSTAT"), "ACCEPTED")


def run(checks, client, principal):
    if not ROOM or len(SCHED_USERS) < 2:
        print("booking: NOTE not run: CALDAV_ROOM and two CALDAV_SCHED_USERS are needed")
        return
    Mirror(checks, client, principal).run(roomBooking)
