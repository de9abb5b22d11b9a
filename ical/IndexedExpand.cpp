#include "ical/IndexedExpand.h"

#include "ical/detail/LocalTime.h"

#include <array>
#include <cstddef>
#include <cstring>
#include <deque>

namespace caldav::ical {

namespace {

constexpr std::uint32_t kNone = static_cast<std::uint32_t>(-1);

// Case-insensitive equality with `upper`, an upper-case ASCII literal (RFC 5545 names are
// case-insensitive).
bool iequals(std::string_view a, std::string_view upper) {
  if (a.size() != upper.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i];
    const char y = upper[i];
    if (x != y && !(y >= 'A' && y <= 'Z' && x == static_cast<char>(y + ('a' - 'A')))) return false;
  }
  return true;
}

// One content line (RFC 5545 §3.1): `raw` as stored (folds and all, no final line break) and
// `text` unfolded (the same view unless the line was folded).
struct Line {
  std::string_view raw;
  std::string_view text;
};

// The content lines of one object; a thread reuses its buffers for the next object.
struct Lines {
  std::vector<Line> lines;
  std::deque<std::string> unfolded;  // texts of folded lines (a deque: they never move)

  // Splits `text` (CRLF or LF breaks; a line starting with a space or tab continues the
  // previous one). Empty lines are kept, for the caller to refuse.
  void split(std::string_view text) {
    // A huge object's lines are not kept by the thread after it (every thread has its own).
    constexpr std::size_t kKeptCapacity = 4096;
    if (lines.capacity() > kKeptCapacity) std::vector<Line>().swap(lines);
    lines.clear();
    unfolded.clear();
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
      const char* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* lineEnd = newline != nullptr ? newline : end;
      const char* next = newline != nullptr ? newline + 1 : end;
      if (lineEnd > p && lineEnd[-1] == '\r') --lineEnd;
      const auto length = static_cast<std::size_t>(lineEnd - p);
      if (length > 0 && (*p == ' ' || *p == '\t') && !lines.empty() && !lines.back().raw.empty()) {
        Line& previous = lines.back();
        if (previous.text.data() == previous.raw.data()) unfolded.emplace_back(previous.raw);
        unfolded.back().append(p + 1, length - 1);
        previous.text = unfolded.back();
        previous.raw = std::string_view(previous.raw.data(), static_cast<std::size_t>(lineEnd - previous.raw.data()));
      } else {
        lines.push_back({std::string_view(p, length), std::string_view(p, length)});
      }
      p = next;
    }
  }
};

std::string_view nameOf(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] != ';' && line[i] != ':') ++i;
  return line.substr(0, i);
}

// Whether `line` has ";TZID=" (any case) somewhere: without it, it has no TZID parameter.
bool mentionsTzid(std::string_view line) {
  for (std::size_t i = line.find(';'); i != std::string_view::npos; i = line.find(';', i + 1)) {
    if (iequals(line.substr(i + 1, 5), "TZID=")) return true;
  }
  return false;
}

bool isBegin(std::string_view line) { return line.size() > 6 && iequals(line.substr(0, 6), "BEGIN:"); }
bool isEnd(std::string_view line) { return line.size() > 4 && iequals(line.substr(0, 4), "END:"); }

// A content line split into name, parameters (each with its text, ";NAME=…") and value.
struct ContentLine {
  struct Param {
    std::string_view name;
    std::string_view value;  // the first value, unquoted
    std::string_view text;   // ";NAME=value[,value…]" as written
  };
  std::string_view name;
  std::array<Param, 8> params;
  std::size_t paramCount = 0;
  std::string_view value;

  const Param* param(std::string_view upperName) const {
    for (std::size_t i = 0; i < paramCount; ++i) {
      if (iequals(params[i].name, upperName)) return &params[i];
    }
    return nullptr;
  }
};

