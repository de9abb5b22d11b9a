// The one write path (scheduling::WriteService) on its own, on both backends: observers see
// committed writes only, a session that is not committed changes nothing.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"

#include "dav/caldav/CalendarSettings.h"
#include "scheduling/RuleViolation.h"
#include "scheduling/write/WriteService.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace caldav::dav::testing;
using caldav::scheduling::WriteIntent;
using caldav::scheduling::WriteMethod;
using caldav::scheduling::WriteOutcome;
using caldav::scheduling::WriteService;

class WriteServiceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WriteServiceTest);
  CPPUNIT_TEST(testObserversSeeCommittedWritesOnly);
  CPPUNIT_TEST(testUncommittedSessionChangesNothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    fixture_ = std::make_unique<DispatcherFixture>();
    service_ = std::make_unique<WriteService>(fixture_->store(), caldav::dav::caldav::calendarReader());
    service_->addObserver([this](const WriteOutcome& outcome) {
      // Called after commit: the change is visible to a new reader.
      auto read = fixture_->store().beginRead();
      seen_.push_back(outcome.stored ? read->findNode(outcome.stored->path).has_value() : true);
    });
  }
  void tearDown() override {
    service_.reset();
    fixture_.reset();
  }

  void testObserversSeeCommittedWritesOnly() {
    auto first = service_->begin(intent("a.ics", "same"));
    first.commit();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, seen_.size());
    CPPUNIT_ASSERT(seen_.front());
    auto second = service_->begin(intent("b.ics", "same"));  // the UID is taken: refused
    CPPUNIT_ASSERT_THROW(second.commit(), caldav::scheduling::RuleViolation);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, seen_.size());
  }

  void testUncommittedSessionChangesNothing() {
    {
      auto session = service_->begin(intent("c.ics", "c"));
      CPPUNIT_ASSERT(!session.facts().target);
      CPPUNIT_ASSERT(session.facts().calendar.has_value());
    }
    CPPUNIT_ASSERT(!fixture_->store().beginRead()->findNode("/calendars/alice/calendar/c.ics"));
    CPPUNIT_ASSERT(seen_.empty());
  }

 private:
  WriteIntent intent(const std::string& name, const std::string& uid) {
    WriteIntent intent;
    intent.method = WriteMethod::Put;
    intent.actor = "alice";
    intent.owners = {"alice"};
    intent.target = "/calendars/alice/calendar/" + name;
    intent.now = fixture_->now_;
    auto read = fixture_->store().beginRead();
    auto calendar = service_->calendarOf(*read, *read->findNode("/calendars/alice/calendar"), intent.now);
    intent.object = service_->prepare(event(uid, "20240105T100000Z", "20240105T110000Z"), *calendar, intent.now);
    return intent;
  }

  std::unique_ptr<DispatcherFixture> fixture_;
  std::unique_ptr<WriteService> service_;
  std::vector<bool> seen_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(WriteServiceTest);
