#include "dav/server/Options.h"

#include <Poco/String.h>

#include <fstream>
#include <stdexcept>

namespace caldav::server {
namespace {

std::size_t toCount(const std::string& key, const std::string& value) {
  try {
    std::size_t used = 0;
    long long number = std::stoll(value, &used);
    if (used != value.size() || number <= 0) throw std::invalid_argument(value);
    return static_cast<std::size_t>(number);
  } catch (const std::exception&) {
    throw std::runtime_error(key + " must be a positive number, not '" + value + "'");
  }
}

}  // namespace

void applySetting(const std::string& key, const std::string& value, ServeOptions& options) {
  if (key == "listen") {
    options.listen = value;
  } else if (key == "storage") {
    options.storage = value;
  } else if (key == "max-body-bytes") {
    options.maxBodyBytes = toCount(key, value);
  } else if (key == "threads") {
    options.threads = static_cast<int>(toCount(key, value));
  } else if (key == "max-queued") {
    options.maxQueued = static_cast<int>(toCount(key, value));
  } else if (key == "max-connections-per-address") {
    options.maxConnectionsPerAddress = toCount(key, value);
  } else if (key == "request-head-timeout") {
    options.requestHeadSeconds = toCount(key, value);
  } else if (key == "keep-alive-timeout") {
    options.keepAliveSeconds = toCount(key, value);
  } else if (key == "stop-timeout") {
    options.stopSeconds = toCount(key, value);
  } else if (key == "mail-domain") {
    if (value.empty() || value.find_first_of("@ /<>\"") != std::string::npos) {
      throw std::runtime_error("mail-domain must be a domain name like example.org, not '" + value + "'");
    }
    options.mailDomain = value;
  } else if (key == "log-requests") {
    options.logRequests = value == "true" || value == "1" || value == "yes";
  } else {
    throw std::runtime_error("unknown setting '" + key + "'");
  }
}

void applyConfigFile(const std::string& path, ServeOptions& options) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read config file " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = Poco::trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    auto equals = line.find('=');
    if (equals == std::string::npos) throw std::runtime_error(path + ":" + std::to_string(number) + ": expected key = value");
    try {
      applySetting(Poco::trim(line.substr(0, equals)), Poco::trim(line.substr(equals + 1)), options);
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": " + error.what());
    }
  }
}

}  // namespace caldav::server
