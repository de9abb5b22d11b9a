// What the organizer's changes send (RFC 6638 §3.2.1, RFC 5546 §3.2.2, §3.2.5, §2.1.4).
#include "scheduling/itip/OrganizerMessages.h"

#include "scheduling/ItipTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav;
using namespace caldav::scheduling::itip;
using namespace caldav::scheduling::itip::test;

namespace {

std::vector<ItipMessage> messagesFor(const std::string* before, const std::string* after) {
  std::optional<ical::CalendarObject> b, a;
  if (before) b.emplace(parsed(*before));
  if (after) a.emplace(parsed(*after));
  return organizerMessages({b ? &*b : nullptr, a ? &*a : nullptr, kAlice});
}

std::vector<ItipMessage> messagesFor(const std::string& before, const std::string& after) {
  return messagesFor(&before, &after);
}

// `after` with its SEQUENCE raised as the write path does before sending.
std::string rescheduled(const std::string& before, const std::string& after) {
  const auto b = parsed(before);
  auto a = parsed(after);
  raiseSequenceIfRescheduled(&b, a);
  return a.text();
}

}  // namespace

class OrganizerMessagesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(OrganizerMessagesTest);
  CPPUNIT_TEST(testNewEventSendsARequestToEachAttendee);
  CPPUNIT_TEST(testTheOrganizerListedAsAttendeeGetsNothing);
  CPPUNIT_TEST(testScheduleAgentClientGetsNothing);
  CPPUNIT_TEST(testAnEventWithoutOtherAttendeesSendsNothing);
  CPPUNIT_TEST(testTimeChangeRequestsEveryoneWithAHigherSequence);
  CPPUNIT_TEST(testInsignificantChangesSendNothing);
  CPPUNIT_TEST(testScheduleForceSendRequests);
  CPPUNIT_TEST(testRemovedAttendeeIsCancelledAndTheOthersUpdated);
  CPPUNIT_TEST(testDeletingCancelsEveryone);
  CPPUNIT_TEST(testStatusCancelledCancelsEveryone);
  CPPUNIT_TEST(testAddedExdateCancelsThatOccurrence);
  CPPUNIT_TEST(testAttendeeOfOneOverrideGetsOnlyThatOverride);
  CPPUNIT_TEST(testAttendeeRemovedFromOneOverrideIsCancelledThere);
  CPPUNIT_TEST(testNewOverrideWithOtherTimesRaisesItsSequence);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNewEventSendsARequestToEachAttendee() {
    const std::string after =
        meeting("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n");
    const auto messages = messagesFor(nullptr, &after);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, messages.size());
    for (const auto& [m, recipient] : {std::pair{messages[0], kBob}, std::pair{messages[1], kCarol}}) {
      CPPUNIT_ASSERT_EQUAL(recipient, m.recipient);
      CPPUNIT_ASSERT(m.method == Method::Request);
      CPPUNIT_ASSERT_EQUAL(kAlice, m.sender);
      CPPUNIT_ASSERT_EQUAL(std::string("meeting-1"), m.uid);
      CPPUNIT_ASSERT(contains(m.body, "METHOD:REQUEST"));
      CPPUNIT_ASSERT(contains(m.body, "PRODID:"));
      CPPUNIT_ASSERT(contains(m.body, "TZID:Europe/Berlin"));  // the VTIMEZONE it uses
      CPPUNIT_ASSERT(contains(m.body, "SEQUENCE:0"));
      CPPUNIT_ASSERT(contains(m.body, "DTSTAMP:20270101T000000Z"));
      CPPUNIT_ASSERT(!contains(m.body, "VALARM"));  // Alice's reminders are her own
      CPPUNIT_ASSERT_EQUAL(std::string("NEEDS-ACTION"), attendeeParameter(m.body, kCarol, "PARTSTAT"));
    }
  }

  void testTheOrganizerListedAsAttendeeGetsNothing() {
    const std::string after = meeting();
    CPPUNIT_ASSERT(messagesTo(messagesFor(nullptr, &after), kAlice).empty());
    // Whatever the spelling of the address.
    const std::string shouting = replaced(after, "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@example.com",
                                          "ATTENDEE;PARTSTAT=ACCEPTED:MAILTO:Alice@Example.COM");
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, messagesFor(nullptr, &shouting).size());
  }

  void testScheduleAgentClientGetsNothing() {
    const std::string after = replaced(meeting(), "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob",
                                       "ATTENDEE;SCHEDULE-AGENT=CLIENT;PARTSTAT=NEEDS-ACTION:mailto:bob");
    const auto messages = messagesFor(nullptr, &after);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, messages.size());
    CPPUNIT_ASSERT_EQUAL(kCarol, messages[0].recipient);
    CPPUNIT_ASSERT(!contains(messages[0].body, "SCHEDULE-AGENT"));
  }

  void testAnEventWithoutOtherAttendeesSendsNothing() {
    const std::string alone = calendarOf(
        "BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270201T080000Z\r\n"
        "ORGANIZER:mailto:alice@example.com\r\nATTENDEE:mailto:alice@example.com\r\nEND:VEVENT\r\n");
    CPPUNIT_ASSERT(messagesFor(nullptr, &alone).empty());
  }

  void testTimeChangeRequestsEveryoneWithAHigherSequence() {
    const std::string before = meeting();
    const std::string moved = replaced(replaced(before, "20270201T090000", "20270202T090000"),
                                       "20270201T100000", "20270202T100000");
    const std::string after = rescheduled(before, moved);
    CPPUNIT_ASSERT(contains(after, "SEQUENCE:1"));
    const auto messages = messagesFor(before, after);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, messages.size());
    for (const auto& m : messages) {
      CPPUNIT_ASSERT(m.method == Method::Request);
      CPPUNIT_ASSERT(contains(m.body, "SEQUENCE:1"));
      CPPUNIT_ASSERT(contains(m.body, "20270202T090000"));
    }
    // A client that raised SEQUENCE itself keeps its value.
    const std::string raisedByClient = replaced(moved, "SEQUENCE:0", "SEQUENCE:5");
    auto a = parsed(raisedByClient);
    const auto b = parsed(before);
    CPPUNIT_ASSERT(!raiseSequenceIfRescheduled(&b, a));
  }

  void testInsignificantChangesSendNothing() {
    const std::string before = meeting();
    const std::string restamped = replaced(before, "DTSTAMP:20270101T000000Z", "DTSTAMP:20270115T000000Z");
    CPPUNIT_ASSERT(messagesFor(before, restamped).empty());
    const std::string categorized = meeting("CATEGORIES:WORK\r\nX-APPLE-TRAVEL:0\r\n");
    CPPUNIT_ASSERT(messagesFor(before, categorized).empty());
    auto a = parsed(categorized);
    const auto b = parsed(before);
    CPPUNIT_ASSERT(!raiseSequenceIfRescheduled(&b, a));
    // The SUMMARY is significant (the attendees see it), but needs no higher SEQUENCE.
    const std::string renamed = replaced(before, "SUMMARY:Planning", "SUMMARY:Budget");
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, messagesFor(before, renamed).size());
    auto r = parsed(renamed);
    CPPUNIT_ASSERT(!raiseSequenceIfRescheduled(&b, r));
  }

  void testScheduleForceSendRequests() {
    const std::string before = meeting();
    const std::string after = replaced(before, "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob",
                                       "ATTENDEE;SCHEDULE-FORCE-SEND=REQUEST;PARTSTAT=NEEDS-ACTION:mailto:bob");
    const auto messages = messagesFor(before, after);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, messages.size());
    CPPUNIT_ASSERT_EQUAL(kBob, messages[0].recipient);
    CPPUNIT_ASSERT(!contains(messages[0].body, "SCHEDULE-FORCE-SEND"));
  }

  void testRemovedAttendeeIsCancelledAndTheOthersUpdated() {
    const std::string before = meeting();
    const std::string after = replaced(before, "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol@example.com\r\n", "");
    const auto messages = messagesFor(before, after);
    const auto toCarol = messagesTo(messages, kCarol);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, toCarol.size());
    CPPUNIT_ASSERT(toCarol[0].method == Method::Cancel);
    CPPUNIT_ASSERT(contains(toCarol[0].body, "METHOD:CANCEL"));
    CPPUNIT_ASSERT(!contains(toCarol[0].body, "RECURRENCE-ID"));
    CPPUNIT_ASSERT(!contains(toCarol[0].body, "mailto:bob"));
    // The attendee list is significant: Bob learns Carol is gone.
    const auto toBob = messagesTo(messages, kBob);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, toBob.size());
    CPPUNIT_ASSERT(toBob[0].method == Method::Request);
    CPPUNIT_ASSERT(!contains(toBob[0].body, "carol"));
  }

  void testDeletingCancelsEveryone() {
    const std::string before = meeting();
    const auto messages = messagesFor(&before, nullptr);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, messages.size());
    for (const auto& m : messages) {
      CPPUNIT_ASSERT(m.method == Method::Cancel);
      CPPUNIT_ASSERT(contains(m.body, "STATUS:CANCELLED"));
      CPPUNIT_ASSERT(contains(m.body, "ORGANIZER:mailto:alice@example.com"));
      CPPUNIT_ASSERT_EQUAL(1, eventCount(m.body));
    }
  }

  void testStatusCancelledCancelsEveryone() {
    const std::string before = meeting();
    const std::string after = rescheduled(before, meeting("STATUS:CANCELLED\r\n"));
    const auto messages = messagesFor(before, after);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, messages.size());
    for (const auto& m : messages) {
      CPPUNIT_ASSERT(m.method == Method::Cancel);
      CPPUNIT_ASSERT(contains(m.body, "SEQUENCE:1"));
    }
    // Once: storing the cancelled event again sends nothing.
    CPPUNIT_ASSERT(messagesFor(after, after).empty());
  }

  void testAddedExdateCancelsThatOccurrence() {
    const std::string before = dailyMeeting();
    const std::string after = rescheduled(before, dailyMeeting("EXDATE;TZID=Europe/Berlin:20270203T090000\r\n"));
    const auto messages = messagesFor(before, after);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, messages.size());
    for (const auto& m : messages) {
      CPPUNIT_ASSERT(m.method == Method::Cancel);
      CPPUNIT_ASSERT_EQUAL(1, eventCount(m.body));
      CPPUNIT_ASSERT(contains(m.body, "RECURRENCE-ID;TZID=Europe/Berlin:20270203T090000"));
      CPPUNIT_ASSERT(contains(m.body, "SEQUENCE:1"));
      CPPUNIT_ASSERT(!contains(m.body, "RRULE:FREQ=DAILY"));
    }
  }

  void testAttendeeOfOneOverrideGetsOnlyThatOverride() {
    const std::string override =
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270101T000000Z\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20270203T090000\r\n"
        "DTSTART;TZID=Europe/Berlin:20270203T140000\r\nDTEND;TZID=Europe/Berlin:20270203T150000\r\n"
        "SUMMARY:Planning\r\nORGANIZER:mailto:alice@example.com\r\n"
        "ATTENDEE:mailto:alice@example.com\r\nATTENDEE:mailto:bob@example.com\r\n"
        "ATTENDEE:mailto:dave@example.com\r\nEND:VEVENT\r\n";
    const std::string after = calendarOf(
        meetingEvent("RRULE:FREQ=DAILY;COUNT=5\r\n") + override);
    const auto messages = messagesFor(nullptr, &after);
    const auto toDave = messagesTo(messages, kDave);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, toDave.size());
    CPPUNIT_ASSERT_EQUAL(1, eventCount(toDave[0].body));
    CPPUNIT_ASSERT(contains(toDave[0].body, "RECURRENCE-ID"));
    CPPUNIT_ASSERT(!contains(toDave[0].body, "RRULE:FREQ=DAILY"));
    CPPUNIT_ASSERT(contains(toDave[0].body, "SEQUENCE:0"));  // written out though the override has none
    const auto toBob = messagesTo(messages, kBob);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, toBob.size());
    CPPUNIT_ASSERT_EQUAL(2, eventCount(toBob[0].body));
    CPPUNIT_ASSERT(!contains(toBob[0].body, "EXDATE"));
    // Carol is not invited to the moved occurrence: her series excludes it.
    const auto toCarol = messagesTo(messages, kCarol);
    CPPUNIT_ASSERT_EQUAL(1, eventCount(toCarol[0].body));
    CPPUNIT_ASSERT(contains(toCarol[0].body, "EXDATE:20270203T080000Z"));
  }

  void testAttendeeRemovedFromOneOverrideIsCancelledThere() {
    const std::string override =
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270101T000000Z\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20270203T090000\r\n"
        "DTSTART;TZID=Europe/Berlin:20270203T090000\r\nDTEND;TZID=Europe/Berlin:20270203T100000\r\n"
        "SUMMARY:Planning\r\nORGANIZER:mailto:alice@example.com\r\n"
        "ATTENDEE:mailto:alice@example.com\r\nATTENDEE:mailto:bob@example.com\r\n"
        "ATTENDEE:mailto:carol@example.com\r\nEND:VEVENT\r\n";
    const std::string master = meetingEvent("RRULE:FREQ=DAILY;COUNT=5\r\n");
    const std::string before = calendarOf(master + override);
    const std::string after = calendarOf(master + replaced(override, "ATTENDEE:mailto:carol@example.com\r\n", ""));
    const auto toCarol = messagesTo(messagesFor(before, after), kCarol);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, toCarol.size());
    CPPUNIT_ASSERT(toCarol[0].method == Method::Cancel);
    CPPUNIT_ASSERT(contains(toCarol[0].body, "RECURRENCE-ID;TZID=Europe/Berlin:20270203T090000"));
  }

  void testNewOverrideWithOtherTimesRaisesItsSequence() {
    const std::string before = dailyMeeting();
    const std::string override =
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270101T000000Z\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20270203T090000\r\n"
        "DTSTART;TZID=Europe/Berlin:20270203T%s\r\nDTEND;TZID=Europe/Berlin:20270203T%s\r\n"
        "ORGANIZER:mailto:alice@example.com\r\nATTENDEE:mailto:bob@example.com\r\nEND:VEVENT\r\n";
    const std::string master = meetingEvent("RRULE:FREQ=DAILY;COUNT=5\r\n");
    const auto b = parsed(before);
    auto same = parsed(calendarOf(master + replaced(replaced(override, "%s", "090000"), "%s", "100000")));
    CPPUNIT_ASSERT(!raiseSequenceIfRescheduled(&b, same));
    auto moved = parsed(calendarOf(master + replaced(replaced(override, "%s", "110000"), "%s", "120000")));
    CPPUNIT_ASSERT(raiseSequenceIfRescheduled(&b, moved));
    CPPUNIT_ASSERT_EQUAL(std::string("1"), propertyValue(moved.text(), ICAL_SEQUENCE_PROPERTY, "20270203T080000Z"));
    CPPUNIT_ASSERT_EQUAL(std::string("0"), propertyValue(moved.text(), ICAL_SEQUENCE_PROPERTY));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OrganizerMessagesTest);
