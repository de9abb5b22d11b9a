"""Mirrored python caldav functional tests: to-dos, journals, and the RFC 4791 §9.7.5 text-match
checks that replace testSearchEvent/testSearchTodos (see python_caldav_upstream.py).
"""
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

from caldav.lib import error
from caldav.objects import Event, Todo

import python_caldav_data as D
from python_caldav_mirror import UTC, path_of, uid_of


# ====================================================================== to-dos and journals
def testCreateTaskListAndTodo(m):
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    t1 = c.save_todo(D.TODO1)
    m.eq("save_todo keeps the UID", t1.id, D.TODO1_UID)
    m.eq("todos() lists it", len(c.todos()), 1)
    m.eq("todos(include_completed=True) lists it", len(c.todos(include_completed=True)), 1)
    c.save_todo(summary="mop the floor", categories=["housework"], priority=4)
    m.eq("a to-do made from properties is listed", len(c.todos()), 2)
    t7 = c.save_todo(D.TODO7)
    m.eq("a to-do sent without UID (the library adds one) is listed", len(c.todos()), 3)
    m.eq("events() of a task list is empty", len(c.events()), 0)
    t7.delete()


def testTodos(m):
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    t1, t2, t4 = c.save_todo(D.TODO1), c.save_todo(D.TODO2), c.save_todo(D.TODO4)
    todos = c.todos()
    m.eq("three pending to-dos (STATUS:NEEDS-ACTION, no COMPLETED)", len(todos), 3)

    def uids(lst):
        return [x.instance.vtodo.uid.value for x in lst]
    m.eq("default order (due, priority)", uids(todos), uids([t2, t1, t4]))
    def pri(lst):
        return [x.instance.vtodo.priority.value for x in lst if hasattr(x.instance.vtodo, "priority")]
    m.eq("ordered by priority", pri(c.todos(sort_keys=("priority",))), pri([t4, t2]))
    m.eq("ordered by (summary, priority)", uids(c.todos(sort_keys=("summary", "priority"))), uids([t4, t2, t1]))


def testTodoDatesearch(m):
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    t = {k: c.save_todo(v) for k, v in (("t1", D.TODO1), ("t2", D.TODO2), ("t3", D.TODO3), ("t4", D.TODO4),
                                          ("t5", D.TODO5), ("t6", D.TODO6))}
    m.eq("todos() finds all six (three without STATUS)", len(c.todos()), 6)
    s, e = datetime(1997, 4, 14, tzinfo=UTC), datetime(2015, 5, 14, tzinfo=UTC)
    m.eq("date_search for events finds no to-do", len(c.date_search(start=s, end=e, expand=False)), 0)
    todos1 = c.date_search(start=s, end=e, compfilter="VTODO", expand=True)
    todos2 = c.search(start=s, end=e, todo=True, expand=True, split_expanded=False, include_completed=True)
    # RFC 4791 §9.9: all but t5 (entirely before the range); t4 (no DTSTART, no DUE) overlaps every range
    want = sorted(uid_of(t[k]) for k in ("t1", "t2", "t3", "t4", "t6"))
    m.eq("time-range 1997-04-14..2015-05-14 on VTODO (date_search)", sorted(uid_of(x) for x in todos1), want)
    m.eq("... (search)", sorted(uid_of(x) for x in todos2), want)
    m.eq("the yearly to-do is expanded: one object holds the 2002 instance",
         len([x for x in todos1 if "DTSTART:20020415T1330" in x.data]), 1)
    m.eq("... also through search()", len([x for x in todos2 if "DTSTART:20020415T1330" in x.data]), 1)
    s2 = datetime(2025, 4, 14, tzinfo=UTC)
    todos1 = c.date_search(start=s2, compfilter="VTODO")
    todos2 = c.search(start=s2, todo=True, include_completed=True)
    todos3 = c.search(start=s2, todo=True)
    m.check("open-ended searches from 2025 return to-dos",
            todos1 and todos2 and todos3 and all(isinstance(x[0], Todo) for x in (todos1, todos2, todos3)))
    want = sorted(uid_of(t[k]) for k in ("t4", "t6"))
    m.eq("open-ended time-range from 2025: the yearly one and the undated one (RFC 4791 §9.9)",
         sorted(uid_of(x) for x in todos1), want)
    m.eq("... through search(include_completed=True) too", sorted(uid_of(x) for x in todos2), want)
    m.check("open-ended searches are not expanded",
            not any("DTSTART:20270415T1330" in x.data for x in todos1 + todos2))


