// Runs every registered CppUnit suite of dav_tests (or only the one named); exits non-zero on
// any failure.
//   dav_tests [TestPath]      e.g. dav_tests BookingPropertyTest
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>

int main(int argc, char** argv) {
  CppUnit::TextUi::TestRunner runner;
  runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  return runner.run(argc > 1 ? argv[1] : "", false, true, false) ? 0 : 1;
}