// RFC 5545 §3.1 contentline; false if `line` is not one (or has more than 8 parameters).
bool parseLine(std::string_view line, ContentLine& out) {
  std::size_t i = 0;
  while (i < line.size() && line[i] != ';' && line[i] != ':') ++i;
  out.name = line.substr(0, i);
  if (out.name.empty()) return false;
  out.paramCount = 0;
  while (i < line.size() && line[i] == ';') {
    if (out.paramCount == out.params.size()) return false;
    const std::size_t begin = i++;
    const std::size_t nameBegin = i;
    while (i < line.size() && line[i] != '=' && line[i] != ';' && line[i] != ':') ++i;
    if (i == line.size() || line[i] != '=') return false;
    ContentLine::Param& param = out.params[out.paramCount++];
    param.name = line.substr(nameBegin, i - nameBegin);
    ++i;
    for (bool isFirst = true;; isFirst = false) {
      std::size_t valueBegin = i;
      std::size_t valueEnd = i;
      if (i < line.size() && line[i] == '"') {
        const std::size_t close = line.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        valueBegin = i + 1;
        valueEnd = close;
        i = close + 1;
      } else {
        while (i < line.size() && line[i] != ',' && line[i] != ';' && line[i] != ':') ++i;
        valueEnd = i;
      }
      if (isFirst) param.value = line.substr(valueBegin, valueEnd - valueBegin);
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    param.text = line.substr(begin, i - begin);
  }
  if (i == line.size() || line[i] != ':') return false;
  out.value = line.substr(i + 1);
  return true;
}

// How a DATE or DATE-TIME value is written in the expanded answer (RFC 4791 §9.6.5: zoned
// times become UTC, floating and DATE values stay as they are).
enum class Form { Date, Floating, Utc };

std::optional<Form> formOf(const ContentLine& line) {
  const bool hasTzid = line.param("TZID") != nullptr;
  const auto* value = line.param("VALUE");
  if (value && iequals(value->value, "DATE")) {
    if (line.value.size() != 8 || hasTzid) return std::nullopt;
    return Form::Date;
  }
  if (value && !iequals(value->value, "DATE-TIME")) return std::nullopt;
  if (line.value.size() == 16 && (line.value[15] == 'Z' || line.value[15] == 'z')) {
    if (hasTzid) return std::nullopt;
    return Form::Utc;
  }
  if (line.value.size() != 15) return std::nullopt;
  return hasTzid ? Form::Utc : Form::Floating;
}

// The kind of an indexed RECURRENCE-ID text (Instance::recurrenceId).
Form formOfText(std::string_view value) {
  if (value.size() == 8) return Form::Date;
  return !value.empty() && value.back() == 'Z' ? Form::Utc : Form::Floating;
}

void appendDigits(std::string& out, std::int64_t value, int width) {
  char buffer[8];
  for (int i = width - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buffer, static_cast<std::size_t>(width));
}

void appendTime(std::string& out, Form form, std::int64_t seconds) {
  const std::int64_t days = seconds >= 0 ? seconds / detail::kSecondsPerDay
                                         : -((-seconds + detail::kSecondsPerDay - 1) / detail::kSecondsPerDay);
  const std::int64_t inDay = seconds - days * detail::kSecondsPerDay;
  int year = 0;
  int month = 0;
  int day = 0;
  detail::civilFromDays(days, year, month, day);
  appendDigits(out, year, 4);
  appendDigits(out, month, 2);
  appendDigits(out, day, 2);
  if (form == Form::Date) return;
  out += 'T';
  appendDigits(out, inDay / 3600, 2);
  appendDigits(out, inDay / 60 % 60, 2);
  appendDigits(out, inDay % 60, 2);
  if (form == Form::Utc) out += 'Z';
}

// The line as stored, with CRLF breaks (folds kept).
void appendRaw(std::string& out, const Line& line) {
  std::string_view rest = line.raw;
  if (line.text.data() != line.raw.data()) {  // folded: its inner breaks may be bare LFs
    for (std::size_t newline; (newline = rest.find('\n')) != std::string_view::npos;) {
      const bool hasCr = newline > 0 && rest[newline - 1] == '\r';
      out.append(rest.data(), hasCr ? newline - 1 : newline);
      out += "\r\n";
      rest.remove_prefix(newline + 1);
    }
  }
  out.append(rest);
  out += "\r\n";
}

// `line` with its value replaced by `seconds` in `form` and without TZID (the other
// parameters kept, as libical's setTime in expandedText() does).
void appendRewritten(std::string& out, const ContentLine& line, Form form, std::int64_t seconds) {
  out += line.name;
  for (std::size_t i = 0; i < line.paramCount; ++i) {
    if (!iequals(line.params[i].name, "TZID")) out += line.params[i].text;
  }
  out += ':';
  appendTime(out, form, seconds);
  out += "\r\n";
}

// What a VEVENT property is to the rewrite.
enum class Kind : std::uint8_t { Other, DtStart, DtEnd, Duration, RecurrenceId, Recurrence };

Kind kindOf(std::string_view name) {
  switch (name.size()) {
    case 5:
      return iequals(name, "DTEND") ? Kind::DtEnd : iequals(name, "RRULE") || iequals(name, "RDATE") ? Kind::Recurrence
                                                                                                       : Kind::Other;
    case 6:
      return iequals(name, "EXDATE") || iequals(name, "EXRULE") ? Kind::Recurrence : Kind::Other;
    case 7:
      return iequals(name, "DTSTART") ? Kind::DtStart : Kind::Other;
    case 8:
      return iequals(name, "DURATION") ? Kind::Duration : Kind::Other;
    case 13:
      return iequals(name, "RECURRENCE-ID") ? Kind::RecurrenceId : Kind::Other;
    default:
      return Kind::Other;
  }
}

struct Prop {
  std::uint32_t line = 0;
  Kind kind = Kind::Other;
  bool hasTzid = false;
};

struct Component {
  std::uint32_t first = 0;  // the BEGIN line
  std::uint32_t last = 0;   // the matching END line
  bool isEvent = false;
};

// What the rewrite needs to know of one VEVENT.
struct Event {
  std::vector<Prop> props;              // own properties, in order
  std::vector<std::uint32_t> nested;    // lines of its sub-components (VALARM…), in order
  std::uint32_t dtstart = kNone;        // indexes into props
  std::uint32_t dtend = kNone;
  std::uint32_t duration = kNone;
  bool hasRecurrenceId = false;
  Form form = Form::Utc;

  void reset() {  // keeps the vectors' capacity, unless a huge component made them large
    constexpr std::size_t kKeptCapacity = 1024;
    if (props.capacity() > kKeptCapacity) std::vector<Prop>().swap(props);
    if (nested.capacity() > kKeptCapacity) std::vector<std::uint32_t>().swap(nested);
    props.clear();
    nested.clear();
    dtstart = dtend = duration = kNone;
    hasRecurrenceId = false;
    form = Form::Utc;
  }
};

bool analyze(const std::vector<Line>& lines, const Component& component, Event& event) {
  int depth = 0;
  ContentLine parsed;
  Form endForm = Form::Utc;
  for (std::uint32_t i = component.first + 1; i < component.last; ++i) {
    const std::string_view text = lines[i].text;
    const std::string_view name = nameOf(text);
    if (name.size() == text.size()) return false;
    if (depth > 0 || iequals(name, "BEGIN") || iequals(name, "END")) {
      if (iequals(name, "BEGIN")) ++depth;
      if (iequals(name, "END")) --depth;
      // A zoned time in a VALARM (or another sub-component): libical converts it.
      if (text[name.size()] == ';' && mentionsTzid(text) && (!parseLine(text, parsed) || parsed.param("TZID"))) {
        return false;
      }
      event.nested.push_back(i);
      continue;
    }
    Prop prop{i, kindOf(name), false};
    const bool hasParams = text[name.size()] == ';';
    // Other properties are parsed only if they may carry a TZID (ATTENDEE lines need not be).
    if ((hasParams && (prop.kind != Kind::Other || mentionsTzid(text))) || prop.kind == Kind::DtStart ||
        prop.kind == Kind::DtEnd) {
      if (!parseLine(text, parsed)) return false;
      prop.hasTzid = parsed.param("TZID") != nullptr;
    }
    const auto index = static_cast<std::uint32_t>(event.props.size());
    switch (prop.kind) {
      case Kind::DtStart: {
        const auto form = formOf(parsed);
        if (event.dtstart != kNone || !form) return false;
        event.dtstart = index;
        event.form = *form;
        break;
      }
      case Kind::DtEnd: {
        const auto form = formOf(parsed);
        if (event.dtend != kNone || !form) return false;
        event.dtend = index;
        endForm = *form;
        break;
      }
      case Kind::Duration:
        if (event.duration != kNone) return false;
        event.duration = index;
        break;
      case Kind::RecurrenceId:
        if (hasParams && parsed.param("RANGE")) return false;  // THISANDFUTURE changes later instances
        event.hasRecurrenceId = true;
        break;
      case Kind::Recurrence:
        // An RDATE;VALUE=PERIOD gives its instance its own end.
        if ((hasParams ? parsed.value : text.substr(name.size() + 1)).find('/') != std::string_view::npos) return false;
        if (hasParams && parsed.param("VALUE") && iequals(parsed.param("VALUE")->value, "PERIOD")) return false;
        break;
      case Kind::Other:
        if (prop.hasTzid) return false;
        break;
    }
    event.props.push_back(prop);
  }
  if (depth != 0 || event.dtstart == kNone || (event.dtend != kNone && event.duration != kNone)) return false;
  return event.dtend == kNone || endForm == event.form;
}

// One expanded instance of `event` (expandedText()'s instanceComponent, on text).
void appendInstance(std::string& out, const std::vector<Line>& lines, const Component& component, const Event& event,
                    const IndexedInstance& instance) {
  const bool recurs = !instance.recurrenceId.empty();
  appendRaw(out, lines[component.first]);
  ContentLine parsed;
  for (std::uint32_t i = 0; i < event.props.size(); ++i) {
    const Prop& prop = event.props[i];
    if (prop.kind == Kind::Recurrence || (recurs && (prop.kind == Kind::RecurrenceId || prop.kind == Kind::Duration))) {
      continue;  // a DURATION becomes a DTEND below
    }
    if ((prop.kind == Kind::DtStart || prop.kind == Kind::DtEnd) && (recurs || prop.hasTzid)) {
      parseLine(lines[prop.line].text, parsed);  // parsed once already by analyze()
      appendRewritten(out, parsed, event.form, prop.kind == Kind::DtStart ? instance.start : instance.end);
    } else {
      appendRaw(out, lines[prop.line]);  // unchanged: as stored
    }
  }
  if (recurs) {
    if (event.duration != kNone && event.dtend == kNone) {
      out += event.form == Form::Date ? "DTEND;VALUE=DATE:" : "DTEND:";
      appendTime(out, event.form, instance.end);
      out += "\r\n";
    }
    out += instance.recurrenceId.size() == 8 ? "RECURRENCE-ID;VALUE=DATE:" : "RECURRENCE-ID:";
    out += instance.recurrenceId;
    out += "\r\n";
  }
  for (std::uint32_t i : event.nested) appendRaw(out, lines[i]);
  appendRaw(out, lines[component.last]);
}

// The index of the END line matching the BEGIN at `first` (nullopt if there is none, or the
// component is not closed by END:`kind`).
std::optional<std::uint32_t> matchingEnd(const std::vector<Line>& lines, std::uint32_t first, std::string_view end) {
  int depth = 1;
  for (auto j = static_cast<std::uint32_t>(first + 1); j < lines.size(); ++j) {
    const std::string_view text = lines[j].text;
    if (isBegin(text)) {
      ++depth;
    } else if (isEnd(text) && --depth == 0) {
      if (!iequals(text, end)) return std::nullopt;
      return j;
    }
  }
  return std::nullopt;
}

}  // namespace

