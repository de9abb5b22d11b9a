#include "DispatcherFixture.h"
#include "dav/auth/Authenticator.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::dav::auth::Authenticator;
using caldav::dav::testing::DispatcherFixture;

class AuthenticatorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AuthenticatorTest);
  CPPUNIT_TEST(testKdfRunsOncePerCredentialNotPerRequest);
  CPPUNIT_TEST(testChangedPasswordInvalidatesTheCachedOne);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKdfRunsOncePerCredentialNotPerRequest() {
    DispatcherFixture fixture;
    Authenticator authenticator(fixture.store());
    for (int i = 0; i < 50; ++i) {
      CPPUNIT_ASSERT_EQUAL(std::string("alice"), *authenticator.authenticate(DispatcherFixture::basic("alice", "alice-pw")));
    }
    CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), authenticator.kdfRuns());
    CPPUNIT_ASSERT(!authenticator.authenticate(DispatcherFixture::basic("alice", "guess")));
    CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), authenticator.kdfRuns());
  }

  void testChangedPasswordInvalidatesTheCachedOne() {
    DispatcherFixture fixture;
    Authenticator authenticator(fixture.store());
    CPPUNIT_ASSERT(authenticator.authenticate(DispatcherFixture::basic("alice", "alice-pw")));
    caldav::dav::setPassword(fixture.store(), "alice", "new-pw");
    CPPUNIT_ASSERT(!authenticator.authenticate(DispatcherFixture::basic("alice", "alice-pw")));
    CPPUNIT_ASSERT(authenticator.authenticate(DispatcherFixture::basic("alice", "new-pw")));
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AuthenticatorTest);
