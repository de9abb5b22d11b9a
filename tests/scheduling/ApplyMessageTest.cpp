// Received iTIP messages applied to the stored objects (RFC 5546 §3.2.2, §3.2.3, §3.2.5), and
// a whole exchange from the organizer's invitation to its view of the answer.
#include "scheduling/itip/ApplyMessage.h"
#include "scheduling/itip/AttendeeMessages.h"
#include "scheduling/itip/OrganizerMessages.h"

#include "ical/Instances.h"
#include "scheduling/ItipTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav;
using namespace caldav::scheduling::itip;
using namespace caldav::scheduling::itip::test;

namespace {

const char* const kAlarm = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n";
const std::string kBobNeedsAction = "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.com";

std::string request(const std::string& extra = "") { return calendarOf(meetingEvent(extra), "REQUEST"); }

// The REQUEST the organizer's change sends to Bob.
std::string requestToBob(const std::string& before, const std::string& after) {
  const auto b = parsed(before);
  const auto a = parsed(after);
  const auto toBob = messagesTo(organizerMessages({&b, &a, kAlice}), kBob);
  CPPUNIT_ASSERT_EQUAL(std::size_t{1}, toBob.size());
  return toBob[0].body;
}

std::optional<std::string> applied(const std::string* existing, const std::string& message) {
  std::optional<ical::CalendarObject> copy;
  if (existing) copy.emplace(parsed(*existing));
  return applyRequest(copy ? &*copy : nullptr, parsed(message));
}

std::vector<ical::Instance> instancesOf(const std::string& text) {
  return ical::expandInstances(parsed(text), 1900000000, 100).instances;
}

const ical::Instance& instanceAt(const std::vector<ical::Instance>& instances, const std::string& id) {
  for (const auto& i : instances) {
    if (i.recurrenceId == id) return i;
  }
  CPPUNIT_FAIL("no instance " + id);
  return instances.front();
}

std::string cancelledOccurrence() {
  return calendarOf(
      "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270102T000000Z\r\nSEQUENCE:1\r\n"
      "RECURRENCE-ID:20270203T080000Z\r\nDTSTART:20270203T080000Z\r\n"
      "ORGANIZER:mailto:alice@example.com\r\nATTENDEE:mailto:bob@example.com\r\n"
      "STATUS:CANCELLED\r\nEND:VEVENT\r\n",
      "CANCEL");
}

}  // namespace

class ApplyMessageTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ApplyMessageTest);
  CPPUNIT_TEST(testFirstRequestBecomesTheCopy);
  CPPUNIT_TEST(testUpdateKeepsTheRecipientsAlarmsAndAnswer);
  CPPUNIT_TEST(testReschedulingResetsTheAnswer);
  CPPUNIT_TEST(testOlderRequestIsIgnored);
  CPPUNIT_TEST(testRequestForOneOccurrenceReplacesThatOverrideOnly);
  CPPUNIT_TEST(testCancelOfTheWholeObject);
  CPPUNIT_TEST(testCancelOfOneOccurrence);
  CPPUNIT_TEST(testOlderCancelIsIgnored);
  CPPUNIT_TEST(testReplySetsTheAttendeesPartstat);
  CPPUNIT_TEST(testReplyForAnOccurrenceAddsAnOverride);
  CPPUNIT_TEST(testReplyFromAStrangerIsIgnored);
  CPPUNIT_TEST(testScheduleStatusAndForceSend);
  CPPUNIT_TEST(testWithPartstat);
  CPPUNIT_TEST(testRoundTrip);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testFirstRequestBecomesTheCopy() {
    const auto copy = applied(nullptr, request());
    CPPUNIT_ASSERT(copy);
    CPPUNIT_ASSERT(!contains(*copy, "METHOD"));
    CPPUNIT_ASSERT(contains(*copy, "UID:meeting-1"));
    CPPUNIT_ASSERT(contains(*copy, "TZID:Europe/Berlin"));
  }

  void testUpdateKeepsTheRecipientsAlarmsAndAnswer() {
    const std::string copy = replaced(meeting(std::string(kAlarm) + "TRANSP:TRANSPARENT\r\n"), kBobNeedsAction,
                                      "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.com");
    const std::string renamed = replaced(request(), "SUMMARY:Planning", "SUMMARY:Budget");
    const auto updated = applied(&copy, replaced(renamed, "DTSTAMP:20270101T000000Z", "DTSTAMP:20270102T000000Z"));
    CPPUNIT_ASSERT(updated);
    CPPUNIT_ASSERT(contains(*updated, "SUMMARY:Budget"));
    CPPUNIT_ASSERT(contains(*updated, "BEGIN:VALARM"));
    CPPUNIT_ASSERT(contains(*updated, "TRANSP:TRANSPARENT"));
    CPPUNIT_ASSERT_EQUAL(std::string("ACCEPTED"), attendeeParameter(*updated, kBob, "PARTSTAT"));
  }

  void testReschedulingResetsTheAnswer() {
    const std::string copy = replaced(meeting(kAlarm), kBobNeedsAction, "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.com");
    const std::string moved =
        replaced(replaced(request(), "20270201T090000", "20270202T090000"), "SEQUENCE:0", "SEQUENCE:1");
    const auto updated = applied(&copy, moved);
    CPPUNIT_ASSERT(updated);
    CPPUNIT_ASSERT(contains(*updated, "20270202T090000"));
    CPPUNIT_ASSERT(contains(*updated, "BEGIN:VALARM"));
    CPPUNIT_ASSERT_EQUAL(std::string("NEEDS-ACTION"), attendeeParameter(*updated, kBob, "PARTSTAT"));
  }

  void testOlderRequestIsIgnored() {
    const std::string copy = replaced(meeting(), "SEQUENCE:0", "SEQUENCE:2");
    CPPUNIT_ASSERT(!applied(&copy, replaced(request(), "SEQUENCE:0", "SEQUENCE:1")));
    // Same SEQUENCE, older DTSTAMP.
    const std::string stamped = replaced(meeting(), "DTSTAMP:20270101T000000Z", "DTSTAMP:20270105T000000Z");
    CPPUNIT_ASSERT(!applied(&stamped, request()));
    CPPUNIT_ASSERT(applied(&stamped, replaced(request(), "DTSTAMP:20270101T000000Z", "DTSTAMP:20270106T000000Z")));
  }

  void testRequestForOneOccurrenceReplacesThatOverrideOnly() {
    const std::string copy = dailyMeeting(kAlarm);
    const std::string occurrence = calendarOf(
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270102T000000Z\r\nSEQUENCE:1\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20270203T090000\r\n"
        "DTSTART;TZID=Europe/Berlin:20270203T140000\r\nDTEND;TZID=Europe/Berlin:20270203T150000\r\n"
        "SUMMARY:Planning\r\nORGANIZER:mailto:alice@example.com\r\nATTENDEE:mailto:bob@example.com\r\n"
        "END:VEVENT\r\n",
        "REQUEST");
    const auto updated = applied(&copy, occurrence);
    CPPUNIT_ASSERT(updated);
    CPPUNIT_ASSERT_EQUAL(2, eventCount(*updated));
    CPPUNIT_ASSERT(contains(*updated, "RRULE:FREQ=DAILY;COUNT=5"));
    CPPUNIT_ASSERT(!contains(*updated, "METHOD"));
    const auto instances = instancesOf(*updated);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, instances.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1801659600}, instanceAt(instances, "20270203T080000Z").start);  // 13:00Z
    // The series' alarm applies to the new override too.
    const auto overrideAlarm = updated->find("BEGIN:VALARM", updated->find("RECURRENCE-ID"));
    CPPUNIT_ASSERT(overrideAlarm != std::string::npos);
  }

  void testCancelOfTheWholeObject() {
    const std::string cancel = replaced(request("STATUS:CANCELLED\r\n"), "METHOD:REQUEST", "METHOD:CANCEL");
    const auto result = applyCancel(parsed(dailyMeeting()), parsed(cancel));
    CPPUNIT_ASSERT(result);
    for (const auto& i : instancesOf(*result)) CPPUNIT_ASSERT(i.isCancelled);
  }

  void testCancelOfOneOccurrence() {
    const auto result = applyCancel(parsed(dailyMeeting()), parsed(cancelledOccurrence()));
    CPPUNIT_ASSERT(result);
    const auto instances = instancesOf(*result);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, instances.size());
    CPPUNIT_ASSERT(instanceAt(instances, "20270203T080000Z").isCancelled);
    CPPUNIT_ASSERT(!instanceAt(instances, "20270204T080000Z").isCancelled);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), propertyValue(*result, ICAL_SEQUENCE_PROPERTY, "20270203T080000Z"));
  }

  void testOlderCancelIsIgnored() {
    const std::string copy = replaced(dailyMeeting(), "SEQUENCE:0", "SEQUENCE:4");
    CPPUNIT_ASSERT(!applyCancel(parsed(copy), parsed(cancelledOccurrence())));
  }

  void testReplySetsTheAttendeesPartstat() {
    const std::string reply = calendarOf(
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270102T000000Z\r\nDTSTART:20270201T080000Z\r\n"
        "ORGANIZER:mailto:alice@example.com\r\nATTENDEE;PARTSTAT=TENTATIVE:MAILTO:Bob@example.com\r\n"
        "END:VEVENT\r\n",
        "REPLY");
    const auto result = applyReply(parsed(meeting()), parsed(reply));
    CPPUNIT_ASSERT(result);
    CPPUNIT_ASSERT_EQUAL(std::string("TENTATIVE"), attendeeParameter(*result, kBob, "PARTSTAT"));
    CPPUNIT_ASSERT_EQUAL(std::string("2.0"), attendeeParameter(*result, kBob, "SCHEDULE-STATUS"));
    CPPUNIT_ASSERT_EQUAL(std::string("NEEDS-ACTION"), attendeeParameter(*result, kCarol, "PARTSTAT"));
    const auto failed = applyReply(parsed(meeting()), parsed(replaced(reply, "END:VEVENT", "REQUEST-STATUS:3.7;Invalid\r\nEND:VEVENT")));
    CPPUNIT_ASSERT_EQUAL(std::string("3.7"), attendeeParameter(*failed, kBob, "SCHEDULE-STATUS"));
  }

  void testReplyForAnOccurrenceAddsAnOverride() {
    const std::string reply = calendarOf(
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270102T000000Z\r\nRECURRENCE-ID:20270203T080000Z\r\n"
        "DTSTART:20270203T080000Z\r\nORGANIZER:mailto:alice@example.com\r\n"
        "ATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.com\r\nEND:VEVENT\r\n",
        "REPLY");
    const auto result = applyReply(parsed(dailyMeeting()), parsed(reply));
    CPPUNIT_ASSERT(result);
    CPPUNIT_ASSERT_EQUAL(2, eventCount(*result));
    CPPUNIT_ASSERT_EQUAL(std::string("DECLINED"), attendeeParameter(*result, kBob, "PARTSTAT", "20270203T080000Z"));
    CPPUNIT_ASSERT_EQUAL(std::string("NEEDS-ACTION"), attendeeParameter(*result, kBob, "PARTSTAT"));
    CPPUNIT_ASSERT_EQUAL(std::string("NEEDS-ACTION"), attendeeParameter(*result, kCarol, "PARTSTAT", "20270203T080000Z"));
    // The override is that occurrence, at its time, in the series' zone.
    CPPUNIT_ASSERT(contains(*result, "DTSTART;TZID=Europe/Berlin:20270203T090000"));
    CPPUNIT_ASSERT(contains(*result, "DTEND;TZID=Europe/Berlin:20270203T100000"));
    const auto instances = instancesOf(*result);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, instances.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1801641600}, instanceAt(instances, "20270203T080000Z").start);
  }

  void testReplyFromAStrangerIsIgnored() {
    const std::string reply = calendarOf(
        "BEGIN:VEVENT\r\nUID:meeting-1\r\nDTSTAMP:20270102T000000Z\r\nDTSTART:20270201T080000Z\r\n"
        "ORGANIZER:mailto:alice@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:dave@example.com\r\n"
        "END:VEVENT\r\n",
        "REPLY");
    CPPUNIT_ASSERT(!applyReply(parsed(meeting()), parsed(reply)));
  }

  void testScheduleStatusAndForceSend() {
    const std::string forced = replaced(meeting(), kBobNeedsAction,
                                        "ATTENDEE;SCHEDULE-FORCE-SEND=REQUEST;PARTSTAT=NEEDS-ACTION:mailto:bob@example.com");
    const std::string result = withScheduleStatus(parsed(forced), {{kBob, "1.2"}});
    CPPUNIT_ASSERT_EQUAL(std::string("1.2"), attendeeParameter(result, kBob, "SCHEDULE-STATUS"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), attendeeParameter(result, kCarol, "SCHEDULE-STATUS"));
    CPPUNIT_ASSERT(!contains(result, "SCHEDULE-FORCE-SEND"));
  }

  void testWithPartstat() {
    const std::string result = withPartstat(parsed(dailyMeeting()), "MAILTO:BOB@example.com", "ACCEPTED");
    CPPUNIT_ASSERT_EQUAL(std::string("ACCEPTED"), attendeeParameter(result, kBob, "PARTSTAT"));
    CPPUNIT_ASSERT_EQUAL(std::string(""), attendeeParameter(result, kBob, "RSVP"));
  }

  void testRoundTrip() {
    // Alice invites Bob and Carol; Bob's copy is made from the REQUEST.
    const std::string organizers = dailyMeeting();
    const auto b = parsed(organizers);
    const auto toBob = messagesTo(organizerMessages({nullptr, &b, kAlice}), kBob);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, toBob.size());
    const auto bobsCopy = applied(nullptr, toBob[0].body);
    CPPUNIT_ASSERT(bobsCopy);
    // Bob accepts; his server replies to Alice, whose object then shows it.
    const auto copy = parsed(*bobsCopy);
    const auto accepted = parsed(withPartstat(copy, kBob, "ACCEPTED"));
    const auto reply = attendeeReply({&copy, &accepted, kBob});
    CPPUNIT_ASSERT(reply);
    CPPUNIT_ASSERT_EQUAL(kAlice, reply->recipient);
    const auto updated = applyReply(b, parsed(reply->body));
    CPPUNIT_ASSERT(updated);
    CPPUNIT_ASSERT_EQUAL(std::string("ACCEPTED"), attendeeParameter(*updated, kBob, "PARTSTAT"));
    CPPUNIT_ASSERT_EQUAL(std::string("2.0"), attendeeParameter(*updated, kBob, "SCHEDULE-STATUS"));
    // Alice renames the meeting: Bob's copy follows and keeps his answer.
    const std::string renamed = replaced(*updated, "SUMMARY:Planning", "SUMMARY:Budget");
    const auto again = applied(&*bobsCopy, requestToBob(*updated, renamed));
    CPPUNIT_ASSERT(again);
    CPPUNIT_ASSERT(contains(*again, "SUMMARY:Budget"));
    CPPUNIT_ASSERT_EQUAL(std::string("ACCEPTED"), attendeeParameter(*again, kBob, "PARTSTAT"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ApplyMessageTest);
