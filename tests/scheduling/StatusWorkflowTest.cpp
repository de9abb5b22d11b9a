// The appointment status workflow (docs/booking-rules.md "Status workflow").
#include "scheduling/rules/StatusWorkflow.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::scheduling::AppointmentStatus;
using caldav::scheduling::StatusTransitions;
using caldav::scheduling::appointmentStatus;

class StatusWorkflowTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StatusWorkflowTest);
  CPPUNIT_TEST(testAbsentStatusIsConfirmed);
  CPPUNIT_TEST(testExtensionTakesPrecedenceOverStatus);
  CPPUNIT_TEST(testUnknownOrMisplacedValuesAreNoStatus);
  CPPUNIT_TEST(testDefaultTableFollowsAppointmentPractice);
  CPPUNIT_TEST(testKeepingAStatusIsAlwaysAllowed);
  CPPUNIT_TEST(testConfiguredTableReplacesTheDefault);
  CPPUNIT_TEST(testMalformedTablesAreRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAbsentStatusIsConfirmed() {
    CPPUNIT_ASSERT(appointmentStatus("", "") == AppointmentStatus::Confirmed);
    CPPUNIT_ASSERT(appointmentStatus("TENTATIVE", "") == AppointmentStatus::Tentative);
    CPPUNIT_ASSERT(appointmentStatus("cancelled", "") == AppointmentStatus::Cancelled);
  }

  void testExtensionTakesPrecedenceOverStatus() {
    CPPUNIT_ASSERT(appointmentStatus("CONFIRMED", "IN-PROGRESS") == AppointmentStatus::InProgress);
    CPPUNIT_ASSERT(appointmentStatus("CONFIRMED", "COMPLETED") == AppointmentStatus::Completed);
    CPPUNIT_ASSERT(appointmentStatus("", "NO-SHOW") == AppointmentStatus::NoShow);
  }

  void testUnknownOrMisplacedValuesAreNoStatus() {
    CPPUNIT_ASSERT(!appointmentStatus("NEEDS-ACTION", ""));  // a VTODO status
    CPPUNIT_ASSERT(!appointmentStatus("COMPLETED", ""));     // only through the extension
    CPPUNIT_ASSERT(!appointmentStatus("", "TENTATIVE"));     // only through STATUS
    CPPUNIT_ASSERT(!appointmentStatus("", "LATE"));
  }

  void testDefaultTableFollowsAppointmentPractice() {
    auto table = StatusTransitions::appointmentDefault();
    using S = AppointmentStatus;
    CPPUNIT_ASSERT(table.allows(S::Tentative, S::Confirmed));
    CPPUNIT_ASSERT(table.allows(S::Tentative, S::Cancelled));
    CPPUNIT_ASSERT(table.allows(S::Tentative, S::NoShow));
    CPPUNIT_ASSERT(table.allows(S::Confirmed, S::InProgress));
    CPPUNIT_ASSERT(table.allows(S::Confirmed, S::Cancelled));
    CPPUNIT_ASSERT(table.allows(S::InProgress, S::Completed));
    CPPUNIT_ASSERT(table.allows(S::Cancelled, S::Tentative));
    CPPUNIT_ASSERT(table.allows(S::Completed, S::NoShow));
    CPPUNIT_ASSERT(!table.allows(S::Completed, S::Confirmed));
    CPPUNIT_ASSERT(!table.allows(S::Cancelled, S::Confirmed));
    CPPUNIT_ASSERT(!table.allows(S::InProgress, S::Tentative));
    CPPUNIT_ASSERT(!table.allows(S::Confirmed, S::Tentative));
    CPPUNIT_ASSERT(!table.allows(S::NoShow, S::Completed));
  }

  void testKeepingAStatusIsAlwaysAllowed() {
    auto table = *StatusTransitions::parse("");
    CPPUNIT_ASSERT(table.allows(AppointmentStatus::Completed, AppointmentStatus::Completed));
    CPPUNIT_ASSERT(!table.allows(AppointmentStatus::Tentative, AppointmentStatus::Confirmed));
  }

  void testConfiguredTableReplacesTheDefault() {
    auto table = StatusTransitions::parse(" confirmed > tentative ; tentative>confirmed,cancelled ");
    CPPUNIT_ASSERT(table);
    CPPUNIT_ASSERT(table->allows(AppointmentStatus::Confirmed, AppointmentStatus::Tentative));
    CPPUNIT_ASSERT(!table->allows(AppointmentStatus::Confirmed, AppointmentStatus::InProgress));
  }

  void testMalformedTablesAreRefused() {
    CPPUNIT_ASSERT(!StatusTransitions::parse("tentative"));
    CPPUNIT_ASSERT(!StatusTransitions::parse("tentative>late"));
    CPPUNIT_ASSERT(!StatusTransitions::parse("soon>confirmed"));
    CPPUNIT_ASSERT(!StatusTransitions::parse("tentative>confirmed,"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusWorkflowTest);
