#include "dav/auth/CredentialCache.h"
#include "dav/auth/PasswordHash.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace caldav::dav::auth;

class AuthTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AuthTest);
  CPPUNIT_TEST(testHashVerifiesOnlyTheRightPassword);
  CPPUNIT_TEST(testHashesAreSaltedAndMalformedOnesNeverVerify);
  CPPUNIT_TEST(testCacheRemembersForTtlAndForgetsOnHashChange);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testHashVerifiesOnlyTheRightPassword() {
    auto hash = hashPassword("s3cret \xC3\xA9", 1000);
    CPPUNIT_ASSERT(verifyPassword("s3cret \xC3\xA9", hash));
    CPPUNIT_ASSERT(!verifyPassword("s3cret", hash));
    CPPUNIT_ASSERT(!verifyPassword("", hash));
  }

  void testHashesAreSaltedAndMalformedOnesNeverVerify() {
    CPPUNIT_ASSERT(hashPassword("x", 1000) != hashPassword("x", 1000));
    CPPUNIT_ASSERT(hashPassword("x").rfind("pbkdf2-sha256$310000$", 0) == 0);
    for (const char* bad : {"", "x", "pbkdf2-sha256$", "pbkdf2-sha256$abc$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$AAAA",
                            "pbkdf2-sha256$1000$$", "md5$1$2$3"}) {
      CPPUNIT_ASSERT(!verifyPassword("x", bad));
    }
  }

  void testCacheRemembersForTtlAndForgetsOnHashChange() {
    CredentialCache cache(std::chrono::seconds(1));
    CPPUNIT_ASSERT(!cache.contains("u", "p", "h1"));
    cache.remember("u", "p", "h1");
    CPPUNIT_ASSERT(cache.contains("u", "p", "h1"));
    CPPUNIT_ASSERT(!cache.contains("u", "other", "h1"));
    CPPUNIT_ASSERT(!cache.contains("u", "p", "h2"));
    CPPUNIT_ASSERT(!cache.contains("v", "p", "h1"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CPPUNIT_ASSERT(!cache.contains("u", "p", "h1"));
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AuthTest);
