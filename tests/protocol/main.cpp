// protocol_tests [TestPath]: HTTP tests against a real caldavd (backend from
// CALDAV_TEST_STORAGE). Exits non-zero on any failure.
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>

#include <Poco/Net/Net.h>

int main(int argc, char** argv) {
  Poco::Net::initializeNetwork();
  CppUnit::TextUi::TestRunner runner;
  runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  return runner.run(argc > 1 ? argv[1] : "") ? 0 : 1;
}
