#include "ical/CalendarObject.h"

#include "ical/detail/ContentBytes.h"
#include "ical/detail/Repair.h"
#include "ical/detail/SharedZones.h"
#include "ical/detail/Walk.h"
#include "ical/detail/ZoneBounds.h"

#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace caldav::ical {

namespace {

[[noreturn]] void invalidData(const std::string& message) {
  throw InvalidCalendar(InvalidCalendar::Code::ValidCalendarData, message);
}

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

icalparameter_xlicerrortype errorType(icalproperty* error) {
  icalparameter* type = icalproperty_get_first_parameter(error, ICAL_XLICERRORTYPE_PARAMETER);
  return type != nullptr ? icalparameter_get_xlicerrortype(type) : ICAL_XLICERRORTYPE_NONE;
}

// The property an X-LIC-ERROR "No value for NAME property" stands for, if it is one whose empty
// value is valid: TEXT (RFC 5545 §3.3.11: `text = *(...)` may be empty; vdirsyncer sends an
// empty DESCRIPTION) or an X- property (libical does not say which: it is left out of the tree).
std::optional<icalproperty_kind> emptyTextProperty(icalproperty* error) {
  const char* text = icalproperty_get_xlicerror(error);
  constexpr std::string_view kPrefix = "No value for ";
  if (errorType(error) != ICAL_XLICERRORTYPE_VALUEPARSEERROR || text == nullptr ||
      std::strncmp(text, kPrefix.data(), kPrefix.size()) != 0) {
    return std::nullopt;
  }
  const std::string rest(text + kPrefix.size());
  const std::string name = rest.substr(0, rest.find(' '));
  const icalproperty_kind kind = icalproperty_string_to_kind(name.c_str());
  if (kind == ICAL_X_PROPERTY || (kind != ICAL_NO_PROPERTY &&
                                  icalproperty_kind_to_value_kind(kind) == ICAL_TEXT_VALUE)) {
    return kind;
  }
  return std::nullopt;
}

// libical reports parse problems as X-LIC-ERROR properties. Unknown property and parameter
// names are tolerated (RFC 5545 §3.8.8.2 lets IANA register new ones; libical drops them);
// so are empty TEXT values.
bool isToleratedError(icalproperty* error) {
  const icalparameter_xlicerrortype kind = errorType(error);
  if (kind == ICAL_XLICERRORTYPE_PARAMETERNAMEPARSEERROR || emptyTextProperty(error)) {
    return true;
  }
  const char* text = icalproperty_get_xlicerror(error);
  return kind == ICAL_XLICERRORTYPE_PROPERTYPARSEERROR && text != nullptr &&
         std::strncmp(text, "Parse error in property name", 28) == 0;
}

// Removes tolerated errors from `component` and its children (an empty TEXT property goes back
// in, with its value empty); returns the first other error.
std::string takeParseErrors(icalcomponent* component) {
  std::string firstError;
  for (icalproperty* p : detail::properties(component, ICAL_XLICERROR_PROPERTY)) {
    if (!isToleratedError(p)) {
      if (firstError.empty()) {
        const char* text = icalproperty_get_xlicerror(p);
        firstError = text != nullptr ? text : "parse error";
      }
      continue;
    }
    if (const auto empty = emptyTextProperty(p); empty && *empty != ICAL_X_PROPERTY) {
      icalproperty* restored = icalproperty_new(*empty);
      icalproperty_set_value(restored, icalvalue_new_text(""));
      icalcomponent_add_property(component, restored);
    }
    icalcomponent_remove_property(component, p);
    icalproperty_free(p);
  }
  for (icalcomponent* c : detail::children(component)) {
    std::string childError = takeParseErrors(c);
    if (firstError.empty()) {
      firstError = std::move(childError);
    }
  }
  return firstError;
}

detail::IcalComponentPtr parseTree(std::string_view body) {
  detail::checkContentBytes(body);  // also refuses NUL, which would end libical's string early
  const std::string text(body);
  detail::IcalComponentPtr root(icalparser_parse_string(text.c_str()));
  if (!root) {
    invalidData("not an iCalendar stream (BEGIN:VCALENDAR ... END:VCALENDAR expected)");
  }
  return root;
}

void checkCalendar(icalcomponent* root) {
  if (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
    invalidData("expected exactly one VCALENDAR");
  }
  if (const std::string error = takeParseErrors(root); !error.empty()) {
    invalidData("invalid iCalendar data: " + error);
  }
}

void checkVersion(icalcomponent* root) {
  icalproperty* version = icalcomponent_get_first_property(root, ICAL_VERSION_PROPERTY);
  const char* versionText = version != nullptr ? icalproperty_get_version(version) : nullptr;
  if (versionText == nullptr || std::strcmp(versionText, "2.0") != 0) {
    invalidData("VERSION:2.0 is required (RFC 5545 §3.7.4)");
  }
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
    repairs_ = std::move(other.repairs_);
    repairedText_ = std::move(other.repairedText_);
  }
  return *this;
}

CalendarObject CalendarObject::parse(std::string_view body) {
  detail::IcalComponentPtr root = parseTree(body);
  checkCalendar(root.get());
  checkVersion(root.get());
  return CalendarObject(std::move(root));
}

CalendarObject CalendarObject::parseForStorage(std::string_view body, std::int64_t now) {
  std::vector<std::string> repairs;
  if (body.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    body.remove_prefix(kByteOrderMark.size());
    repairs.push_back("dropped a leading UTF-8 byte order mark");
  }
  // Header lines are added to the text, so a body needing only those keeps its other bytes.
  const std::string patched = detail::addMissingHeaderLines(body, repairs);
  const bool isTextRepaired = !repairs.empty();
  detail::IcalComponentPtr root = parseTree(patched);
  const std::size_t textRepairs = repairs.size();
  if (std::string wrapped = detail::wrapBareComponents(root); !wrapped.empty()) {
    repairs.push_back(std::move(wrapped));
  }
  checkCalendar(root.get());
  detail::checkZoneBoundsIn(root.get());  // the repairs compare RECURRENCE-IDs in their zones
  for (std::string& repair : detail::repairCalendar(root.get(), now)) {
    repairs.push_back(std::move(repair));
  }
  checkVersion(root.get());
  if (repairs.empty()) {
    return CalendarObject(std::move(root));
  }
  if (isTextRepaired && repairs.size() == textRepairs) {
    CalendarObject object(std::move(root));
    object.repairs_ = std::move(repairs);
    object.repairedText_ = patched;
    return object;
  }
  std::string text = detail::componentText(root.get());
  root.reset();
  CalendarObject object = parse(text);
  object.repairs_ = std::move(repairs);
  object.repairedText_ = std::move(text);
  return object;
}

std::string CalendarObject::text() const { return detail::componentText(root_.get()); }

}  // namespace caldav::ical
