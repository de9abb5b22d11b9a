"""iCalendar bodies for python_caldav_upstream.py (our own data, shaped like the objects python
caldav 0.11's functional tests store: a single event, the same UID one year later, a second event,
a yearly all-day event with CLASS and CATEGORIES, six to-dos covering every DTSTART/DUE/STATUS
combination RFC 4791 §9.9 distinguishes, a to-do without UID, a recurring to-do with COUNT, a
journal entry, a bare VEVENT without VCALENDAR, a series with an overridden instance).
"""


def vcal(*lines):
    """One VCALENDAR (VERSION, PRODID) around the given content lines, CRLF-terminated."""
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//caldavd conformance//mirror//EN",
                        *lines, "END:VCALENDAR"]) + "\r\n"


EV1_UID = "harbour-2006@caldavd.test"
EV3_UID = "harbour-online-2021@caldavd.test"
EVR_UID = "anniversary-1997@caldavd.test"

# A single event, 2006-07-14 17:00Z for 11 hours.
EV1 = vcal("BEGIN:VEVENT", f"UID:{EV1_UID}", "DTSTAMP:20060712T182145Z", "DTSTART:20060714T170000Z",
           "DTEND:20060715T040000Z", "SUMMARY:Harbour Festival Party", "END:VEVENT")
# The same UID one year later (an update of EV1).
EV2 = vcal("BEGIN:VEVENT", f"UID:{EV1_UID}", "DTSTAMP:20070712T182145Z", "DTSTART:20070714T170000Z",
           "DTEND:20070715T040000Z", "SUMMARY:Harbour Festival Party one year on", "END:VEVENT")
# Another event with another UID.
EV3 = vcal("BEGIN:VEVENT", f"UID:{EV3_UID}", "DTSTAMP:20210712T182145Z", "DTSTART:20210714T170000Z",
           "DTEND:20210715T040000Z", "SUMMARY:Harbour Festival Online Party", "END:VEVENT")
# Yearly all-day event from 1997-11-02, no DTEND, with CLASS and CATEGORIES.
EVR = vcal("BEGIN:VEVENT", f"UID:{EVR_UID}", "DTSTAMP:19970901T130000Z", "DTSTART;VALUE=DATE:19971102",
           "SUMMARY:Our anniversary", "TRANSP:TRANSPARENT", "CLASS:CONFIDENTIAL",
           "CATEGORIES:ANNIVERSARY,PERSONAL,SPECIAL OCCASION", "RRULE:FREQ=YEARLY", "END:VEVENT")
# A bare VEVENT: what python caldav's testCreateEvent saves (the library wraps it in a VCALENDAR
# without VERSION and PRODID; RFC 4791 §4.1 wants both, the server adds them, issue 10 item 8).
BARE_VEVENT = "\r\n".join(["BEGIN:VEVENT", f"UID:{EV1_UID}", "DTSTAMP:20060712T182145Z",
                           "DTSTART:20060714T170000Z", "DTEND:20060715T040000Z",
                           "SUMMARY:Harbour Festival Party", "END:VEVENT"]) + "\r\n"
# Non-ASCII text: i;ascii-casemap folds only a-z (RFC 4790 §9.2), so "Ø" and "ø" stay distinct.
EVU_UID = "smorbrod@caldavd.test"
EVU = vcal("BEGIN:VEVENT", f"UID:{EVU_UID}", "DTSTAMP:20060712T182145Z", "DTSTART:20060801T100000Z",
           "DTEND:20060801T110000Z", "SUMMARY:Smørbrød buffet", "END:VEVENT")


def todo(uid, *props):
    return vcal("BEGIN:VTODO", f"UID:{uid}", *props, "END:VTODO")


TODO1_UID = "tax-return-2006@caldavd.test"
TODO2_UID = "tax-prep-1996@caldavd.test"
TODO3_UID = "tax-prep-1996b@caldavd.test"
TODO4_UID = "tax-prep-undated@caldavd.test"
TODO5_UID = "tax-prep-1992@caldavd.test"
TODO6_UID = "tax-prep-yearly@caldavd.test"
TODO8_UID = "bins-out@caldavd.test"
COMMON_TODO = ("CLASS:CONFIDENTIAL", "CATEGORIES:FAMILY,FINANCE")
# DUE only (no DTSTART), pending.
TODO1 = todo(TODO1_UID, "DTSTAMP:20070313T123432Z", "DUE;VALUE=DATE:20070501",
             "SUMMARY:Send the 2006 tax return", *COMMON_TODO, "STATUS:NEEDS-ACTION")
