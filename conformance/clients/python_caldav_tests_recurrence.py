"""Mirrored python caldav functional tests: recurrences and sync-collection (see python_caldav_upstream.py).
"""
from datetime import datetime

import python_caldav_data as D
from python_caldav_mirror import UTC, server_expanded


# ====================================================================== recurrences
def testRecurringDateSearch(m):
    c = m.fix_calendar()
    c.save_event(D.EVR)   # yearly all-day from 1997-11-02
    s, e = datetime(2008, 11, 1, 17, tzinfo=UTC), datetime(2008, 11, 3, 17, tzinfo=UTC)
    m.eq("date_search 2008-11-01..03 without expand finds the series", len(c.date_search(s, e, expand=False)), 1)
    m.eq("search 2008-11-01..03 without expand finds the series", len(c.search(event=True, start=s, end=e, expand=False)), 1)
    r1 = c.date_search(s, e, expand=True)
    ok, raw = server_expanded(m)
    m.check("the server expanded date_search's REPORT (no RRULE in the answer)", ok, raw)
    r2 = c.search(event=True, start=s, end=e, expand=True)
    ok, raw = server_expanded(m)
    m.check("the server expanded search's REPORT (no RRULE in the answer)", ok, raw)
    m.eq("expanded date_search: one object", len(r1), 1)
    m.eq("expanded search: one object", len(r2), 1)
    m.eq("... with one VEVENT", [x.data.count("END:VEVENT") for x in r1 + r2], [1, 1])
    m.eq("... whose DTSTART is the 2008 instance, still a DATE",
         [x.data.count("DTSTART;VALUE=DATE:2008") for x in r1 + r2], [1, 1])
    e2 = datetime(2009, 11, 3, 17, tzinfo=UTC)
    r1 = c.date_search(s, e2, expand=True)
    r2 = c.search(event=True, start=s, end=e2, expand=True)
    m.eq("expanded over two years, date_search: one object (RFC 4791 §7.8.3)", len(r1), 1)
    m.check("... without RRULE, with two VEVENTs",
            r1 and "RRULE" not in r1[0].data and r1[0].data.count("END:VEVENT") == 2, r1 and r1[0].data)
    m.eq("expanded over two years, search (split): two objects", len(r2), 2)
    m.check("... each without RRULE, one VEVENT each",
            all("RRULE" not in x.data and x.data.count("END:VEVENT") == 1 for x in r2))
    r = c.events()
    m.eq("events() returns the series unexpanded: one object", len(r), 1)
    m.eq("... with one VEVENT", r[0].data.count("END:VEVENT") if r else None, 1)


def testRecurringDateWithExceptionSearch(m):
    # python caldav 1.x: a fortnightly series with one overridden instance, expanded
    c = m.fix_calendar()
    c.save_event(D.EVR_WITH_EXCEPTION)
    r = c.search(start=datetime(2024, 3, 31, tzinfo=UTC), end=datetime(2024, 5, 4, tzinfo=UTC),
                 event=True, expand=True)
    ok, raw = server_expanded(m)
    m.check("the server expanded the REPORT (no RRULE in the answer)", ok, raw)
    m.eq("two instances in 2024-03-31..05-04", len(r), 2)
    got = sorted((str(x.icalendar_component.get("RECURRENCE-ID").dt), str(x.icalendar_component.get("SUMMARY")))
                 for x in r if x.icalendar_component.get("RECURRENCE-ID") is not None)
    m.eq("each has its RECURRENCE-ID; the override keeps its summary", got,
         [("2024-04-11", "Review"), ("2024-04-25", "Review (moved room)")])


def _occurrence(c, day):
    r = c.search(start=datetime(2015, 1, day, tzinfo=UTC), end=datetime(2015, 1, day + 1, tzinfo=UTC),
                 event=True, expand=True)
    return r[0] if len(r) == 1 else None


def _edit_occurrence(c, occ, summary):
    """What python caldav 1.x's save(only_this_recurrence=True) sends: GET the whole series, put the
    edited instance in, PUT. 1.x replaces an override whose RECURRENCE-ID compares equal to the
    instance's; where that comparison fails (icalendar's vDDDTypes without value equality) it
    appends, and the second edit of one occurrence sends that RECURRENCE-ID twice: the case here."""
    full = c.event_by_url(occ.url)
    comp = occ.icalendar_component
    comp["SUMMARY"] = summary
    full.icalendar_instance.add_component(comp)
    full.save()


