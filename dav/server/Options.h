#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace caldav::server {

// Command-line and config-file settings (docs/configuration.md).
struct ServeOptions {
  std::string listen = "127.0.0.1:5232";
  std::string storage = "sqlite:data/caldav.sqlite";
  std::size_t maxBodyBytes = 16 * 1024 * 1024;
  int threads = 32;
  int maxQueued = 256;
  bool logRequests = false;
  std::size_t maxConnectionsPerAddress = 64;  // a new connection over this gets 503
  std::size_t requestHeadSeconds = 10;        // a request head must arrive whole within this (408)
  std::size_t keepAliveSeconds = 15;          // idle time allowed between requests on a connection
  std::size_t stopSeconds = 10;               // after SIGTERM/SIGINT the process exits within this
  std::string mailDomain = "localhost";       // users made before schema 7 get NAME@mailDomain
};

// Applies "key = value" lines of a config file (# comments) to `options`.
// Throws std::runtime_error naming the file and line on an unknown key or bad value.
void applyConfigFile(const std::string& path, ServeOptions& options);
// Applies one setting by key (the long option name without "--").
void applySetting(const std::string& key, const std::string& value, ServeOptions& options);

}  // namespace caldav::server
