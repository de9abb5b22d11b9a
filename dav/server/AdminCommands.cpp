#include "dav/server/AdminCommands.h"

#include "dav/Conditions.h"

#include "dav/CalendarAdmin.h"
#include "dav/Href.h"
#include "dav/Provisioning.h"
#include "scheduling/rules/BookingPolicy.h"
#include "storage/OpenStore.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>

#include <ctime>
#include <iostream>
#include <stdexcept>

namespace caldav::server {
namespace {

// The arguments of one sub-command: positionals in order, and the options.
struct Arguments {
  std::vector<std::string> positionals;
  std::string storage;
  std::string displayName;
  bool isBookable = false;
  dav::PolicyValues values;  // --set KEY=VALUE, and KEY=VALUE positionals after the names
  std::string calendar;
  std::string since;
  std::string limit;
  std::string type;
  std::string autoSchedule;
  std::string email;
  std::string mailDomain;
};

std::pair<std::string, std::string> keyValue(const std::string& text) {
  auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) throw std::runtime_error("expected KEY=VALUE, got " + text);
  return {text.substr(0, equals), text.substr(equals + 1)};
}

// Parses args[first...]; `names` positionals are taken as such, later ones holding '=' as
// KEY=VALUE. Options take their value as the next argument or after '='.
Arguments parseArguments(const std::vector<std::string>& args, std::size_t first, std::size_t names) {
  Arguments parsed;
  for (std::size_t i = first; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      if (parsed.positionals.size() >= names && arg.find('=') != std::string::npos) {
        parsed.values.push_back(keyValue(arg));
      } else {
        parsed.positionals.push_back(arg);
      }
      continue;
    }
    if (arg == "--bookable") {
      parsed.isBookable = true;
      continue;
    }
    std::string key = arg.substr(2);
    std::string value;
    if (auto equals = key.find('='); equals != std::string::npos) {
      value = key.substr(equals + 1);
      key = key.substr(0, equals);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw std::runtime_error(arg + " needs a value");
    }
    if (key == "storage") {
      parsed.storage = value;
    } else if (key == "display-name") {
      parsed.displayName = value;
    } else if (key == "set") {
      parsed.values.push_back(keyValue(value));
    } else if (key == "calendar") {
      parsed.calendar = value;
    } else if (key == "since") {
      parsed.since = value;
    } else if (key == "limit") {
      parsed.limit = value;
    } else if (key == "type") {
      parsed.type = value;
    } else if (key == "auto-schedule") {
      parsed.autoSchedule = value;
    } else if (key == "email") {
      parsed.email = value;
    } else if (key == "mail-domain") {
      parsed.mailDomain = value;
    } else {
      throw std::runtime_error("unexpected option " + arg);
    }
  }
  if (parsed.storage.empty()) throw std::runtime_error("--storage is required");
  return parsed;
}

// Escapes control characters and '\' as \xNN: what the store holds may come from clients.
std::string printable(const std::string& text) {
  if (text.empty()) return "-";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}


void printCalendar(const dav::CalendarSummary& calendar) {
  std::string line = printable(calendar.path) + "\t" + printable(calendar.displayName) + "\t" +
                     (calendar.isBookable ? "bookable" : "plain") + "\t";
  std::string values;
  for (const auto& [name, text] : calendar.policy) values += (values.empty() ? "" : " ") + name + "=" + text;
  std::cout << line << printable(values) << "\n";
}

// The canonical calendar path of --calendar: an absolute path, percent-encoded or not, with
// or without the trailing slash.
std::string calendarPathOption(const std::string& text) {
  dav::TargetPath target;
  try {
    target = dav::resolveTarget(text);
  } catch (const std::exception&) {
    throw std::invalid_argument("--calendar must be a path like /calendars/alice/calendar, got " + text);
  }
  if (target.path.empty() || target.path.front() != '/') {
    throw std::invalid_argument("--calendar must be a path like /calendars/alice/calendar, got " + text);
  }
  return target.path;
}

std::size_t limitOption(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(text) == 0) {
    throw std::invalid_argument("--limit must be a whole number from 1, got " + text);
  }
  return std::stoul(text);
}