def testTodoCompletion(m):
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    c.save_todo(D.TODO1)
    t2 = c.save_todo(D.TODO2)
    t3 = c.save_todo(D.TODO3, status="NEEDS-ACTION")
    m.eq("three pending to-dos", len(c.todos()), 3)
    t3.complete()
    m.eq("after completing one: two pending", len(c.todos()), 2)
    m.eq("include_completed: three", len(c.todos(include_completed=True)), 3)
    t3_ = c.todo_by_uid(t3.id)
    m.eq("the completed one by UID: same summary", t3_.instance.vtodo.summary.value, t3.instance.vtodo.summary.value)
    m.eq("... same DTSTART", t3_.instance.vtodo.dtstart.value, t3.instance.vtodo.dtstart.value)
    t2.delete()
    m.eq("after deleting one: two in all", len(c.todos(include_completed=True)), 2)


def testTodoRecurringCompleteSafe(m):
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    t6 = c.save_todo(D.TODO6, status="NEEDS-ACTION")
    t8 = c.save_todo(D.TODO8)
    m.eq("two recurring to-dos pending", len(c.todos()), 2)
    t6.complete(handle_rrule=True, rrule_mode="safe")
    m.eq("completing an instance (safe mode) keeps two pending", len(c.todos()), 2)
    m.eq("... and adds a completed one", len(c.todos(include_completed=True)), 3)
    t8.complete(handle_rrule=True, rrule_mode="safe")
    m.eq("first instance of the COUNT=3 to-do done: two pending", len(c.todos()), 2)
    t8.complete(handle_rrule=True, rrule_mode="safe")
    t8.complete(handle_rrule=True, rrule_mode="safe")
    m.eq("all three done: one pending", len(c.todos()), 1)
    m.eq("five in all", len(c.todos(include_completed=True)), 5)


def testTodoRecurringCompleteThisandfuture(m):
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    t6 = c.save_todo(D.TODO6, status="NEEDS-ACTION")
    t8 = c.save_todo(D.TODO8)
    m.eq("two recurring to-dos pending", len(c.todos()), 2)
    t6.complete(handle_rrule=True, rrule_mode="thisandfuture")
    m.eq("completing an instance (RECURRENCE-ID;RANGE=THISANDFUTURE) keeps two pending", len(c.todos()), 2)
    m.eq("... two in all", len(c.todos(include_completed=True)), 2)
    t8.complete(handle_rrule=True, rrule_mode="thisandfuture")
    m.eq("first instance of the COUNT=3 to-do done: two pending", len(c.todos()), 2)
    t8.complete(handle_rrule=True, rrule_mode="thisandfuture")
    t8.complete(handle_rrule=True, rrule_mode="thisandfuture")
    m.eq("all three done: one pending", len(c.todos()), 1)


def testSetDue(m):
    # Upstream saves its to-dos in a calendar made with supported-calendar-component-set VEVENT,
    # which RFC 4791 §5.3.2.1 (CALDAV:supported-calendar-component) forbids: check the refusal,
    # then do the rest in a calendar without that restriction.
    events_only = m.fix_calendar(supported_calendar_component_set=["VEVENT"])
    try:
        events_only.save_todo(dtstart=datetime(2022, 12, 26, 19, 15, tzinfo=UTC),
                              due=datetime(2022, 12, 26, 20, tzinfo=UTC), summary="Some task")
        refused = None
    except (error.PutError, error.AuthorizationError):   # 0.11 raises AuthorizationError on any 403
        refused = m.last("PUT")
    m.check("a VTODO PUT into a VEVENT-only calendar is refused with 403 supported-calendar-component",
            refused and refused[2] == 403 and "supported-calendar-component" in str(refused[3]),
            refused and f"{refused[2]} {refused[3]!r}"[:600])
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    t = c.save_todo(dtstart=datetime(2022, 12, 26, 19, 15, tzinfo=UTC), due=datetime(2022, 12, 26, 20, tzinfo=UTC),
                    summary="Some task")
    t.set_due(datetime(2022, 12, 26, 20, 20, tzinfo=UTC), move_dtstart=True)
    t.save()
    back = c.todo_by_uid(t.id).icalendar_component
    m.eq("moved DUE is stored", back["DUE"].dt, datetime(2022, 12, 26, 20, 20, tzinfo=UTC))
    m.eq("moved DTSTART is stored", back["DTSTART"].dt, datetime(2022, 12, 26, 19, 35, tzinfo=UTC))
    o = c.save_todo(dtstart=datetime(2022, 12, 26, 19, 15, tzinfo=UTC), duration=timedelta(minutes=15),
                    summary="Some other task")
    o.set_due(datetime(2022, 12, 26, 19, 45, tzinfo=UTC), move_dtstart=True)
    o.save()
    back = c.todo_by_uid(o.id).icalendar_component
    m.eq("a to-do with DURATION: DUE and DTSTART stored", (back["DUE"].dt, back["DTSTART"].dt),
         (datetime(2022, 12, 26, 19, 45, tzinfo=UTC), datetime(2022, 12, 26, 19, 30, tzinfo=UTC)))


