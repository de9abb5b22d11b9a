#include "dav/caldav/FilterXml.h"

#include "dav/HttpError.h"
#include "dav/Namespaces.h"

#include <ctime>
#include <optional>
#include <string>

namespace caldav::dav::caldav {
namespace {

[[noreturn]] void invalidFilter(const std::string& why) {
  throw HttpError(Precondition::ValidFilter, "Invalid calendar-query filter: " + why);
}

// Returns the Unix seconds of an iCalendar UTC date-time ("20060104T000000Z"), or
// std::nullopt if `text` is anything else (a DATE, a floating or malformed date-time).
std::optional<std::int64_t> utcDateTime(std::string_view text) {
  // RFC 5545 §3.3.5 form 2 (UTC): YYYYMMDDTHHMMSSZ.
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  int fields[6] = {};
  constexpr std::size_t kAt[6] = {0, 4, 6, 9, 11, 13};
  constexpr std::size_t kLength[6] = {4, 2, 2, 2, 2, 2};
  for (int f = 0; f < 6; ++f) {
    for (std::size_t i = kAt[f]; i < kAt[f] + kLength[f]; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  }
  std::tm tm{};
  tm.tm_year = fields[0] - 1900;
  tm.tm_mon = fields[1] - 1;
  tm.tm_mday = fields[2];
  tm.tm_hour = fields[3];
  tm.tm_min = fields[4];
  tm.tm_sec = fields[5];
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

// RFC 4791 §9.9: start and end are UTC date-times, at least one is present, and end is after
// start. `refuse` is called with the reason when the element breaks one of these rules.
template <typename Refuse>
ical::TimeRange readTimeRange(const xml::XmlElement& element, Refuse refuse) {
  ical::TimeRange range;
  const std::string start = element.attribute("start");
  const std::string end = element.attribute("end");
  if (start.empty() && end.empty()) refuse(element.name + " needs a start or an end");
  auto bound = [&](const std::string& text) -> std::optional<std::int64_t> {
    if (text.empty()) return std::nullopt;
    auto seconds = utcDateTime(text);
    if (!seconds) refuse(element.name + " bounds must be UTC date-times like 20060104T000000Z, got " + text);
    return seconds;
  };
  range.start = bound(start);
  range.end = bound(end);
  if (range.start && range.end && *range.end <= *range.start) refuse(element.name + " ends before it starts");
  return range;
}

// A time-range inside CALDAV:filter: its rules broken make the filter invalid (RFC 4791 §7.8
// CALDAV:valid-filter), not the request malformed.
ical::TimeRange parseFilterTimeRange(const xml::XmlElement& element) {
  return readTimeRange(element, [](const std::string& why) { invalidFilter(why); });
}

ical::TextMatch parseTextMatch(const xml::XmlElement& element) {
  ical::TextMatch match;
  match.text = element.textContent();
  std::string collation = element.attribute("collation");
  if (!collation.empty()) {
    auto known = ical::collationFromName(collation);
    if (!known) throw HttpError(Precondition::SupportedCollation, "Unsupported collation " + collation);
    match.collation = *known;
  }
  match.isNegated = element.attribute("negate-condition") == "yes";
  return match;
}

ical::ParamFilter parseParamFilter(const xml::XmlElement& element) {
  ical::ParamFilter filter;
  filter.name = element.attribute("name");
  if (filter.name.empty()) invalidFilter("param-filter without a name");
  for (const auto* child : element.elements()) {
    if (child->is(kCalDavNs, "is-not-defined")) {
      filter.isNotDefined = true;
    } else if (child->is(kCalDavNs, "text-match")) {
      filter.textMatch = parseTextMatch(*child);
    }
  }
  return filter;
}

ical::PropFilter parsePropFilter(const xml::XmlElement& element) {
  ical::PropFilter filter;
  filter.name = element.attribute("name");
  if (filter.name.empty()) invalidFilter("prop-filter without a name");
  for (const auto* child : element.elements()) {
    if (child->is(kCalDavNs, "is-not-defined")) {
      filter.isNotDefined = true;
    } else if (child->is(kCalDavNs, "time-range")) {
      filter.timeRange = parseFilterTimeRange(*child);
    } else if (child->is(kCalDavNs, "text-match")) {
      filter.textMatch = parseTextMatch(*child);
    } else if (child->is(kCalDavNs, "param-filter")) {
      filter.paramFilters.push_back(parseParamFilter(*child));
    }
  }
  return filter;
}

ical::CompFilter parseCompFilter(const xml::XmlElement& element, int depth) {
  if (depth > 8) invalidFilter("nested too deeply");
  ical::CompFilter filter;
  filter.name = element.attribute("name");
  if (filter.name.empty()) invalidFilter("comp-filter without a name");
  for (const auto* child : element.elements()) {
    if (child->is(kCalDavNs, "is-not-defined")) {
      filter.isNotDefined = true;
    } else if (child->is(kCalDavNs, "time-range")) {
      filter.timeRange = parseFilterTimeRange(*child);
    } else if (child->is(kCalDavNs, "prop-filter")) {
      filter.propFilters.push_back(parsePropFilter(*child));
    } else if (child->is(kCalDavNs, "comp-filter")) {
      filter.compFilters.push_back(parseCompFilter(*child, depth + 1));
    }
  }
  return filter;
}

}  // namespace

std::int64_t parseUtcDateTime(std::string_view text) {
  auto seconds = utcDateTime(text);
  if (!seconds) throw HttpError(400, "Expected a UTC date-time like 20060104T000000Z, got " + std::string(text));
  return *seconds;
}

ical::TimeRange parseTimeRange(const xml::XmlElement& element) {
  return readTimeRange(element, [](const std::string& why) -> void { throw HttpError(400, why); });
}

ical::CompFilter parseFilter(const xml::XmlElement& filter) {
  auto comps = filter.elements();
  if (comps.size() != 1 || !comps[0]->is(kCalDavNs, "comp-filter")) invalidFilter("CALDAV:filter needs one comp-filter");
  auto root = parseCompFilter(*comps[0], 0);
  if (root.name != "VCALENDAR") invalidFilter("the outer comp-filter must name VCALENDAR");
  if (auto why = ical::whyFilterCannotApply(root)) invalidFilter(*why);
  return root;
}

}  // namespace caldav::dav::caldav