// Throws std::invalid_argument naming the allowed values if --type or --auto-schedule, when
// given, is not one of them.
void requirePrincipalOptions(const std::string& type, const std::string& autoSchedule) {
  if (!type.empty() && !dav::isValidPrincipalKind(type)) {
    throw std::invalid_argument("invalid --type " + type + " (individual, room or resource)");
  }
  if (!autoSchedule.empty() && !dav::isValidAutoSchedule(autoSchedule)) {
    throw std::invalid_argument("invalid --auto-schedule " + autoSchedule +
                                " (automatic, accept-if-free, decline-if-busy or none)");
  }
}

}  // namespace

int calendarCommand(const std::vector<std::string>& args, std::int64_t now) {
  if (args.size() < 2) throw std::runtime_error("missing calendar sub-command");
  const std::string& action = args[1];
  if (action == "create") {
    Arguments parsed = parseArguments(args, 2, 2);
    if (parsed.positionals.size() != 2) throw std::runtime_error("calendar create needs OWNER and NAME");
    if (parsed.isBookable) parsed.values.insert(parsed.values.begin(), {scheduling::kBookingRulesEnabled, "true"});
    auto store = storage::openStore(parsed.storage);
    dav::createCalendar(*store, parsed.positionals[0], parsed.positionals[1], parsed.displayName, parsed.values, now);
    std::cerr << "created calendar /calendars/" << parsed.positionals[0] << "/" << parsed.positionals[1] << std::endl;
    return 0;
  }
  if (action == "set") {
    Arguments parsed = parseArguments(args, 2, 2);
    if (parsed.positionals.size() != 2 || parsed.values.empty() || parsed.isBookable || !parsed.displayName.empty()) {
      throw std::runtime_error("calendar set needs OWNER NAME KEY=VALUE...");
    }
    // Checked before the store is opened: an invalid value changes nothing.
    if (auto why = dav::invalidPolicyValues(parsed.values, true)) throw std::invalid_argument(*why);
    auto store = storage::openStore(parsed.storage);
    dav::setBookingPolicy(*store, parsed.positionals[0], parsed.positionals[1], parsed.values);
    std::cerr << "changed the booking policy of /calendars/" << parsed.positionals[0] << "/"
              << parsed.positionals[1] << std::endl;
    return 0;
  }
  if (action == "list") {
    Arguments parsed = parseArguments(args, 2, 1);
    if (parsed.positionals.size() > 1 || !parsed.values.empty()) throw std::runtime_error("calendar list takes [OWNER]");
    auto store = storage::openStore(parsed.storage);
    auto calendars = dav::listCalendars(*store, parsed.positionals.empty() ? "" : parsed.positionals[0]);
    for (const auto& calendar : calendars) printCalendar(calendar);
    return 0;
  }
  throw std::runtime_error("unknown calendar sub-command " + action);
}

int principalCommand(const std::vector<std::string>& args, std::int64_t now) {
  if (args.size() < 2) throw std::runtime_error("missing principal sub-command");
  const std::string& action = args[1];
  Arguments parsed = parseArguments(args, 2, action == "list" ? 0 : 1);
  const bool hasCalendarOptions = parsed.isBookable || !parsed.displayName.empty() || !parsed.values.empty() ||
                                  !parsed.calendar.empty() || !parsed.since.empty() || !parsed.limit.empty();
  if (hasCalendarOptions) throw std::runtime_error("unexpected option for principal " + action);
  if (action == "add") {
    if (parsed.positionals.size() != 1) throw std::runtime_error("principal add needs NAME");
    if (parsed.type.empty()) throw std::runtime_error("principal add needs --type individual|room|resource");
    if (!parsed.email.empty() && !parsed.mailDomain.empty()) {
      throw std::runtime_error("give --email or --mail-domain, not both");
    }
    const std::string& name = parsed.positionals[0];
    std::string autoSchedule = parsed.autoSchedule;
    if (autoSchedule.empty() && parsed.type == "room") autoSchedule = "automatic";  // a room books itself
    if (autoSchedule.empty()) {
      throw std::invalid_argument("--auto-schedule is required for --type " + parsed.type +
                                  " (automatic, accept-if-free, decline-if-busy or none)");
    }
    std::string email = parsed.email;
    if (email.empty()) email = dav::defaultEmail(name, parsed.mailDomain.empty() ? dav::kDefaultMailDomain
                                                                                 : parsed.mailDomain);
    // Checked before the store is opened: an invalid value changes nothing.
    requirePrincipalOptions(parsed.type, autoSchedule);
    if (!dav::isValidEmail(email)) throw std::invalid_argument("invalid email address: " + email);
    auto store = storage::openStore(parsed.storage);
    dav::createPrincipal(*store, name, parsed.type, autoSchedule, now, email);
    std::cerr << "created principal " << name << " <" << email << "> (" << parsed.type << ", auto-schedule "
              << autoSchedule << ") with the bookable calendar /calendars/" << name << "/"
              << dav::kDefaultCalendarName << std::endl;
    return 0;
  }
  if (action == "set") {
    if (parsed.positionals.size() != 1 || (parsed.type.empty() && parsed.autoSchedule.empty()) ||
        !parsed.email.empty() || !parsed.mailDomain.empty()) {
      throw std::runtime_error("principal set needs NAME and --type or --auto-schedule");
    }
    requirePrincipalOptions(parsed.type, parsed.autoSchedule);
    auto store = storage::openStore(parsed.storage);
    dav::setPrincipalScheduling(*store, parsed.positionals[0], parsed.type, parsed.autoSchedule);
    std::cerr << "changed principal " << parsed.positionals[0] << std::endl;
    return 0;
  }
  if (action == "list") {
    if (!parsed.positionals.empty() || !parsed.type.empty() || !parsed.autoSchedule.empty() ||
        !parsed.email.empty() || !parsed.mailDomain.empty()) {
      throw std::runtime_error("principal list takes --storage only");
    }
    auto store = storage::openStore(parsed.storage);
    for (const auto& user : store->beginRead()->listUsers()) {
      if (!dav::isPrincipalWithoutLogin(user)) continue;
      std::cout << printable(user.name) << "\t" << printable(user.kind) << "\t" << printable(user.autoSchedule)
                << "\t" << printable(user.email) << "\n";
    }
    return 0;
  }
  throw std::runtime_error("unknown principal sub-command " + action);
}