def testCreateJournalListAndJournalEntry(m):
    c = m.fix_calendar(supported_calendar_component_set=["VJOURNAL"])
    j1 = c.save_journal(D.JOURNAL)
    journals = c.journals()
    m.eq("journals() lists the entry", len(journals), 1)
    m.eq("journal_by_uid returns the same data", c.journal_by_uid(j1.id).data, journals[0].data if journals else None)
    c.save_journal(dtstart=date(2011, 11, 11), summary="A night-time arrival",
                   description="Quick, in the middle of the night")
    m.eq("a journal made from properties is listed", len(c.journals()), 2)
    m.eq("no to-dos and no events in a journal", c.todos() + c.events(), [])


# ====================================================================== RFC 4791 §9.7.5 (instead of testSearch*)
def _query_uids(m, c, comp, prop_filter, depth="1"):
    """calendar-query on c: VCALENDAR > comp > prop_filter. Returns (status, set of UIDs, raw body)."""
    body = ('<?xml version="1.0" encoding="utf-8"?>'
            '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            '<D:prop><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR">'
            f'<C:comp-filter name="{comp}">{prop_filter}</C:comp-filter></C:comp-filter></C:filter>'
            '</C:calendar-query>')
    r = m.report(c.url, body, depth)
    uids = set()
    if r.status == 207:
        for cd in ET.fromstring(r.body).iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
            uids.update(re.findall(r"(?m)^UID:(.*?)\r?$", cd.text or ""))
    return r.status, uids, f"REPORT {path_of(c.url)} -> {r.status}\nrequest body: {body}\nanswer body: {r.text[:800]}"


def _text_match(prop, text, **attrs):
    a = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<C:prop-filter name="{prop}"><C:text-match{a}>{text}</C:text-match></C:prop-filter>'


