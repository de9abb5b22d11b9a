#pragma once

#include "dav/Dispatcher.h"
#include "dav/Provisioning.h"
#include "storage/OpenStore.h"
#include "storage/sql/StorageUrl.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>

#include <Poco/Base64Encoder.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <sstream>
#include <string>
#include <utility>

#include <unistd.h>
#include <vector>

namespace caldav::dav::testing {

// An in-process server on the backend named by CALDAV_TEST_STORAGE: a fresh SQLite file in
// a temp dir, or a fresh database in the PostgreSQL test cluster (CALDAV_PG_URL_FILE); users
// alice and bob; a Dispatcher driven with plain Request values (no sockets).
class DispatcherFixture {
 public:
  DispatcherFixture() : dir_(Poco::TemporaryFile::tempName()) {
    Poco::File(dir_).createDirectories();
    store_ = storage::openStore(freshStorageUrl());
    // A cheap KDF keeps the suite fast; AuthTest covers the default cost.
    createUser(*store_, "alice", "alice-pw", 1000, 1000);
    createUser(*store_, "bob", "bob-pw", 1000, 1000);
    dispatcher_ = std::make_unique<Dispatcher>(*store_, [this] { return now_; });
  }
  ~DispatcherFixture() {
    dispatcher_.reset();
    store_.reset();
    Poco::File(dir_).remove(true);
    if (!database_.empty()) administer("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
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
  std::string freshStorageUrl() {
    const char* backend = std::getenv("CALDAV_TEST_STORAGE");
    if (!backend || std::string(backend) != "postgresql") return "sqlite:" + dir_ + "/db.sqlite";
    const char* file = std::getenv("CALDAV_PG_URL_FILE");
    std::ifstream in(file ? file : "");
    std::getline(in, cluster_);
    if (cluster_.empty()) throw std::runtime_error("CALDAV_PG_URL_FILE names no PostgreSQL URL");
    static std::atomic<int> counter{0};
    database_ = "caldav_dav_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    administer("CREATE DATABASE " + database_);
    return cluster_.substr(0, cluster_.rfind('/') + 1) + database_ + "?pool=4";
  }

  // Runs one statement on the cluster's own database, outside any transaction.
  void administer(const std::string& sql) {
    Poco::Data::PostgreSQL::Connector::registerConnector();
    Poco::Data::Session session("postgresql", storage::sql::parseStorageUrl(cluster_).connectionString);
    session << sql, Poco::Data::Keywords::now;
  }

  std::string cluster_;
  std::string database_;
  std::string dir_;
  storage::StorePtr store_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

}  // namespace caldav::dav::testing
