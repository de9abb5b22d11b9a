#include "ical/CalendarObject.h"

#include "ical/detail/SharedZones.h"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace caldav::ical {

namespace {

// libical reports parse problems as X-LIC-ERROR properties. Unknown property and parameter
// names are tolerated (RFC 5545 §3.8.8.2 lets IANA register new ones; libical drops them);
// every other error makes the data invalid.
bool isToleratedError(icalproperty* error) {
  icalparameter* type = icalproperty_get_first_parameter(error, ICAL_XLICERRORTYPE_PARAMETER);
  if (type == nullptr) {
    return false;
  }
  const icalparameter_xlicerrortype kind = icalparameter_get_xlicerrortype(type);
  if (kind == ICAL_XLICERRORTYPE_PARAMETERNAMEPARSEERROR) {
    return true;
  }
  const char* text = icalproperty_get_xlicerror(error);
  return kind == ICAL_XLICERRORTYPE_PROPERTYPARSEERROR && text != nullptr &&
         std::strncmp(text, "Parse error in property name", 28) == 0;
}

// Removes tolerated errors from `component` and its children; returns the first other error.
std::string takeParseErrors(icalcomponent* component) {
  std::string firstError;
  std::vector<icalproperty*> tolerated;
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
       p != nullptr; p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
    if (isToleratedError(p)) {
      tolerated.push_back(p);
    } else if (firstError.empty()) {
      const char* text = icalproperty_get_xlicerror(p);
      firstError = text != nullptr ? text : "parse error";
    }
  }
  for (icalproperty* p : tolerated) {
    icalcomponent_remove_property(component, p);
    icalproperty_free(p);
  }
  for (icalcomponent* c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT);
       c != nullptr; c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
    std::string childError = takeParseErrors(c);
    if (firstError.empty()) {
      firstError = std::move(childError);
    }
  }
  return firstError;
}

[[noreturn]] void invalidData(const std::string& message) {
  throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData, message);
}

}  // namespace

CalendarObject::CalendarObject(detail::IcalComponentPtr root) : root_(std::move(root)) {
  detail::registerRoot(root_.get());  // time zones resolve once per object (SharedZones.h)
  for (icalcomponent* c = icalcomponent_get_first_component(root_.get(), ICAL_ANY_COMPONENT);
       c != nullptr; c = icalcomponent_get_next_component(root_.get(), ICAL_ANY_COMPONENT)) {
    if (icalcomponent_isa(c) == ICAL_VTIMEZONE_COMPONENT) {
      continue;
    }
    kind_ = componentKindFromName(icalcomponent_kind_to_string(icalcomponent_isa(c)));
    if (const char* uid = icalcomponent_get_uid(c)) {
      uid_ = uid;
    }
    break;
  }
}

CalendarObject::~CalendarObject() {
  if (root_) detail::unregisterRoot(root_.get());
}

CalendarObject& CalendarObject::operator=(CalendarObject&& other) noexcept {
  if (this != &other) {
    if (root_) detail::unregisterRoot(root_.get());
    root_ = std::move(other.root_);
    uid_ = std::move(other.uid_);
    kind_ = std::move(other.kind_);
  }
  return *this;
}

CalendarObject CalendarObject::parse(std::string_view body) {
  const std::string text(body);
  if (text.find('\0') != std::string::npos) {
    invalidData("calendar data contains a NUL byte");
  }
  detail::IcalComponentPtr root(icalparser_parse_string(text.c_str()));
  if (!root) {
    invalidData("not an iCalendar stream (BEGIN:VCALENDAR ... END:VCALENDAR expected)");
  }
  if (icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT) {
    invalidData("expected exactly one VCALENDAR");
  }
  if (const std::string error = takeParseErrors(root.get()); !error.empty()) {
    invalidData("invalid iCalendar data: " + error);
  }
  icalproperty* version = icalcomponent_get_first_property(root.get(), ICAL_VERSION_PROPERTY);
  const char* versionText = version != nullptr ? icalproperty_get_version(version) : nullptr;
  if (versionText == nullptr || std::strcmp(versionText, "2.0") != 0) {
    invalidData("VERSION:2.0 is required (RFC 5545 §3.7.4)");
  }
  return CalendarObject(std::move(root));
}

std::string CalendarObject::text() const { return detail::componentText(root_.get()); }

}  // namespace caldav::ical