int auditCommand(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "list") throw std::runtime_error("expected audit list");
  Arguments parsed = parseArguments(args, 2, 0);
  if (!parsed.positionals.empty() || !parsed.values.empty()) throw std::runtime_error("audit list takes options only");
  storage::AuditQuery query;
  if (!parsed.calendar.empty()) query.calendar = calendarPathOption(parsed.calendar);
  if (!parsed.since.empty()) {
    auto since = parseInstant(parsed.since);
    if (!since) throw std::invalid_argument("--since must be ISO 8601 (2026-12-01T00:00:00Z) or Unix seconds");
    query.since = *since;
  }
  if (!parsed.limit.empty()) query.limit = limitOption(parsed.limit);
  auto store = storage::openStore(parsed.storage);
  auto entries = store->beginRead()->auditLog(query);
  for (const auto& entry : entries) std::cout << formatAuditEntry(entry) << "\n";
  if (entries.size() == query.limit) {
    std::cerr << "caldavd: listed the first " << query.limit
              << " entries; more may follow (--since the last one, or a larger --limit)" << std::endl;
  }
  return 0;
}

std::optional<std::int64_t> parseInstant(const std::string& text) {
  if (!text.empty() && text.size() <= 12 && text.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(text);
  }
  // ISO 8601 with a time zone designator (Z or ±hh:mm; none means UTC), or a date alone.
  // Poco's parser refuses values out of range (month 13, 30 February) but skips what it does
  // not expect, so the shape is checked first.
  const bool isDateShaped = text.size() >= 10 && text.find_first_not_of("0123456789-:+TZ") == std::string::npos &&
                            text[4] == '-' && text[7] == '-';
  if (!isDateShaped) return std::nullopt;
  for (const char* format : {"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d"}) {
    Poco::DateTime parsed;
    int zoneDifferential = 0;
    if (Poco::DateTimeParser::tryParse(format, text, parsed, zoneDifferential)) {
      return static_cast<std::int64_t>(parsed.timestamp().epochTime()) - zoneDifferential;
    }
  }
  return std::nullopt;
}

std::string formatAuditEntry(const storage::AuditRecord& entry) {
  std::string status = "-";
  if (entry.statusFrom != entry.statusTo) {  // recorded as read; unchanged is no transition
    status = printable(entry.statusFrom) + " -> " + printable(entry.statusTo);
  }
  return caldav::dav::iso8601(entry.at) + "\t" + printable(entry.actor) + "\t" + printable(entry.method) + "\t" +
         printable(entry.path.empty() ? "" : dav::hrefFor(entry.path, false)) + "\t" + printable(entry.uid) + "\t" +
         printable(entry.oldEtag) + " -> " + printable(entry.newEtag) + "\t" + printable(entry.changedProperties) +
         "\t" + status;
}

}  // namespace caldav::server