# DTSTART and DUE in 1997, priority 2, pending.
TODO2 = todo(TODO2_UID, "DTSTAMP:19970901T130000Z", "DTSTART:19970415T133000Z", "DUE:19970416T045959Z",
             "SUMMARY:1996 tax preparation", *COMMON_TODO, "PRIORITY:2", "STATUS:NEEDS-ACTION")
# DTSTART and DUE in 1997, priority 1, no STATUS.
TODO3 = todo(TODO3_UID, "DTSTAMP:19970901T130000Z", "DTSTART:19970415T133000Z", "DUE:19970516T045959Z",
             "SUMMARY:1996 tax preparation", *COMMON_TODO, "PRIORITY:1")
# Neither DTSTART nor DUE: RFC 4791 §9.9 says it overlaps every time range.
TODO4 = todo(TODO4_UID, "DTSTAMP:19970901T130000Z", "SUMMARY:1996 tax preparation", *COMMON_TODO,
             "PRIORITY:1", "STATUS:NEEDS-ACTION")
# DTSTART and DUE in 1992, before every range searched.
TODO5 = todo(TODO5_UID, "DTSTAMP:19920901T130000Z", "DTSTART:19920415T133000Z", "DUE:19920516T045959Z",
             "SUMMARY:1992 tax preparation", *COMMON_TODO, "PRIORITY:1")
# As TODO5 but yearly.
TODO6 = todo(TODO6_UID, "DTSTAMP:19920901T130000Z", "DTSTART:19920415T133000Z", "DUE:19920516T045959Z",
             "SUMMARY:Yearly tax preparation", "RRULE:FREQ=YEARLY", *COMMON_TODO, "PRIORITY:1")
# No UID at all (the library adds one before saving).
TODO7 = vcal("BEGIN:VTODO", "DTSTAMP:19980101T130000Z", "DTSTART:19980415T133000Z",
             "DUE:19980516T045959Z", "STATUS:NEEDS-ACTION", "SUMMARY:Forget the tax return",
             "CLASS:CONFIDENTIAL", "CATEGORIES:FAMILY", "PRIORITY:1", "END:VTODO")
# Weekly with COUNT=3 and DURATION.
TODO8 = todo(TODO8_UID, "DTSTAMP:20221013T151313Z", "DTSTART:20221017T065500Z", "STATUS:NEEDS-ACTION",
             "DURATION:PT10M", "SUMMARY:Put the bins out", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3",
             "CATEGORIES:CHORE", "PRIORITY:3")

JOURNAL_UID = "minutes-1997@caldavd.test"
JOURNAL = vcal("BEGIN:VJOURNAL", f"UID:{JOURNAL_UID}", "DTSTAMP:19970901T130000Z",
               "DTSTART;VALUE=DATE:19970317", "SUMMARY:Staff meeting minutes",
               "DESCRIPTION:1. Staff meeting: Ann\\, Bo and Cy. The harbour project plans were",
               "  reviewed\\; the budget has no reserve left. Next meeting on Tuesday.\\n",
               "END:VJOURNAL")

# A fortnightly all-day series from 2024-04-11 whose second instance (2024-04-25) is overridden.
EXC_UID = "fortnightly@caldavd.test"
EVR_WITH_EXCEPTION = vcal(
    "BEGIN:VEVENT", f"UID:{EXC_UID}", "DTSTART;VALUE=DATE:20240411", "DTEND;VALUE=DATE:20240412",
    "DTSTAMP:20240429T181103Z", "RRULE:FREQ=WEEKLY;INTERVAL=2", "SEQUENCE:1", "SUMMARY:Review",
    "END:VEVENT",
    "BEGIN:VEVENT", f"UID:{EXC_UID}", "RECURRENCE-ID;VALUE=DATE:20240425", "DTSTART;VALUE=DATE:20240425",
    "DTEND;VALUE=DATE:20240426", "DTSTAMP:20240429T181103Z", "SEQUENCE:1", "SUMMARY:Review (moved room)",
    "END:VEVENT")


def sched(uid, start, summary="Harbour team lunch"):
    """An event without ORGANIZER or ATTENDEE, shaped like python caldav's scheduling test data
    (SEQUENCE 0, one hour as DURATION, opaque); save_with_invites adds both. start is UTC."""
    return vcal("BEGIN:VEVENT", f"UID:{uid}", "SEQUENCE:0", "DTSTAMP:20210206T101500Z", f"DTSTART:{start}",
                "DURATION:PT1H", "TRANSP:OPAQUE", f"SUMMARY:{summary}", "END:VEVENT")
