#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace caldav::testing {

// A real caldavd on a free loopback port (it binds port 0 and prints the address), on the
// backend named by CALDAV_TEST_STORAGE (sqlite: a temp file; postgresql: the test cluster
// whose URL is in the file CALDAV_PG_URL_FILE). Stopped by PID (SIGTERM, then SIGKILL)
// in the destructor. The binary is $CALDAVD.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extraArgs = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Creates a user with a name unique to this run (so runs on a shared PostgreSQL
  // database never see each other's data); returns the name.
  std::string addUser(const std::string& prefix, const std::string& password);
  bool isRunning() const;
  // Sends SIGTERM and waits up to `limit` for the process to exit; returns its exit code, or
  // std::nullopt if it is still running (the destructor then kills it).
  std::optional<int> terminate(std::chrono::milliseconds limit);

  const std::string& host() const { return host_; }
  unsigned short port() const { return port_; }
  const std::string& storageUrl() const { return storageUrl_; }

 private:
  std::string binary_;
  std::string tempDir_;
  std::string storageUrl_;
  std::string host_ = "127.0.0.1";
  unsigned short port_ = 0;
  std::unique_ptr<Poco::ProcessHandle> handle_;
  mutable std::optional<int> exitCode_;  // once reaped
  Poco::Pipe stderrPipe_;
};

}  // namespace caldav::testing
