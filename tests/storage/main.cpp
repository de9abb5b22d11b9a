// Runs the storage tests: the backend-independent "unit" suites plus the store contract on
// one backend, chosen by the first argument or $CALDAV_TEST_STORAGE (default sqlite).
//   storage_tests [sqlite|postgresql] [TestPath]
// Exits 0 only if every test passed.
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  std::string backend = "sqlite";
  if (const char* env = std::getenv("CALDAV_TEST_STORAGE"); env != nullptr && *env != '\0') {
    backend = env;
  }
  if (argc > 1) {
    backend = argv[1];
  }
  if (backend != "sqlite" && backend != "postgresql") {
    std::cerr << "usage: " << argv[0] << " [sqlite|postgresql] [TestPath]\n";
    return 2;
  }
  CppUnit::TextUi::TestRunner runner;
  runner.addTest(CppUnit::TestFactoryRegistry::getRegistry("unit").makeTest());
  runner.addTest(CppUnit::TestFactoryRegistry::getRegistry(backend).makeTest());
  std::cout << "storage tests on " << backend << "\n";
  const bool passed = runner.run(argc > 2 ? argv[2] : "", false, true, true);
  return passed ? 0 : 1;
}
