#include "ServerProcess.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Random.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Thread.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <signal.h>

namespace caldav::testing {
namespace {

std::string env(const char* name, const std::string& fallback = "") {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

std::string readFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Reads stderr until the readiness line; returns the port it names.
unsigned short waitForListening(Poco::PipeInputStream& stream) {
  std::string line;
  while (std::getline(stream, line)) {
    const std::string marker = "caldavd listening on http://";
    auto at = line.find(marker);
    if (at == std::string::npos) continue;
    auto hostPort = line.substr(at + marker.size());
    auto colon = hostPort.find(':');
    return static_cast<unsigned short>(std::stoi(hostPort.substr(colon + 1)));
  }
  throw std::runtime_error("caldavd exited before listening");
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extraArgs) : binary_(env("CALDAVD", "build/caldavd")) {
  std::string backend = env("CALDAV_TEST_STORAGE", "sqlite");
  if (backend == "postgresql") {
    storageUrl_ = readFirstLine(env("CALDAV_PG_URL_FILE"));
    if (storageUrl_.empty()) throw std::runtime_error("CALDAV_PG_URL_FILE names no PostgreSQL URL");
  } else {
    tempDir_ = Poco::TemporaryFile::tempName();
    Poco::File(tempDir_).createDirectories();
    storageUrl_ = "sqlite:" + tempDir_ + "/db.sqlite";
  }
  std::vector<std::string> args{"--listen", "127.0.0.1:0", "--storage", storageUrl_};
  args.insert(args.end(), extraArgs.begin(), extraArgs.end());
  handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(binary_, args, nullptr, nullptr, &stderrPipe_));
  Poco::PipeInputStream stream(stderrPipe_);
  port_ = waitForListening(stream);
  // Keep draining stderr so the server never blocks on a full pipe.
  std::thread([pipe = stderrPipe_]() mutable {
    char buffer[4096];
    while (pipe.readBytes(buffer, sizeof buffer) > 0) {
    }
  }).detach();
}

ServerProcess::~ServerProcess() {
  if (isRunning()) {
    ::kill(handle_->id(), SIGTERM);
    for (int i = 0; i < 250 && isRunning(); ++i) Poco::Thread::sleep(20);
    if (isRunning()) ::kill(handle_->id(), SIGKILL);
    try {
      if (isRunning()) handle_->wait();
    } catch (...) {
    }
  }
  if (!tempDir_.empty()) Poco::File(tempDir_).remove(true);
}

// tryWait() reaps the child: a zombie still counts as running for kill(pid, 0), which is
// what Poco::Process::isRunning() asks.
bool ServerProcess::isRunning() const {
  if (!handle_ || exitCode_) return false;
  if (const int code = handle_->tryWait(); code != -1) exitCode_ = code;
  return !exitCode_;
}

std::optional<int> ServerProcess::terminate(std::chrono::milliseconds limit) {
  if (isRunning()) ::kill(handle_->id(), SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (isRunning()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    Poco::Thread::sleep(20);
  }
  return exitCode_;
}

std::string ServerProcess::addUser(const std::string& prefix, const std::string& password) {
  static Poco::Random random;
  random.seed();
  std::string name = prefix + "-" + std::to_string(random.next());
  Poco::Pipe input;
  auto process = Poco::Process::launch(binary_, {"user", "add", name, "--password-stdin", "--storage", storageUrl_},
                                       &input, nullptr, nullptr);
  Poco::PipeOutputStream out(input);
  out << password << "\n";
  out.close();
  if (process.wait() != 0) throw std::runtime_error("caldavd user add failed for " + name);
  return name;
}

}  // namespace caldav::testing