bool appendExpandedTextFromIndex(std::string& out, std::string_view text,
                                 const std::vector<IndexedInstance>& instances) {
  // Buffers a thread reuses from object to object (an answer rewrites hundreds).
  thread_local Lines split;
  thread_local std::vector<std::uint32_t> rootProps;
  thread_local std::vector<Component> components;
  thread_local std::vector<Event> events;
  split.split(text);
  const std::vector<Line>& lines = split.lines;
  if (lines.empty() || !iequals(lines[0].text, "BEGIN:VCALENDAR")) return false;
  rootProps.clear();
  components.clear();
  std::uint32_t i = 1;
  bool isClosed = false;
  for (; i < lines.size(); ++i) {
    const std::string_view line = lines[i].text;
    if (line.empty()) return false;
    if (isEnd(line)) {
      if (!iequals(line, "END:VCALENDAR")) return false;
      isClosed = true;
      ++i;
      break;
    }
    if (!isBegin(line)) {
      if (!iequals(nameOf(line), "METHOD")) rootProps.push_back(i);
      continue;
    }
    const bool isEvent = iequals(line, "BEGIN:VEVENT");
    if (!isEvent && !iequals(line, "BEGIN:VTIMEZONE")) return false;
    const auto end = matchingEnd(lines, i, isEvent ? "END:VEVENT" : "END:VTIMEZONE");
    if (!end) return false;
    components.push_back({i, *end, isEvent});
    i = *end;
  }
  if (!isClosed) return false;
  for (; i < lines.size(); ++i) {
    if (!lines[i].text.empty()) return false;
  }

  std::array<char, 64> stateOf{};  // per source: 0 not analyzed, 1 usable, 2 not
  if (components.size() > stateOf.size()) return false;
  if (events.size() < components.size()) events.resize(components.size());
  const std::size_t mark = out.size();
  const auto decline = [&out, mark] {
    out.resize(mark);
    return false;
  };
  out += "BEGIN:VCALENDAR\r\n";
  for (std::uint32_t p : rootProps) appendRaw(out, lines[p]);
  for (const IndexedInstance& instance : instances) {
    if (instance.source < 0 || static_cast<std::size_t>(instance.source) >= components.size()) return decline();
    const auto source = static_cast<std::size_t>(instance.source);
    if (!components[source].isEvent) return decline();
    if (stateOf[source] == 0) {
      events[source].reset();
      stateOf[source] = analyze(lines, components[source], events[source]) ? 1 : 2;
    }
    const Event& event = events[source];
    if (stateOf[source] == 2 || (instance.recurrenceId.empty() && event.hasRecurrenceId)) return decline();
    // An instance whose RECURRENCE-ID is not of its DTSTART's kind (an RDATE;VALUE=DATE in a
    // DATE-TIME series, say) takes its DTSTART's kind from the RDATE in libical.
    if (!instance.recurrenceId.empty() && formOfText(instance.recurrenceId) != event.form) return decline();
    appendInstance(out, lines, components[source], event, instance);
  }
  out += "END:VCALENDAR\r\n";
  return true;
}

std::optional<std::string> expandedTextFromIndex(std::string_view text, const std::vector<IndexedInstance>& instances) {
  std::string out;
  if (!appendExpandedTextFromIndex(out, text, instances)) return std::nullopt;
  return out;
}

}  // namespace caldav::ical
