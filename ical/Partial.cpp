#include "ical/Output.h"

#include "ical/detail/Walk.h"

#include <strings.h>

#include <cstdlib>
#include <memory>

namespace caldav::ical {

namespace {

bool namesEqual(const char* a, const std::string& b) {
  return a != nullptr && strcasecmp(a, b.c_str()) == 0;
}

std::string componentName(icalcomponent* c) {
  return icalcomponent_kind_to_string(icalcomponent_isa(c));
}

std::string propertyText(icalproperty* p) {
  std::unique_ptr<char, decltype(&std::free)> text(icalproperty_as_ical_string_r(p), &std::free);
  return text ? std::string(text.get()) : std::string();
}

// RFC 4791 §9.6.4 novalue: the property name and parameters with an empty value.
std::string withoutValue(const std::string& text) {
  std::string unfolded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded += text[i];
  }
  bool isQuoted = false;
  for (std::size_t i = 0; i < unfolded.size(); ++i) {
    if (unfolded[i] == '"') {
      isQuoted = !isQuoted;
    } else if (unfolded[i] == ':' && !isQuoted) {
      return unfolded.substr(0, i + 1) + "\r\n";
    }
  }
  return unfolded;
}

void appendSelected(icalcomponent* c, const CompSelection& selection, std::string& out) {
  out += "BEGIN:" + componentName(c) + "\r\n";
  for (icalproperty* p : detail::properties(c)) {
    if (selection.isAllProps) {
      out += propertyText(p);
      continue;
    }
    for (const PropSelection& wanted : selection.props) {
      if (namesEqual(icalproperty_get_property_name(p), wanted.name)) {
        out += wanted.isNoValue ? withoutValue(propertyText(p)) : propertyText(p);
        break;
      }
    }
  }
  for (icalcomponent* child : detail::children(c)) {
    if (selection.isAllComps) {
      out += detail::componentText(child);
      continue;
    }
    for (const CompSelection& wanted : selection.comps) {
      if (namesEqual(componentName(child).c_str(), wanted.name)) {
        appendSelected(child, wanted, out);
        break;
      }
    }
  }
  out += "END:" + componentName(c) + "\r\n";
}

}  // namespace

std::string partialText(const CalendarObject& object, const CompSelection& vcalendar) {
  if (!namesEqual("VCALENDAR", vcalendar.name)) {
    return {};
  }
  std::string out;
  appendSelected(object.root(), vcalendar, out);
  return out;
}

}  // namespace caldav::ical
