#include "ical/Filter.h"

#include "ical/detail/Spans.h"
#include "ical/detail/TimeRangeMatch.h"
#include "ical/detail/Walk.h"

#include <strings.h>

#include <memory>

namespace caldav::ical {

namespace {

// Expansion for filters may go past the index horizon, so it gets a larger cap.
constexpr std::size_t kFilterMaxOccurrences = kDefaultMaxInstances * 10;

struct Context {
  const FloatingZone& zone;
  detail::ExpansionCache cache;
};

bool namesEqual(const char* a, const std::string& b) {
  return a != nullptr && strcasecmp(a, b.c_str()) == 0;
}

std::int64_t lowerBound(const TimeRange& r) { return r.start.value_or(detail::kMinTime); }
std::int64_t upperBound(const TimeRange& r) { return r.end.value_or(detail::kMaxTime); }

// A parameter's value: the text after "NAME=", unquoted.
std::string parameterValue(icalparameter* param) {
  std::unique_ptr<char, decltype(&std::free)> text(icalparameter_as_ical_string_r(param),
                                                   &std::free);
  std::string value = text ? text.get() : "";
  const auto eq = value.find('=');
  value = eq == std::string::npos ? std::string() : value.substr(eq + 1);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

std::string parameterName(icalparameter* param) {
  if (icalparameter_isa(param) == ICAL_X_PARAMETER) {
    const char* x = icalparameter_get_xname(param);
    return x != nullptr ? x : "";
  }
  const char* name = icalparameter_kind_to_string(icalparameter_isa(param));
  return name != nullptr ? name : "";
}

// The property's value as text: TEXT values unescaped, others in iCalendar form.
std::string propertyValue(icalproperty* prop) {
  icalvalue* value = icalproperty_get_value(prop);
  if (value != nullptr && icalvalue_isa(value) == ICAL_TEXT_VALUE) {
    const char* text = icalvalue_get_text(value);
    return text != nullptr ? text : "";
  }
  const char* text = icalproperty_get_value_as_string(prop);
  return text != nullptr ? text : "";
}

// RFC 4791 §9.7.3.
bool paramFilterMatches(const ParamFilter& filter, icalproperty* prop) {
  for (icalparameter* param : detail::parameters(prop)) {
    if (strcasecmp(parameterName(param).c_str(), filter.name.c_str()) != 0) {
      continue;
    }
    if (filter.isNotDefined) {
      return false;
    }
    if (!filter.textMatch || textMatches(*filter.textMatch, parameterValue(param))) {
      return true;
    }
  }
  return filter.isNotDefined;
}

// RFC 4791 §9.7.2: some property of that name passes the value test and every param-filter.
bool propFilterMatches(const PropFilter& filter, icalcomponent* component, Context& ctx) {
  bool isDefined = false;
  for (icalproperty* prop : detail::properties(component)) {
    if (!namesEqual(icalproperty_get_property_name(prop), filter.name)) {
      continue;
    }
    isDefined = true;
    if (filter.isNotDefined) {
      return false;
    }
    if (filter.timeRange &&
        !detail::propertyOverlaps(prop, lowerBound(*filter.timeRange),
                                  upperBound(*filter.timeRange), ctx.zone, ctx.cache.root())) {
      continue;
    }
    if (filter.textMatch && !textMatches(*filter.textMatch, propertyValue(prop))) {
      continue;
    }
    bool allParams = true;
    for (const ParamFilter& p : filter.paramFilters) {
      allParams = allParams && paramFilterMatches(p, prop);
    }
    if (allParams) {
      return true;
    }
  }
  return filter.isNotDefined && !isDefined;
}

bool compFilterMatchesIn(const CompFilter& filter, icalcomponent* parent, Context& ctx);

// RFC 4791 §9.7.1, for one targeted component.
bool componentMatches(const CompFilter& filter, icalcomponent* component, Context& ctx) {
  if (filter.timeRange && icalcomponent_isa(component) != ICAL_VCALENDAR_COMPONENT &&
      !detail::componentOverlaps(component, lowerBound(*filter.timeRange),
                                 upperBound(*filter.timeRange), ctx.zone, ctx.cache)) {
    return false;
  }
  for (const PropFilter& p : filter.propFilters) {
    if (!propFilterMatches(p, component, ctx)) {
      return false;
    }
  }
  for (const CompFilter& c : filter.compFilters) {
    if (!compFilterMatchesIn(c, component, ctx)) {
      return false;
    }
  }
  return true;
}

// The comp-filter applied to the children of `parent` named filter.name.
bool compFilterMatchesIn(const CompFilter& filter, icalcomponent* parent, Context& ctx) {
  bool isDefined = false;
  for (icalcomponent* child : detail::children(parent)) {
    if (!namesEqual(icalcomponent_kind_to_string(icalcomponent_isa(child)), filter.name)) {
      continue;
    }
    isDefined = true;
    if (filter.isNotDefined) {
      return false;
    }
    if (componentMatches(filter, child, ctx)) {
      return true;
    }
  }
  return filter.isNotDefined && !isDefined;
}

}  // namespace

bool matches(const CalendarObject& object, const CompFilter& vcalendarFilter,
             const FloatingZone& zone) {
  Context ctx{zone, detail::ExpansionCache(object.root(), kFilterMaxOccurrences)};
  if (!namesEqual("VCALENDAR", vcalendarFilter.name)) {
    return vcalendarFilter.isNotDefined;
  }
  if (vcalendarFilter.isNotDefined) {
    return false;
  }
  return componentMatches(vcalendarFilter, object.root(), ctx);
}

}  // namespace caldav::ical
