#include "ical/FreeBusyPeriods.h"

#include "ical/detail/LocalTime.h"
#include "ical/detail/Walk.h"

namespace caldav::ical {
namespace {

FreeBusyType busyTypeOf(icalproperty* freeBusy) {
  icalparameter* fbtype = icalproperty_get_first_parameter(freeBusy, ICAL_FBTYPE_PARAMETER);
  if (fbtype == nullptr) return FreeBusyType::Busy;  // RFC 5545 §3.2.9: the default
  switch (icalparameter_get_fbtype(fbtype)) {
    case ICAL_FBTYPE_FREE:
      return FreeBusyType::Free;
    case ICAL_FBTYPE_BUSYUNAVAILABLE:
      return FreeBusyType::BusyUnavailable;
    case ICAL_FBTYPE_BUSYTENTATIVE:
      return FreeBusyType::BusyTentative;
    default:
      return FreeBusyType::Busy;
  }
}

}  // namespace

std::vector<FreeBusyPeriod> freeBusyPeriods(const CalendarObject& object) {
  std::vector<FreeBusyPeriod> out;
  for (icalcomponent* component : detail::children(object.root(), ICAL_VFREEBUSY_COMPONENT)) {
    // libical splits a comma-separated FREEBUSY line into one property per period.
    for (icalproperty* p : detail::properties(component, ICAL_FREEBUSY_PROPERTY)) {
      const icalperiodtype period = icalproperty_get_freebusy(p);
      if (icaltime_is_null_time(period.start)) continue;
      FreeBusyPeriod fb;
      fb.start = detail::wallSeconds(period.start);
      fb.end = icaltime_is_null_time(period.end) ? fb.start + icaldurationtype_as_int(period.duration)
                                                 : detail::wallSeconds(period.end);
      fb.type = busyTypeOf(p);
      out.push_back(fb);
    }
  }
  return out;
}

}  // namespace caldav::ical
