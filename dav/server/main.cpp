// caldavd: the composition root. The only place that names the concrete storage
// backends (through storage::openStore), reads the system clock and handles signals.
#include "dav/Dispatcher.h"
#include "dav/Provisioning.h"
#include "dav/http/ConnectionGate.h"
#include "dav/http/GatedConnection.h"
#include "dav/http/PocoHandlerFactory.h"
#include "dav/server/AdminCommands.h"
#include "dav/server/GrantCommands.h"
#include "dav/server/Options.h"
#include "storage/OpenStore.h"
#include "storage/StoreError.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServerDispatcher.h>
#include <Poco/PatternFormatter.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <csignal>
#include <cstdlib>
#include <malloc.h>
#include <sys/resource.h>
#include <iostream>
#include <string>
#include <vector>

namespace {

using caldav::server::ServeOptions;

constexpr const char* kUsage =
    "usage:\n"
    "  caldavd [serve] [--listen HOST:PORT] [--storage URL] [--config FILE] [--max-body-bytes N]\n"
    "                  [--threads N] [--max-queued N] [--max-connections-per-address N]\n"
    "                  [--request-head-timeout S] [--keep-alive-timeout S] [--stop-timeout S] [--log-requests]\n"
    "                  [--mail-domain DOMAIN]\n"
    "  caldavd user add NAME [--email ADDR | --mail-domain DOMAIN] --password-stdin --storage URL\n"
    "  caldavd user passwd NAME --password-stdin --storage URL\n"
    "  caldavd calendar create OWNER NAME [--display-name TEXT] [--bookable] [--set KEY=VALUE ...] --storage URL\n"
    "  caldavd calendar list [OWNER] --storage URL\n"
    "  caldavd calendar set OWNER NAME KEY=VALUE... --storage URL     (KEY= removes the value)\n"
    "  caldavd principal add NAME --type individual|room|resource [--auto-schedule VALUE]\n"
    "                    [--email ADDR | --mail-domain DOMAIN] --storage URL\n"
    "                    (VALUE: automatic|accept-if-free|decline-if-busy|none; a room: automatic)\n"
    "  caldavd principal list --storage URL\n"
    "  caldavd principal set NAME [--type TYPE] [--auto-schedule VALUE] --storage URL\n"
    "  caldavd audit list [--calendar PATH] [--since TIME] [--limit N] --storage URL\n"
    "  caldavd grant PATH USER read|write|read-free-busy|schedule-deliver|schedule-send --storage URL\n"
    "  caldavd revoke PATH USER --storage URL\n"
    "  caldavd --version | --help\n"
    "Storage URLs: sqlite:PATH | postgresql://USER[:PASSWORD]@HOST:PORT/DB\n";

std::int64_t systemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void setUpLogging() {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%SZ %p %s: %t"));
  Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel(std::cerr));
  Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, console));
  Poco::Logger::root().setChannel(channel);
  Poco::Logger::root().setLevel("information");
}

