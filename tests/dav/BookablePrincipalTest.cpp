// Bookable principals (`caldavd principal`, dav/Provisioning.h): rooms, resources and
// individuals whose invitations the server answers. Each has what a user has (principal,
// home, inbox, outbox) and a bookable default calendar, but no password: it never logs in.
// Its RFC 6638 §2.4.2 calendar-user-type is its kind.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include "dav/CalendarAdmin.h"
#include "dav/Provisioning.h"
#include "storage/StoreError.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cctype>
#include <stdexcept>

using namespace caldav::dav::testing;
using caldav::storage::StoreError;

class BookablePrincipalTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BookablePrincipalTest);
  CPPUNIT_TEST(testPrincipalGetsWhatAUserGetsAndABookableCalendar);
  CPPUNIT_TEST(testPrincipalCannotLogIn);
  CPPUNIT_TEST(testCalendarUserTypeIsTheKindUpperCase);
  CPPUNIT_TEST(testInvalidValuesAndTakenNamesOrAddressesStoreNothing);
  CPPUNIT_TEST(testSetChangesKindAndAutoSchedule);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { fixture_ = std::make_unique<DispatcherFixture>(); }
  void tearDown() override { fixture_.reset(); }

  void testPrincipalGetsWhatAUserGetsAndABookableCalendar() {
    caldav::dav::createPrincipal(store(), "room1", "room", "automatic", 1000);
    {
      auto txn = store().beginRead();
      const auto room = txn->findUser("room1");
      CPPUNIT_ASSERT(room.has_value());
      CPPUNIT_ASSERT_EQUAL(std::string("room"), room->kind);
      CPPUNIT_ASSERT_EQUAL(std::string("automatic"), room->autoSchedule);
      CPPUNIT_ASSERT_EQUAL(std::string(""), room->passwordHash);
      CPPUNIT_ASSERT_EQUAL(std::string("room1@localhost"), room->email);  // defaultEmail, as for users
      CPPUNIT_ASSERT_EQUAL(std::string("principal"), txn->findNode("/principals/users/room1")->resourceType);
      CPPUNIT_ASSERT_EQUAL(std::string("calendar-home"), txn->findNode("/calendars/room1")->resourceType);
      CPPUNIT_ASSERT_EQUAL(std::string("schedule-inbox"), txn->findNode("/calendars/room1/inbox")->resourceType);
      CPPUNIT_ASSERT_EQUAL(std::string("schedule-outbox"), txn->findNode("/calendars/room1/outbox")->resourceType);
    }
    // The default calendar is bookable with the default policy, exactly as `calendar create
    // --bookable` would make it.
    const auto calendars = caldav::dav::listCalendars(store(), "room1");
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, calendars.size());
    CPPUNIT_ASSERT_EQUAL(std::string("/calendars/room1/calendar"), calendars[0].path);
    CPPUNIT_ASSERT(calendars[0].isBookable);
    CPPUNIT_ASSERT(calendars[0].policy.empty());
    // A user's default calendar is not bookable.
    CPPUNIT_ASSERT(!caldav::dav::listCalendars(store(), "alice")[0].isBookable);

    caldav::dav::createPrincipal(store(), "projector", "resource", "none", 1000, "beamer@example.org");
    CPPUNIT_ASSERT_EQUAL(std::string("beamer@example.org"), store().beginRead()->findUser("projector")->email);
  }

  void testPrincipalCannotLogIn() {
    caldav::dav::createPrincipal(store(), "room1", "room", "automatic", 1000);
    for (const char* password : {"", "x", "room1"}) {
      auto response = fixture_->call("PROPFIND", "/principals/users/room1/", "", {{"Depth", "0"}},
                                     DispatcherFixture::basic("room1", password));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(password, 401, response.status);  // as a wrong password
    }
  }

  void testCalendarUserTypeIsTheKindUpperCase() {
    // RFC 6638 §2.4.2, with RFC 5545 §3.2.3 CUTYPE values. Only the owner reads a principal,
    // and principals do not log in, so alice's kind is changed to see it rendered.
    CPPUNIT_ASSERT_EQUAL(std::string("INDIVIDUAL"), calendarUserType());
    for (const char* kind : {"room", "resource", "group"}) {
      auto txn = store().beginWrite({"alice"});
      txn->setUserScheduling("alice", kind, "automatic");
      txn->commit();
      std::string upper(kind);
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      CPPUNIT_ASSERT_EQUAL(upper, calendarUserType());
    }
  }

  void testInvalidValuesAndTakenNamesOrAddressesStoreNothing() {
    using caldav::dav::createPrincipal;
    CPPUNIT_ASSERT_THROW(createPrincipal(store(), "r", "building", "automatic", 1000), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createPrincipal(store(), "r", "room", "sometimes", 1000), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createPrincipal(store(), "r", "room", "", 1000), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createPrincipal(store(), "r", "", "automatic", 1000), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createPrincipal(store(), "r", "room", "automatic", 1000, "not-an-address"),
                         std::invalid_argument);
    CPPUNIT_ASSERT_THROW(createPrincipal(store(), "../r", "room", "automatic", 1000), std::invalid_argument);
    CPPUNIT_ASSERT(!store().beginRead()->findUser("r"));
    assertStoreError(StoreError::Code::AlreadyExists, [&] { createPrincipal(store(), "alice", "room", "none", 1000); });
    // One address, one principal (scheduling finds principals by address), whatever its case.
    assertStoreError(StoreError::Code::AlreadyExists,
                     [&] { createPrincipal(store(), "r", "room", "none", 1000, "ALICE@localhost"); });
    assertStoreError(StoreError::Code::AlreadyExists,
                     [&] { caldav::dav::createUser(store(), "carol", "pw", 1000, 1000, "Bob@Localhost"); });
    auto txn = store().beginRead();
    CPPUNIT_ASSERT(!txn->findUser("r") && !txn->findUser("carol"));
    CPPUNIT_ASSERT(!txn->findNode("/calendars/r"));
    CPPUNIT_ASSERT_EQUAL(std::string("individual"), txn->findUser("alice")->kind);
  }

  void testSetChangesKindAndAutoSchedule() {
    using caldav::dav::setPrincipalScheduling;
    caldav::dav::createPrincipal(store(), "room1", "room", "automatic", 1000);
    setPrincipalScheduling(store(), "room1", "", "decline-if-busy");
    CPPUNIT_ASSERT_EQUAL(std::string("room"), store().beginRead()->findUser("room1")->kind);  // kept
    CPPUNIT_ASSERT_EQUAL(std::string("decline-if-busy"), store().beginRead()->findUser("room1")->autoSchedule);
    setPrincipalScheduling(store(), "room1", "resource", "");
    CPPUNIT_ASSERT_EQUAL(std::string("resource"), store().beginRead()->findUser("room1")->kind);
    CPPUNIT_ASSERT_EQUAL(std::string("decline-if-busy"), store().beginRead()->findUser("room1")->autoSchedule);
    CPPUNIT_ASSERT_THROW(setPrincipalScheduling(store(), "room1", "room", "maybe"), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(setPrincipalScheduling(store(), "room1", "hall", ""), std::invalid_argument);
    CPPUNIT_ASSERT_EQUAL(std::string("resource"), store().beginRead()->findUser("room1")->kind);  // nothing stored
    // A user who logs in may become a bookable provider (keeping their password).
    setPrincipalScheduling(store(), "alice", "", "automatic");
    CPPUNIT_ASSERT_EQUAL(std::string("automatic"), store().beginRead()->findUser("alice")->autoSchedule);
    CPPUNIT_ASSERT_EQUAL(std::string("individual"), store().beginRead()->findUser("alice")->kind);
    CPPUNIT_ASSERT(!store().beginRead()->findUser("alice")->passwordHash.empty());
    assertStoreError(StoreError::Code::NotFound, [&] { setPrincipalScheduling(store(), "nobody", "room", ""); });
  }

 private:
  caldav::storage::Store& store() { return fixture_->store(); }

  std::string calendarUserType() {
    auto response = fixture_->call("PROPFIND", "/principals/users/alice/",
                                   "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>"
                                   "<C:calendar-user-type/></D:prop></D:propfind>",
                                   {{"Depth", "0"}});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 207, response.status);
    XmlQuery answer(response.body);
    const auto* type = answer.prop("/principals/users/alice/", kCalDavNsForTests, "calendar-user-type");
    CPPUNIT_ASSERT_MESSAGE(response.body, type);
    return type->textContent();
  }

  template <typename F>
  static void assertStoreError(StoreError::Code code, F&& action) {
    try {
      action();
    } catch (const StoreError& error) {
      CPPUNIT_ASSERT_MESSAGE(error.what(), error.code() == code);
      return;
    }
    CPPUNIT_FAIL("expected a StoreError");
  }

  std::unique_ptr<DispatcherFixture> fixture_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(BookablePrincipalTest);
