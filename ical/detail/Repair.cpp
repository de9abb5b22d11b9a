#include "ical/detail/Repair.h"

#include "ical/detail/LocalTime.h"
#include "ical/detail/Walk.h"

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace caldav::ical::detail {

namespace {

constexpr const char* kProdId = "-//caldavd//EN";

bool isCalendarComponent(icalcomponent_kind kind) {
  switch (kind) {
    case ICAL_VEVENT_COMPONENT:
    case ICAL_VTODO_COMPONENT:
    case ICAL_VJOURNAL_COMPONENT:
    case ICAL_VFREEBUSY_COMPONENT:
    case ICAL_VAVAILABILITY_COMPONENT:
    case ICAL_VTIMEZONE_COMPONENT: return true;
    default: return false;
  }
}

bool needsDtstamp(icalcomponent_kind kind) {
  return kind == ICAL_VEVENT_COMPONENT || kind == ICAL_VTODO_COMPONENT ||
         kind == ICAL_VJOURNAL_COMPONENT || kind == ICAL_VFREEBUSY_COMPONENT;
}

std::string nameOf(icalcomponent* c) { return icalcomponent_kind_to_string(icalcomponent_isa(c)); }

void addMissingHeader(icalcomponent* root, std::vector<std::string>& repairs) {
  if (firstProperty(root, ICAL_VERSION_PROPERTY) == nullptr) {
    icalcomponent_add_property(root, icalproperty_new_version("2.0"));
    repairs.push_back("added VERSION:2.0");
  }
  if (firstProperty(root, ICAL_PRODID_PROPERTY) == nullptr) {
    icalcomponent_add_property(root, icalproperty_new_prodid(kProdId));
    repairs.push_back(std::string("added PRODID:") + kProdId);
  }
}

void addMissingDtstamps(icalcomponent* root, std::int64_t now, std::vector<std::string>& repairs) {
  std::map<std::string, int> added;
  for (icalcomponent* c : children(root)) {
    if (needsDtstamp(icalcomponent_isa(c)) && firstProperty(c, ICAL_DTSTAMP_PROPERTY) == nullptr) {
      icaltimetype stamp = icaltime_from_timet_with_zone(static_cast<time_t>(now), 0,
                                                         icaltimezone_get_utc_timezone());
      icalcomponent_add_property(c, icalproperty_new_dtstamp(stamp));
      ++added[nameOf(c)];
    }
  }
  for (const auto& [kind, count] : added) {
    repairs.push_back("added DTSTAMP to " + std::to_string(count) + " " + kind);
  }
}

// RFC 5545 §3.8.4.4: a RECURRENCE-ID names one instance, so two components with the same one
// describe the same instance; the later one is the client's latest edit.
void dropRepeatedOverrides(icalcomponent* root, std::vector<std::string>& repairs) {
  using Key = std::tuple<int, std::string, std::int64_t>;
  std::map<Key, icalcomponent*> last;
  std::vector<icalcomponent*> dropped;
  for (icalcomponent* c : children(root)) {
    icalproperty* rid = firstProperty(c, ICAL_RECURRENCEID_PROPERTY);
    const char* uid = icalcomponent_get_uid(c);
    if (rid == nullptr || uid == nullptr) {
      continue;
    }
    const Key key{static_cast<int>(icalcomponent_isa(c)), uid, keyOf(propertyTime(rid, root))};
    if (auto [it, isNew] = last.emplace(key, c); !isNew) {
      dropped.push_back(it->second);
      it->second = c;
    }
  }
  for (icalcomponent* c : dropped) {
    const char* rid = icalproperty_get_value_as_string(firstProperty(c, ICAL_RECURRENCEID_PROPERTY));
    repairs.push_back("dropped an earlier " + nameOf(c) + " with the same RECURRENCE-ID " +
                      (rid != nullptr ? rid : ""));
    icalcomponent_remove_component(root, c);
    icalcomponent_free(c);
  }
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string addMissingHeaderLines(std::string_view body, std::vector<std::string>& repairs) {
  const std::size_t firstEnd = body.find('\n');
  if (firstEnd == std::string_view::npos) return std::string(body);
  std::string_view first = body.substr(0, firstEnd);
  const bool isCrlf = !first.empty() && first.back() == '\r';
  if (isCrlf) first.remove_suffix(1);
  if (upper(first) != "BEGIN:VCALENDAR") return std::string(body);
  // Properties of the VCALENDAR itself: lines at depth 1 (folded continuations start with a
  // space or tab and are never a property name).
  bool hasVersion = false;
  bool hasProdid = false;
  int depth = 0;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line.front() == ' ' || line.front() == '\t') continue;
    const std::string name = upper(line.substr(0, line.find_first_of(";:")));
    if (name == "BEGIN") {
      ++depth;
    } else if (name == "END") {
      --depth;
    } else if (depth == 1) {
      hasVersion = hasVersion || name == "VERSION";
      hasProdid = hasProdid || name == "PRODID";
    }
  }
  if (hasVersion && hasProdid) return std::string(body);
  const std::string eol = isCrlf ? "\r\n" : "\n";
  std::string inserted;
  if (!hasVersion) {
    inserted += "VERSION:2.0" + eol;
    repairs.push_back("added VERSION:2.0");
  }
  if (!hasProdid) {
    inserted += std::string("PRODID:") + kProdId + eol;
    repairs.push_back(std::string("added PRODID:") + kProdId);
  }
  std::string out(body.substr(0, firstEnd + 1));
  out += inserted;
  out.append(body.substr(firstEnd + 1));
  return out;
}

std::string wrapBareComponents(IcalComponentPtr& root) {
  const icalcomponent_kind kind = icalcomponent_isa(root.get());
  std::vector<icalcomponent*> parts;
  if (isCalendarComponent(kind)) {
    parts.push_back(root.get());
  } else if (kind == ICAL_XROOT_COMPONENT) {
    parts = children(root.get());
    for (icalcomponent* c : parts) {
      if (!isCalendarComponent(icalcomponent_isa(c))) {
        return "";
      }
    }
  } else {
    return "";
  }
  IcalComponentPtr calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
  std::string description = "wrapped";
  for (icalcomponent* c : parts) {
    description += " " + nameOf(c);
  }
  if (kind == ICAL_XROOT_COMPONENT) {
    for (icalcomponent* c : parts) {
      icalcomponent_remove_component(root.get(), c);
      icalcomponent_add_component(calendar.get(), c);
    }
  } else {
    icalcomponent_add_component(calendar.get(), root.release());
  }
  root = std::move(calendar);
  return description + " in a VCALENDAR";
}

std::vector<std::string> repairCalendar(icalcomponent* root, std::int64_t now) {
  std::vector<std::string> repairs;
  addMissingHeader(root, repairs);
  addMissingDtstamps(root, now, repairs);
  dropRepeatedOverrides(root, repairs);
  return repairs;
}

}  // namespace caldav::ical::detail
