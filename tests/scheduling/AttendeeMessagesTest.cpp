// What an attendee's changes send (RFC 6638 §3.2.2, RFC 5546 §3.2.3), the REPLY of a bookable
// principal, roles and addresses.
#include "scheduling/itip/AttendeeMessages.h"
#include "scheduling/itip/CalendarAddress.h"
#include "scheduling/itip/SchedulingRole.h"

#include "scheduling/ItipTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav;
using namespace caldav::scheduling::itip;
using namespace caldav::scheduling::itip::test;

namespace {

const std::string kBobNeedsAction = "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.com";

std::string bobAnswers(const std::string& text, const std::string& partstat) {
  return replaced(text, kBobNeedsAction, "ATTENDEE;PARTSTAT=" + partstat + ":mailto:bob@example.com");
}

std::optional<ItipMessage> replyFor(const std::string* before, const std::string* after) {
  std::optional<ical::CalendarObject> b, a;
  if (before) b.emplace(parsed(*before));
  if (after) a.emplace(parsed(*after));
  return attendeeReply({b ? &*b : nullptr, a ? &*a : nullptr, kBob});
}

bool isAttendeeOnly(const std::string& before, const std::string& after) {
  return isAttendeeOnlyChange(parsed(before), parsed(after), kBob);
}

const char* const kAlarm = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n";

}  // namespace

class AttendeeMessagesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AttendeeMessagesTest);
  CPPUNIT_TEST(testPartstatChangeRepliesToTheOrganizer);
  CPPUNIT_TEST(testOtherChangesSendNothing);
  CPPUNIT_TEST(testDeletedCopyDeclines);
  CPPUNIT_TEST(testExcludedOccurrenceIsDeclined);
  CPPUNIT_TEST(testAttendeeOnlyChanges);
  CPPUNIT_TEST(testChangesOfTheOrganizersPartAreNotAttendeeOnly);
  CPPUNIT_TEST(testReplyToAcceptsWithDeclinedOccurrences);
  CPPUNIT_TEST(testReplyToDeclinesEverything);
  CPPUNIT_TEST(testRoles);
  CPPUNIT_TEST(testAddresses);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPartstatChangeRepliesToTheOrganizer() {
    const std::string before = meeting();
    const std::string after = bobAnswers(before, "ACCEPTED");
    const auto reply = replyFor(&before, &after);
    CPPUNIT_ASSERT(reply);
    CPPUNIT_ASSERT(reply->method == Method::Reply);
    CPPUNIT_ASSERT_EQUAL(kBob, reply->sender);
    CPPUNIT_ASSERT_EQUAL(kAlice, reply->recipient);
    CPPUNIT_ASSERT(contains(reply->body, "METHOD:REPLY"));
    CPPUNIT_ASSERT_EQUAL(std::string("ACCEPTED"), attendeeParameter(reply->body, kBob, "PARTSTAT"));
    CPPUNIT_ASSERT_EQUAL(std::string("<none>"), attendeeParameter(reply->body, kCarol, "PARTSTAT"));
    CPPUNIT_ASSERT_EQUAL(std::string("<none>"), attendeeParameter(reply->body, kAlice, "PARTSTAT"));
    CPPUNIT_ASSERT(contains(reply->body, "ORGANIZER:mailto:alice@example.com"));
    CPPUNIT_ASSERT(contains(reply->body, "UID:meeting-1"));
  }

  void testOtherChangesSendNothing() {
    const std::string before = meeting();
    CPPUNIT_ASSERT(!replyFor(&before, &before));
    const std::string alarmed = meeting(kAlarm);
    CPPUNIT_ASSERT(!replyFor(&before, &alarmed));
    // The organizer handles scheduling itself (RFC 6638 §7.1).
    const std::string clientScheduled =
        replaced(bobAnswers(before, "ACCEPTED"), "ORGANIZER:", "ORGANIZER;SCHEDULE-AGENT=CLIENT:");
    const std::string clientBefore = replaced(before, "ORGANIZER:", "ORGANIZER;SCHEDULE-AGENT=CLIENT:");
    CPPUNIT_ASSERT(!replyFor(&clientBefore, &clientScheduled));
  }

  void testDeletedCopyDeclines() {
    const std::string accepted = bobAnswers(meeting(), "ACCEPTED");
    const auto reply = replyFor(&accepted, nullptr);
    CPPUNIT_ASSERT(reply);
    CPPUNIT_ASSERT_EQUAL(std::string("DECLINED"), attendeeParameter(reply->body, kBob, "PARTSTAT"));
    // Already declined: nothing more to say.
    const std::string declined = bobAnswers(meeting(), "DECLINED");
    CPPUNIT_ASSERT(!replyFor(&declined, nullptr));
  }

  void testExcludedOccurrenceIsDeclined() {
    const std::string before = bobAnswers(dailyMeeting(), "ACCEPTED");
    const std::string after = replaced(before, "RRULE:FREQ=DAILY;COUNT=5\r\n",
                                       "RRULE:FREQ=DAILY;COUNT=5\r\nEXDATE;TZID=Europe/Berlin:20270203T090000\r\n");
    const auto reply = replyFor(&before, &after);
    CPPUNIT_ASSERT(reply);
    CPPUNIT_ASSERT_EQUAL(1, eventCount(reply->body));
    CPPUNIT_ASSERT_EQUAL(std::string("DECLINED"), attendeeParameter(reply->body, kBob, "PARTSTAT", "20270203T080000Z"));
  }

  void testAttendeeOnlyChanges() {
    const std::string before = meeting();
    CPPUNIT_ASSERT(isAttendeeOnly(before, bobAnswers(before, "ACCEPTED")));
    CPPUNIT_ASSERT(isAttendeeOnly(before, meeting(kAlarm)));
    CPPUNIT_ASSERT(isAttendeeOnly(before, meeting("TRANSP:TRANSPARENT\r\nX-MOZ-SNOOZE:1\r\n")));
    CPPUNIT_ASSERT(isAttendeeOnly(before, replaced(before, "DTSTAMP:20270101T000000Z", "DTSTAMP:20270110T000000Z")));
    // An override made only to answer for one occurrence.
    const std::string series = dailyMeeting();
    const std::string answered = calendarOf(
        meetingEvent("RRULE:FREQ=DAILY;COUNT=5\r\n") +
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270101T000000Z\r\nSEQUENCE:0\r\n"
        "RECURRENCE-ID:20270203T080000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20270203T090000\r\nDTEND;TZID=Europe/Berlin:20270203T100000\r\n"
        "SUMMARY:Planning\r\nORGANIZER:mailto:alice@example.com\r\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@example.com\r\n"
        "ATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.com\r\n"
        "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol@example.com\r\nEND:VEVENT\r\n");
    CPPUNIT_ASSERT(isAttendeeOnly(series, answered));
    // An occurrence removed from the copy (which declines it).
    const std::string excluded = replaced(series, "RRULE:FREQ=DAILY;COUNT=5\r\n",
                                          "RRULE:FREQ=DAILY;COUNT=5\r\nEXDATE:20270203T080000Z\r\n");
    CPPUNIT_ASSERT(isAttendeeOnly(series, excluded));
    CPPUNIT_ASSERT(isAttendeeOnly(answered, excluded));
    CPPUNIT_ASSERT(!isAttendeeOnly(excluded, series));  // bringing it back is the organizer's
  }

  void testChangesOfTheOrganizersPartAreNotAttendeeOnly() {
    const std::string before = meeting();
    CPPUNIT_ASSERT(!isAttendeeOnly(before, replaced(before, "SUMMARY:Planning", "SUMMARY:Mine")));
    CPPUNIT_ASSERT(!isAttendeeOnly(before, replaced(before, "20270201T090000", "20270201T091500")));
    // Carol's answer is hers to give.
    CPPUNIT_ASSERT(!isAttendeeOnly(before, replaced(before, "PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol",
                                                     "PARTSTAT=ACCEPTED:mailto:carol")));
    CPPUNIT_ASSERT(!isAttendeeOnly(before, meeting("ATTENDEE:mailto:dave@example.com\r\n")));
  }

  void testReplyToAcceptsWithDeclinedOccurrences() {
    const auto request = parsed(calendarOf(meetingEvent("RRULE:FREQ=DAILY;COUNT=5\r\n"), "REQUEST"));
    ReplyDecision decision;
    decision.declinedRecurrenceIds = {"20270203T080000Z"};
    decision.requestStatus = "2.0;Success";
    decision.comment = "One occurrence overlaps another booking";
    const ItipMessage reply = replyTo(request, kBob, decision);
    CPPUNIT_ASSERT(reply.method == Method::Reply);
    CPPUNIT_ASSERT_EQUAL(kBob, reply.sender);
    CPPUNIT_ASSERT_EQUAL(kAlice, reply.recipient);
    CPPUNIT_ASSERT_EQUAL(2, eventCount(reply.body));
    CPPUNIT_ASSERT_EQUAL(std::string("ACCEPTED"), attendeeParameter(reply.body, kBob, "PARTSTAT"));
    CPPUNIT_ASSERT_EQUAL(std::string("DECLINED"), attendeeParameter(reply.body, kBob, "PARTSTAT", "20270203T080000Z"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), attendeeParameter(reply.body, kBob, "RSVP"));
    CPPUNIT_ASSERT_EQUAL(std::string("<none>"), attendeeParameter(reply.body, kCarol, "PARTSTAT"));
    CPPUNIT_ASSERT(contains(reply.body, "REQUEST-STATUS:2.0;Success"));
    CPPUNIT_ASSERT(contains(reply.body, "COMMENT:One occurrence overlaps another booking"));
    CPPUNIT_ASSERT(!contains(reply.body, "METHOD:REQUEST"));
  }

  void testReplyToDeclinesEverything() {
    const auto request = parsed(calendarOf(meetingEvent(), "REQUEST"));
    ReplyDecision decision;
    decision.partstat = "DECLINED";
    decision.requestStatus = "4.0;Event conflict";
    const ItipMessage reply = replyTo(request, kBob, decision);
    CPPUNIT_ASSERT_EQUAL(1, eventCount(reply.body));
    CPPUNIT_ASSERT_EQUAL(std::string("DECLINED"), attendeeParameter(reply.body, kBob, "PARTSTAT"));
    CPPUNIT_ASSERT(contains(reply.body, "REQUEST-STATUS:4.0;"));
    CPPUNIT_ASSERT(!contains(reply.body, "COMMENT"));
  }

  void testRoles() {
    const auto object = parsed(meeting());
    const auto organizer = schedulingRole(object, {"/principals/alice/", "MAILTO:ALICE@example.com"});
    CPPUNIT_ASSERT(organizer.role == Role::Organizer);
    CPPUNIT_ASSERT_EQUAL(kAlice, organizer.address);
    const auto attendee = schedulingRole(object, {kBob});
    CPPUNIT_ASSERT(attendee.role == Role::Attendee);
    CPPUNIT_ASSERT_EQUAL(kBob, attendee.address);
    CPPUNIT_ASSERT_EQUAL(kAlice, attendee.organizer);
    CPPUNIT_ASSERT_EQUAL(std::string("SERVER"), attendee.organizerScheduleAgent);
    CPPUNIT_ASSERT(schedulingRole(object, {kDave}).role == Role::None);
    const auto alone = parsed(calendarOf(
        "BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270201T080000Z\r\n"
        "ORGANIZER:mailto:alice@example.com\r\nATTENDEE:mailto:alice@example.com\r\nEND:VEVENT\r\n"));
    CPPUNIT_ASSERT(schedulingRole(alone, {kAlice}).role == Role::None);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, attendeesOf(object).size());
  }

  void testAddresses() {
    CPPUNIT_ASSERT(isSameAddress("MAILTO:Bob@Example.com", "mailto:bob@example.com"));
    CPPUNIT_ASSERT(!isSameAddress("/principals/Bob/", "/principals/bob/"));
    CPPUNIT_ASSERT_EQUAL(std::string("Bob@Example.com"), emailOf("MailTo:Bob@Example.com"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), emailOf("/principals/bob/"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AttendeeMessagesTest);