def rfc4791TextMatchEvents(m):
    # replaces testSearchEvent: the same searches through the library, expecting what RFC 4791
    # §9.7.5 says (text-match is a substring match, collation i;ascii-casemap unless given)
    c = m.fix_calendar()
    for ev in (D.EV1, D.EV3, D.EVR):
        c.save_event(ev)
    m.eq("search() without a component: all three", len(c.search()), 3)
    m.eq("search(comp_class=Event): all three", len(c.search(comp_class=Event)), 3)
    m.eq("search(todo=True): none", len(c.search(todo=True)), 0)
    m.eq("search by time-range 2006-07-13..15", len(c.search(comp_class=Event, expand=False,
         start=datetime(2006, 7, 13, 13, tzinfo=UTC), end=datetime(2006, 7, 15, 13, tzinfo=UTC))), 1)
    m.eq("search(uid=...)", [uid_of(x) for x in c.search(comp_class=Event, uid=D.EVR_UID)], [D.EVR_UID])
    m.eq("search(class_='CONFIDENTIAL')", [uid_of(x) for x in c.search(comp_class=Event, class_="CONFIDENTIAL")],
         [D.EVR_UID])
    m.eq("search(category='PERSONAL')", len(c.search(comp_class=Event, category="PERSONAL")), 1)
    # python caldav 0.11 sends every text-match with collation="i;octet": case-sensitive (RFC 4790 §9.3)
    m.eq("search(category='personal'): the library asks for i;octet, so no match",
         len(c.search(comp_class=Event, category="personal")), 0)
    m.eq("search(category='PERSON'): substring of the CATEGORIES value", len(c.search(comp_class=Event, category="PERSON")), 1)
    m.eq("category AND a time-range without an instance: none", len(c.search(comp_class=Event, category="PERSONAL",
         start=datetime(2006, 7, 13, 13, tzinfo=UTC), end=datetime(2006, 7, 15, 13, tzinfo=UTC))), 0)
    m.eq("category AND a time-range with an instance: one", len(c.search(comp_class=Event, category="PERSONAL",
         start=datetime(1997, 11, 1, 13, tzinfo=UTC), end=datetime(1997, 11, 3, 13, tzinfo=UTC))), 1)
    m.eq("search(summary='Harbour Festival Party')", len(c.search(comp_class=Event, summary="Harbour Festival Party")), 1)
    m.eq("search(summary='Harbour Festival'): substring", len(c.search(comp_class=Event, summary="Harbour Festival")), 2)
    m.eq("search(summary='harbour FESTIVAL'): i;octet, no match", len(c.search(comp_class=Event, summary="harbour FESTIVAL")), 0)
    c.save_event(D.EVU)
    both = {D.EV1_UID, D.EV3_UID}
    for what, pf, want in [
        ("without collation is i;ascii-casemap: 'HARBOUR festival' matches", _text_match("SUMMARY", "HARBOUR festival"), both),
        ("without collation on CATEGORIES: 'personal' matches", _text_match("CATEGORIES", "personal"), {D.EVR_UID}),
        ("explicit i;ascii-casemap", _text_match("SUMMARY", "HARBOUR festival", collation="i;ascii-casemap"), both),
        ("i;octet is case-sensitive: no match", _text_match("SUMMARY", "harbour festival", collation="i;octet"), set()),
        ("i;octet with the exact case", _text_match("SUMMARY", "Harbour Festival", collation="i;octet"), both),
        ("negate-condition=yes", _text_match("SUMMARY", "harbour", negate_condition="yes"), {D.EVR_UID, D.EVU_UID}),
        ("i;ascii-casemap folds only a-z: 'SMØRBRØD' does not match 'Smørbrød'",
         _text_match("SUMMARY", "SMØRBRØD"), set()),
        ("... 'SMøRBRøD' does", _text_match("SUMMARY", "SMøRBRøD"), {D.EVU_UID}),
        ("is-not-defined CLASS", '<C:prop-filter name="CLASS"><C:is-not-defined/></C:prop-filter>',
         {D.EV1_UID, D.EV3_UID, D.EVU_UID}),
        ("is-not-defined DTEND", '<C:prop-filter name="DTEND"><C:is-not-defined/></C:prop-filter>', {D.EVR_UID}),
    ]:
        status, uids, detail = _query_uids(m, c, "VEVENT", pf)
        m.check(f"text-match {what}", status == 207 and uids == want, f"want {sorted(want)}, got {sorted(uids)}\n{detail}")
    status, uids, detail = _query_uids(m, c, "VEVENT", _text_match("SUMMARY", "x", collation="i;no-such-collation"))
    m.check("an unsupported collation is refused: 403 CALDAV:supported-collation (RFC 4791 §7.8)",
            status == 403 and "supported-collation" in detail, detail)


def rfc4791TextMatchTodos(m):
    # replaces testSearchTodos
    c = m.fix_calendar(supported_calendar_component_set=["VTODO"])
    ts = [c.save_todo(x) for x in (D.TODO1, D.TODO2, D.TODO3, D.TODO4, D.TODO5, D.TODO6)]
    m.eq("search(): all six", len(c.search()), 6)
    m.eq("search(comp_class=Event): none", len(c.search(comp_class=Event)), 0)
    m.eq("search(todo=True): all six are pending", len(c.search(todo=True)), 6)
    m.eq("search(uid=...)", [uid_of(x) for x in c.search(comp_class=Todo, uid=D.TODO2_UID)], [D.TODO2_UID])
    m.eq("search(class_='CONFIDENTIAL'): six", len(c.search(comp_class=Todo, class_="CONFIDENTIAL")), 6)
    m.eq("search(category='FINANCE'): six", len(c.search(comp_class=Todo, category="FINANCE")), 6)
    m.eq("search(category='finance'): none (the library asks for i;octet)", len(c.search(comp_class=Todo, category="finance")), 0)
    status, uids, detail = _query_uids(m, c, "VTODO", _text_match("CATEGORIES", "finance"))
    m.check("text-match 'finance' without collation (i;ascii-casemap): six", status == 207 and len(uids) == 6,
            f"got {sorted(uids)}\n{detail}")
    m.eq("search(category='MIL'): six (substring of FAMILY)", len(c.search(comp_class=Todo, category="MIL")), 6)
    for t in (ts[2], ts[4], ts[5]):
        t.complete()
    m.eq("after completing three: three pending", len(c.search(todo=True)), 3)
    m.eq("include_completed: six", len(c.search(todo=True, include_completed=True)), 6)
