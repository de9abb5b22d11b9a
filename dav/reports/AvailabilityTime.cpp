#include "dav/reports/AvailabilityTime.h"

#include "ical/Availability.h"
#include "scheduling/freebusy/Availability.h"

#include <iterator>

namespace caldav::dav::reports {

AvailabilityTime::AvailabilityTime(std::int64_t start, std::int64_t end) : start_(start), end_(end) {}

AvailabilityTime::~AvailabilityTime() = default;

void AvailabilityTime::addCalendar(storage::ReadTransaction& txn, const storage::NodeRecord& calendar,
                                   const ical::FloatingZone& zone) {
  for (const auto& node : txn.objectsOfType(calendar.path, "VAVAILABILITY")) {
    addObject(ical::CalendarObject::parse(txn.readBody(node.id)), zone);
  }
}

void AvailabilityTime::addObject(const ical::CalendarObject& object, const ical::FloatingZone& zone) {
  auto found = ical::expandAvailability(object, start_, end_, zone);
  std::move(found.begin(), found.end(), std::back_inserter(components_));
}

void AvailabilityTime::appendTo(std::vector<scheduling::Period>& busy, std::vector<scheduling::Period>& unavailable,
                                std::vector<scheduling::Period>& tentative) const {
  if (components_.empty()) return;
  for (const auto& period : scheduling::unavailablePeriods(components_, start_, end_)) {
    const scheduling::Period p{period.start, period.end};
    switch (period.type) {
      case ical::BusyType::Unavailable:
        unavailable.push_back(p);
        break;
      case ical::BusyType::Busy:
        busy.push_back(p);
        break;
      case ical::BusyType::Tentative:
        tentative.push_back(p);
        break;
    }
  }
}

}  // namespace caldav::dav::reports
