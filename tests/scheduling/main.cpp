// Runs the scheduling unit tests (pure rules, no storage, no server). Exits 0 only if every test passed.
//   scheduling_tests [TestPath]
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>

int main(int argc, char** argv) {
  CppUnit::TextUi::TestRunner runner;
  runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  const bool passed = runner.run(argc > 1 ? argv[1] : "", false, true, false);
  return passed ? 0 : 1;
}
