#include "ical/detail/SharedZones.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace caldav::ical::detail {
namespace {

constexpr std::size_t kMaxSharedZones = 4096;

// Process-lifetime singletons, deliberately never destroyed: request threads may still use
// a zone while static destructors run, and what they hold stays reachable (not a leak).
using ZoneMap = std::unordered_map<std::string, icaltimezone*>;  // definition text -> zone
using RootMap = std::unordered_map<const icalcomponent*, std::unordered_map<std::string, icaltimezone*>>;

std::mutex zonesMutex;
ZoneMap& zones = *new ZoneMap;

std::mutex rootsMutex;
RootMap& roots = *new RootMap;

}  // namespace

icaltimezone* sharedZoneLike(icaltimezone* own) {
  icalcomponent* definition = icaltimezone_get_component(own);
  if (definition == nullptr) {
    return own;
  }
  char* text = icalcomponent_as_ical_string_r(definition);
  if (text == nullptr) {
    return own;
  }
  std::string key(text);
  icalmemory_free_buffer(text);
  std::lock_guard<std::mutex> lock(zonesMutex);
  if (auto it = zones.find(key); it != zones.end()) {
    return it->second;
  }
  if (zones.size() >= kMaxSharedZones) {
    return own;
  }
  icaltimezone* shared = icaltimezone_new();
  if (shared == nullptr) {
    return own;
  }
  if (icaltimezone_set_component(shared, icalcomponent_new_clone(definition)) == 0) {
    icaltimezone_free(shared, 1);
    return own;
  }
  zones.emplace(std::move(key), shared);  // lives as long as the process
  return shared;
}

void registerRoot(const icalcomponent* root) {
  std::lock_guard<std::mutex> lock(rootsMutex);
  roots[root];
}

void unregisterRoot(const icalcomponent* root) {
  std::lock_guard<std::mutex> lock(rootsMutex);
  roots.erase(root);
}

icaltimezone* sharedZoneFor(const icalcomponent* root, const char* tzid, icaltimezone* own) {
  {
    std::lock_guard<std::mutex> lock(rootsMutex);
    auto it = roots.find(root);
    if (it == roots.end()) {
      return sharedZoneLike(own);
    }
    if (auto known = it->second.find(tzid); known != it->second.end()) {
      return known->second;
    }
  }
  icaltimezone* shared = sharedZoneLike(own);
  std::lock_guard<std::mutex> lock(rootsMutex);
  if (auto it = roots.find(root); it != roots.end()) {
    it->second.emplace(tzid, shared);
  }
  return shared;
}

}  // namespace caldav::ical::detail
