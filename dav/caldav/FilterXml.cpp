#include "dav/caldav/FilterXml.h"

#include "dav/HttpError.h"
#include "dav/Namespaces.h"

#include <ctime>

namespace caldav::dav::caldav {
namespace {

[[noreturn]] void invalidFilter(const std::string& why) {
  throw HttpError(Precondition::ValidFilter, "Invalid calendar-query filter: " + why);
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
      filter.timeRange = parseTimeRange(*child);
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
      filter.timeRange = parseTimeRange(*child);
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
  // RFC 5545 §3.3.5 form 2 (UTC): YYYYMMDDTHHMMSSZ.
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') {
    throw HttpError(400, "Expected a UTC date-time like 20060104T000000Z, got " + std::string(text));
  }
  auto number = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) {
      if (text[i] < '0' || text[i] > '9') throw HttpError(400, "Malformed date-time " + std::string(text));
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(4, 2) - 1;
  tm.tm_mday = number(6, 2);
  tm.tm_hour = number(9, 2);
  tm.tm_min = number(11, 2);
  tm.tm_sec = number(13, 2);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    throw HttpError(400, "Malformed date-time " + std::string(text));
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

ical::TimeRange parseTimeRange(const xml::XmlElement& element) {
  ical::TimeRange range;
  std::string start = element.attribute("start");
  std::string end = element.attribute("end");
  if (start.empty() && end.empty()) throw HttpError(400, element.name + " needs a start or an end");
  if (!start.empty()) range.start = parseUtcDateTime(start);
  if (!end.empty()) range.end = parseUtcDateTime(end);
  if (range.start && range.end && *range.end <= *range.start) throw HttpError(400, element.name + " ends before it starts");
  return range;
}

ical::CompFilter parseFilter(const xml::XmlElement& filter) {
  auto comps = filter.elements();
  if (comps.size() != 1 || !comps[0]->is(kCalDavNs, "comp-filter")) invalidFilter("CALDAV:filter needs one comp-filter");
  auto root = parseCompFilter(*comps[0], 0);
  if (root.name != "VCALENDAR") invalidFilter("the outer comp-filter must name VCALENDAR");
  return root;
}

}  // namespace caldav::dav::caldav