def testEditSingleRecurrence(m):
    # python caldav 1.x; issue 10: 1.6 fails when one occurrence is edited twice (403)
    c = m.fix_calendar()
    c.save_event(summary="daily test", rrule={"FREQ": "DAILY"},
                 dtstart=datetime(2015, 1, 1, 8, 7, 6, tzinfo=UTC), dtend=datetime(2015, 1, 1, 9, 7, 6, tzinfo=UTC))
    occ = _occurrence(c, 2)
    m.check("the second occurrence is found, expanded, with RECURRENCE-ID",
            occ is not None and occ.icalendar_component.get("RECURRENCE-ID") is not None, occ and occ.data)
    m.eq("its summary", str(occ.icalendar_component["SUMMARY"]), "daily test")
    _edit_occurrence(c, occ, "daily test edited")
    # RFC 9110 §9.3.4: replacing a representation answers 200 or 204
    m.check("PUT of the series with one overridden occurrence answered 200/204", m.last("PUT")[2] in (200, 204),
            f"got {m.last('PUT')[2]}")
    m.eq("the second occurrence has the new summary", str(_occurrence(c, 2).icalendar_component["SUMMARY"]),
         "daily test edited")
    m.eq("the third occurrence is unchanged", str(_occurrence(c, 3).icalendar_component["SUMMARY"]), "daily test")
    _edit_occurrence(c, _occurrence(c, 2), "daily test edited twice")
    put = m.last("PUT")
    m.check("PUT with that RECURRENCE-ID twice (as caldav 1.x sends it) answered 200/204", put[2] in (200, 204),
            f"got {put[2]}")
    m.eq("the second occurrence has the last summary", str(_occurrence(c, 2).icalendar_component["SUMMARY"]),
         "daily test edited twice")
    stored = c.event_by_url(occ.url).icalendar_instance
    overrides = [str(x.get("SUMMARY")) for x in stored.walk("VEVENT") if x.get("RECURRENCE-ID") is not None
                 and x["RECURRENCE-ID"].dt == datetime(2015, 1, 2, 8, 7, 6, tzinfo=UTC)]
    m.eq("the stored series overrides that RECURRENCE-ID once, with the last summary", overrides,
         ["daily test edited twice"])
    m.eq("the first occurrence is unchanged", str(_occurrence(c, 1).icalendar_component["SUMMARY"]), "daily test")


# ====================================================================== sync-collection
def _populate_for_sync(c):
    obj = c.save_event(D.EV1)
    c.save_event(D.EVR)
    for t in (D.TODO1, D.TODO2, D.TODO3):   # to-dos in a calendar made without a component set
        c.save_todo(t)
    return obj, 5


def testObjectBySyncToken(m):
    c = m.fix_calendar()
    obj, n = _populate_for_sync(c)
    objs = c.objects()
    m.check("objects() returns a sync token", objs.sync_token not in ("", None), repr(objs.sync_token))
    m.eq("objects() lists everything", len(list(objs)), n)
    m.check("objects() does not load the data", all(o.data is None for o in objs))
    changed = c.objects_by_sync_token(sync_token=objs.sync_token)
    m.eq("nothing changed since the token", len(list(changed)), 0)
    obj.icalendar_instance.subcomponents[0]["SUMMARY"] = "foobar"
    obj.save()
    changed = c.objects_by_sync_token(sync_token=changed.sync_token, load_objects=True)
    m.eq("after an update: one changed object", len(list(changed)), 1)
    m.check("... loaded", bool(list(changed)) and list(changed)[0].data is not None)
    changed = c.objects_by_sync_token(sync_token=changed.sync_token)
    m.eq("then nothing again", len(list(changed)), 0)
    c.save_event(D.EV3)
    changed = c.objects_by_sync_token(sync_token=changed.sync_token)
    m.eq("after a create: one changed object", len(list(changed)), 1)
    changed = c.objects_by_sync_token(sync_token=changed.sync_token)
    m.eq("then nothing again", len(list(changed)), 0)
    obj.delete()
    changed = c.objects_by_sync_token(sync_token=changed.sync_token, load_objects=True)
    m.eq("after a delete: one changed object", len(list(changed)), 1)
    m.check("... without data (it is gone)", bool(list(changed)) and list(changed)[0].data is None)
    changed = c.objects_by_sync_token(sync_token=changed.sync_token)
    m.eq("then nothing again", len(list(changed)), 0)


def testSync(m):
    c = m.fix_calendar()
    obj, n = _populate_for_sync(c)
    objs = c.objects(load_objects=True)
    m.check("objects(load_objects=True) returns a sync token", objs.sync_token not in ("", None))
    m.eq("... and everything", len(list(objs)), n)
    m.eq("sync() right away: nothing updated or deleted", tuple(len(list(x)) for x in objs.sync()), (0, 0))
    obj.icalendar_instance.subcomponents[0]["SUMMARY"] = "foobar"
    obj.save()
    m.eq("sync() after an update: (1 updated, 0 deleted)", tuple(len(list(x)) for x in objs.sync()), (1, 0))
    m.check("... the collection holds the new data", "foobar" in (objs.objects_by_url()[obj.url].data or ""))
    obj3 = c.save_event(D.EV3)
    m.eq("sync() after a create: (1, 0)", tuple(len(list(x)) for x in objs.sync()), (1, 0))
    m.check("... the new object is in the collection", obj3.url in objs.objects_by_url())
    obj.delete()
    m.eq("sync() after a delete: (0, 1)", tuple(len(list(x)) for x in objs.sync()), (0, 1))
    m.check("... the object left the collection", obj.url not in objs.objects_by_url())
    m.eq("sync() again: (0, 0)", tuple(len(list(x)) for x in objs.sync()), (0, 0))
