#pragma once
// The one place where libical's manual memory management is wrapped (STYLE.md: wrap C
// pointers at the edge, once). Everything else in ical/ holds libical objects through these.

#include <libical/ical.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace caldav::ical::detail {

struct IcalComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using IcalComponentPtr = std::unique_ptr<icalcomponent, IcalComponentFree>;

struct IcalRecurIteratorFree {
  void operator()(icalrecur_iterator* i) const { icalrecur_iterator_free(i); }
};
using IcalRecurIteratorPtr = std::unique_ptr<icalrecur_iterator, IcalRecurIteratorFree>;

// Owns a time zone built from a VTIMEZONE component (never a builtin zone: those are
// process-wide and must not be freed).
struct IcalTimezoneFree {
  void operator()(icaltimezone* z) const { icaltimezone_free(z, 1); }
};
using IcalTimezonePtr = std::unique_ptr<icaltimezone, IcalTimezoneFree>;

// Returns the component serialized by libical (CRLF line endings, folded lines).
inline std::string componentText(const icalcomponent* c) {
  std::unique_ptr<char, decltype(&std::free)> text(
      icalcomponent_as_ical_string_r(const_cast<icalcomponent*>(c)), &std::free);
  return text ? std::string(text.get()) : std::string();
}

inline IcalComponentPtr cloneComponent(const icalcomponent* c) {
  return IcalComponentPtr(icalcomponent_new_clone(const_cast<icalcomponent*>(c)));
}

}  // namespace caldav::ical::detail