// Blocks SIGINT/SIGTERM in every thread (the server's threads inherit the mask), so
// that the main thread can wait for them with sigwait().
sigset_t blockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Extends the instance index of open-ended series as time passes (docs/ical.md: the
// horizon is about two years ahead), at start-up and then hourly, until `stop` is set.
class IndexMaintenance {
 public:
  explicit IndexMaintenance(const caldav::scheduling::WriteService& writes)
      : thread_([this, &writes] { run(writes); }) {}
  ~IndexMaintenance() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void run(const caldav::scheduling::WriteService& writes) {
    constexpr std::size_t kBatch = 200;
    std::unique_lock lock(mutex_);
    while (!stop_) {
      lock.unlock();
      try {
        // One `now` per pass, so re-indexed series drop out of the candidates; bounded.
        const std::int64_t now = systemNow();
        std::size_t total = 0;
        for (int pass = 0, done = kBatch; done == static_cast<int>(kBatch) && pass < 10000 && !stop_; ++pass) {
          done = static_cast<int>(writes.extendIndexes(now, kBatch));
          total += static_cast<std::size_t>(done);
        }
        if (total > 0) Poco::Logger::get("caldavd").information("extended the index of %z series", total);
      } catch (const std::exception& error) {
        Poco::Logger::get("caldavd").error("index maintenance: %s", std::string(error.what()));
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::hours(1), [this] { return stop_.load(); });
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Every open connection holds a descriptor, also while it waits for its request head: take
// the hard limit, not the (often 1024) soft one.
void raiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// A request can outlast the stop: a thread busy in libical or waiting on the database does
// not notice its connection was shut down. After `bound` the process exits anyway; the
// databases roll back what was not committed (SQLite's journal, PostgreSQL's dropped session).
void startStopDeadline(std::chrono::seconds bound) {
  std::thread([bound] {
    std::this_thread::sleep_for(bound);
    std::cerr << "caldavd: requests still running " << bound.count() << " s after the stop signal; exiting"
              << std::endl;
    std::_Exit(1);
  }).detach();
}

int serve(const ServeOptions& options) {
  // glibc gives each busy thread its own malloc arena (up to 8 per core); with up to
  // --threads request threads building answers, their free memory is scattered over many
  // arenas and stays resident. Four arenas keep peak RSS down (100k benchmark: 101 -> 99 MB);
  // two made threads wait on each other's arena (about 10 % more CPU per request).
  mallopt(M_ARENA_MAX, 4);
  sigset_t signals = blockTerminationSignals();
  raiseDescriptorLimit();
  auto store = caldav::storage::openStore(options.storage);
  // Users made before scheduling existed get their address, inbox and outbox now (RFC 6638).
  for (const auto& warning : caldav::dav::provisionScheduling(*store, options.mailDomain, systemNow())) {
    std::cerr << "caldavd: " << warning << std::endl;
  }
  caldav::dav::Dispatcher dispatcher(*store, systemNow);
  IndexMaintenance maintenance(dispatcher.writes());

  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options.listen), 128);
  Poco::Net::HTTPServerParams::Ptr params(new Poco::Net::HTTPServerParams);
  params->setMaxThreads(options.threads);
  params->setMaxQueued(options.maxQueued);
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(60, 0));  // per read of a body, once the head is in
  Poco::ThreadPool pool(2, options.threads, 60);
  caldav::dav::http::HttpLimits limits{options.maxBodyBytes, options.logRequests};
  caldav::dav::http::GateLimits gateLimits{options.maxConnectionsPerAddress,
                                           std::chrono::seconds(options.requestHeadSeconds),
                                           std::chrono::seconds(options.keepAliveSeconds),
                                           static_cast<std::size_t>(options.maxQueued)};
  // Connections wait in the gate until a whole request head is in; only then does a request
  // thread take them (docs/caldav.md, "Paths and hostile connections").
  caldav::dav::http::ConnectionGate gate(socket, gateLimits);
  // Ref-counted by Poco (its destructor is protected): released below, or left to the exit.
  auto* workers = new Poco::Net::TCPServerDispatcher(
      new caldav::dav::http::GatedConnectionFactory(
          params, new caldav::dav::http::PocoHandlerFactory(dispatcher, limits), gate),
      pool, params);
  gate.start(*workers);
  std::string address = socket.address().toString();
  std::cerr << "caldavd listening on http://" << address << "/ (storage: " << store->backendName() << ")"
            << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "caldavd stopping (signal " << received << ")" << std::endl;
  startStopDeadline(std::chrono::seconds(options.stopSeconds));
  gate.stop();  // no new connections; reads and writes of the ones being served fail
  workers->stop();
  pool.joinAll();
  workers->release();
  return 0;
}

std::string readPasswordFromStdin() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

int userCommand(const std::vector<std::string>& args) {
  // args: user (add|passwd) NAME [--email ADDR] [--mail-domain DOMAIN] --password-stdin --storage URL
  if (args.size() < 3) throw std::runtime_error("missing user sub-command or name");
  const std::string& action = args[1];
  const std::string& name = args[2];
  std::string storage;
  std::string email;
  std::string mailDomain = caldav::dav::kDefaultMailDomain;
  bool passwordFromStdin = false;
  for (std::size_t i = 3; i < args.size(); ++i) {
    if (args[i] == "--password-stdin") {
      passwordFromStdin = true;
    } else if (args[i] == "--storage" && i + 1 < args.size()) {
      storage = args[++i];
    } else if (args[i] == "--email" && i + 1 < args.size() && action == "add") {
      email = args[++i];
    } else if (args[i] == "--mail-domain" && i + 1 < args.size() && action == "add") {
      mailDomain = args[++i];
    } else {
      throw std::runtime_error("unexpected argument " + args[i]);
    }
  }
  if (!passwordFromStdin || storage.empty()) throw std::runtime_error("--password-stdin and --storage are required");
  std::string password = readPasswordFromStdin();
  auto store = caldav::storage::openStore(storage);
  if (action == "add") {
    if (email.empty()) email = caldav::dav::defaultEmail(name, mailDomain);
    caldav::dav::createUser(*store, name, password, systemNow(), 0, email);
    std::cerr << "created user " << name << " <" << email << ">" << std::endl;
  } else if (action == "passwd") {
    caldav::dav::setPassword(*store, name, password);
    std::cerr << "changed the password of " << name << std::endl;
  } else {
    throw std::runtime_error("unknown user sub-command " + action);
  }
  return 0;
}

ServeOptions parseServeOptions(const std::vector<std::string>& args, std::size_t first) {
  ServeOptions options;
  for (std::size_t i = first; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.rfind("--", 0) != 0) throw std::runtime_error("unexpected argument " + arg);
    std::string key = arg.substr(2);
    std::string value;
    if (auto equals = key.find('='); equals != std::string::npos) {
      value = key.substr(equals + 1);
      key = key.substr(0, equals);
    } else if (key == "log-requests") {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw std::runtime_error(arg + " needs a value");
    }
    if (key == "config") {
      caldav::server::applyConfigFile(value, options);
    } else {
      caldav::server::applySetting(key, value, options);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  setUpLogging();
  try {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << kUsage;
      return 0;
    }
    if (!args.empty() && args[0] == "--version") {
      std::cout << "caldavd 0.1.0\n";
      return 0;
    }
    if (!args.empty() && args[0] == "user") return userCommand(args);
    if (!args.empty() && args[0] == "calendar") return caldav::server::calendarCommand(args, systemNow());
    if (!args.empty() && args[0] == "principal") return caldav::server::principalCommand(args, systemNow());
    if (!args.empty() && args[0] == "audit") return caldav::server::auditCommand(args);
    if (!args.empty() && args[0] == "grant") return caldav::server::grantCommand(args);
    if (!args.empty() && args[0] == "revoke") return caldav::server::revokeCommand(args);
    std::size_t first = (!args.empty() && args[0] == "serve") ? 1 : 0;
    return serve(parseServeOptions(args, first));
  } catch (const caldav::storage::StoreError& error) {
    std::cerr << "caldavd: storage: " << error.what() << std::endl;
    return error.code() == caldav::storage::StoreError::Code::AlreadyExists ? 3 : 1;
  } catch (const Poco::Exception& error) {
    std::cerr << "caldavd: " << error.displayText() << std::endl;
    return 1;
  } catch (const std::invalid_argument& error) {
    // A value that cannot be used (the command was understood): the reason, no usage.
    std::cerr << "caldavd: " << error.what() << std::endl;
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "caldavd: " << error.what() << "\n" << kUsage;
    return 2;
  }
}
