#include "DispatcherFixture.h"
#include "dav/auth/Authenticator.h"
#include "dav/auth/CredentialCache.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

using caldav::dav::auth::Authenticator;
using caldav::dav::auth::CredentialCache;
using caldav::dav::testing::DispatcherFixture;

class AuthenticatorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AuthenticatorTest);
  CPPUNIT_TEST(testKdfRunsOncePerCredentialNotPerRequest);
  CPPUNIT_TEST(testChangedPasswordInvalidatesTheCachedOne);
  CPPUNIT_TEST(testConcurrentFirstRequestsRunTheKdfOnce);
  CPPUNIT_TEST(testCacheEntryIsExtendedWhileUsed);
  CPPUNIT_TEST(testWrongPasswordIsNeverCached);
  CPPUNIT_TEST(testFailingVerifyLetsTheNextCallerTryAgain);
  CPPUNIT_TEST(testPrincipalWithoutPasswordIsRefusedWithoutAKdfRun);
  CPPUNIT_TEST_SUITE_END();

 public:
  // A bookable principal (`caldavd principal add`) has an empty password hash: refused like a
  // wrong password, whatever is sent, and before the KDF (nothing to verify against).
  void testPrincipalWithoutPasswordIsRefusedWithoutAKdfRun() {
    DispatcherFixture fixture;
    caldav::dav::createPrincipal(fixture.store(), "room1", "room", "automatic", 1000);
    Authenticator authenticator(fixture.store());
    for (const char* password : {"", "x", "room1"}) {
      CPPUNIT_ASSERT(!authenticator.authenticate(DispatcherFixture::basic("room1", password)));
    }
    CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), authenticator.kdfRuns());
  }

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

  // A client opening several connections at once (or every connection after the entry
  // expired) used to run the slow KDF once per connection, all at the same time.
  void testConcurrentFirstRequestsRunTheKdfOnce() {
    DispatcherFixture fixture;
    Authenticator authenticator(fixture.store());
    std::vector<std::future<bool>> requests;
    for (int i = 0; i < 8; ++i) {
      requests.push_back(std::async(std::launch::async, [&] {
        return authenticator.authenticate(DispatcherFixture::basic("alice", "alice-pw")).has_value();
      }));
    }
    for (auto& request : requests) CPPUNIT_ASSERT(request.get());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), authenticator.kdfRuns());
  }

  void testCacheEntryIsExtendedWhileUsed() {
    CredentialCache cache(std::chrono::seconds(1));
    int runs = 0;
    auto verify = [&] {
      ++runs;
      return true;
    };
    CPPUNIT_ASSERT(cache.verifyOnce("u", "p", "h", verify));
    for (int i = 0; i < 4; ++i) {  // 1.2 s of use in all, each gap well within the 1 s ttl
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      CPPUNIT_ASSERT(cache.contains("u", "p", "h"));
    }
    CPPUNIT_ASSERT(cache.verifyOnce("u", "p", "h", verify));
    CPPUNIT_ASSERT_EQUAL(1, runs);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // unused for longer than the ttl
    CPPUNIT_ASSERT(!cache.contains("u", "p", "h"));
  }

  void testWrongPasswordIsNeverCached() {
    CredentialCache cache;
    int runs = 0;
    auto reject = [&] {
      ++runs;
      return false;
    };
    CPPUNIT_ASSERT(!cache.verifyOnce("u", "bad", "h", reject));
    CPPUNIT_ASSERT(!cache.verifyOnce("u", "bad", "h", reject));
    CPPUNIT_ASSERT_EQUAL(2, runs);
    CPPUNIT_ASSERT(!cache.contains("u", "bad", "h"));
  }

  void testFailingVerifyLetsTheNextCallerTryAgain() {
    CredentialCache cache;
    CPPUNIT_ASSERT_THROW(cache.verifyOnce("u", "p", "h", []() -> bool { throw std::runtime_error("kdf"); }),
                         std::runtime_error);
    auto next = std::async(std::launch::async, [&] { return cache.verifyOnce("u", "p", "h", [] { return true; }); });
    CPPUNIT_ASSERT(next.wait_for(std::chrono::seconds(10)) == std::future_status::ready);  // not left waiting
    CPPUNIT_ASSERT(next.get());
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AuthenticatorTest);
