#pragma once

#include "dav/Dispatcher.h"
#include "dav/Provisioning.h"
#include "storage/OpenStore.h"

#include <Poco/Base64Encoder.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace caldav::dav::testing {

// An in-process server: a fresh SQLite store in a temp dir, users alice and bob, and a
// Dispatcher driven with plain Request values (no sockets).
class DispatcherFixture {
 public:
  DispatcherFixture() : dir_(Poco::TemporaryFile::tempName()) {
    Poco::File(dir_).createDirectories();
    store_ = storage::openStore("sqlite:" + dir_ + "/db.sqlite");
    // A cheap KDF keeps the suite fast; AuthTest covers the default cost.
    createUser(*store_, "alice", "alice-pw", 1000, 1000);
    createUser(*store_, "bob", "bob-pw", 1000, 1000);
    dispatcher_ = std::make_unique<Dispatcher>(*store_, [this] { return now_; });
  }
  ~DispatcherFixture() {
    dispatcher_.reset();
    store_.reset();
    Poco::File(dir_).remove(true);
  }

  static std::string basic(const std::string& user, const std::string& password) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder << user << ":" << password;
    encoder.close();
    return "Basic " + out.str();
  }

  Response call(const std::string& method, const std::string& target, const std::string& body = "",
                std::vector<std::pair<std::string, std::string>> headers = {},
                const std::string& authorization = basic("alice", "alice-pw")) {
    Request request;
    request.method = method;
    request.target = target;
    request.body = body;
    request.authorization = authorization;
    request.requestId = "test";
    for (auto& [name, value] : headers) request.headers.add(name, value);
    return dispatcher_->handle(request);
  }

  storage::Store& store() { return *store_; }
  std::int64_t now_ = 1700000000;

 private:
  std::string dir_;
  storage::StorePtr store_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

}  // namespace caldav::dav::testing
