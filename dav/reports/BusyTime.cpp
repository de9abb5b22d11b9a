#include "dav/reports/BusyTime.h"

#include "dav/caldav/CalendarAvailability.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/reports/AvailabilityTime.h"
#include "dav/reports/ObjectAnswer.h"
#include "dav/reports/QueryCandidates.h"
#include "ical/FreeBusyPeriods.h"
#include "ical/Instances.h"
#include "ical/ObjectProperties.h"

#include <algorithm>

namespace caldav::dav::reports {
namespace {

// The periods gathered from the calendars searched, by the FBTYPE they are reported with.
struct BusyTime {
  std::vector<scheduling::Period> busy;
  std::vector<scheduling::Period> tentative;
  std::vector<scheduling::Period> unavailable;
};

// RFC 4791 §7.10: only opaque, not cancelled VEVENTs make time busy (the index filters; it
// indexes a no-show appointment, docs/booking-rules.md, as cancelled).
void addEvents(Context& context, storage::ReadTransaction& txn, const storage::NodeRecord& calendar,
               const ical::FloatingZone& zone, std::int64_t start, std::int64_t end, BusyTime& out) {
  const storage::SpanFilter busyEvents{"VEVENT", true};
  for (const auto& row : txn.findInstanceSpans(calendar.path, busyEvents, start - kFloatingSlack, end + kFloatingSlack)) {
    auto placed = ical::resolveFloating({row.start, row.end, row.isFloating, false, false, false, ""}, zone);
    (row.isTentative ? out.tentative : out.busy).push_back({placed.start, placed.end});
  }
  // Series that go on past the indexed horizon are expanded here, as far as the range needs.
  for (const auto& node : unindexedMembers(txn, calendar, end)) {
    auto object = ical::CalendarObject::parse(txn.readBody(node.id));
    if (object.kind() != ical::ComponentKind::Event) continue;
    if (ical::firstComponentProperty(object, "X-CALDAVD-STATUS") == "NO-SHOW") continue;  // as the index does
    auto expansion = ical::expandInstances(object, end + kFloatingSlack, context.writes.policy().maxInstances * 10);
    for (const auto& instance : expansion.instances) {
      if (instance.isTransparent || instance.isCancelled) continue;
      auto placed = ical::resolveFloating(instance, zone);
      (instance.isTentative ? out.tentative : out.busy).push_back({placed.start, placed.end});
    }
  }
}

// RFC 4791 §7.10: the FREEBUSY properties of stored VFREEBUSY components that overlap the
// range count with their FBTYPE (FREE adds nothing). The index names the candidates (its
// rows of a VFREEBUSY span its DTSTART/DTEND or its periods); their bodies are read in
// batches.
void addFreeBusyComponents(storage::ReadTransaction& txn, const storage::NodeRecord& calendar, std::int64_t start,
                           std::int64_t end, BusyTime& out) {
  const storage::SpanFilter freeBusyObjects{"VFREEBUSY", false};
  std::vector<std::int64_t> ids;
  // Widened as for events: a VFREEBUSY with (non-conforming) floating DTSTART/DTEND has
  // floating rows; its FREEBUSY periods are UTC and clipped to the range below.
  for (const auto& row :
       txn.findInstanceSpans(calendar.path, freeBusyObjects, start - kFloatingSlack, end + kFloatingSlack)) {
    ids.push_back(row.nodeId);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (std::size_t first = 0; first < ids.size(); first += ObjectAnswer::kBatch) {
    const std::size_t last = std::min(ids.size(), first + ObjectAnswer::kBatch);
    const std::vector<std::int64_t> batch(ids.begin() + static_cast<std::ptrdiff_t>(first),
                                          ids.begin() + static_cast<std::ptrdiff_t>(last));
    for (const auto& [id, body] : txn.readBodies(batch)) {
      for (const auto& period : ical::freeBusyPeriods(ical::CalendarObject::parse(body))) {
        const scheduling::Period p{period.start, period.end};
        switch (period.type) {
          case ical::FreeBusyType::Free:
            break;
          case ical::FreeBusyType::Busy:
            out.busy.push_back(p);
            break;
          case ical::FreeBusyType::BusyTentative:
            out.tentative.push_back(p);
            break;
          case ical::FreeBusyType::BusyUnavailable:
            out.unavailable.push_back(p);
            break;
        }
      }
    }
  }
}

}  // namespace

scheduling::FreeBusyAnswer busyTime(Context& context, storage::ReadTransaction& txn,
                                    const std::vector<storage::NodeRecord>& calendars, bool asOwnersTime,
                                    std::int64_t start, std::int64_t end) {
  BusyTime time;
  AvailabilityTime availability(start, end);
  for (const auto& calendar : calendars) {
    const auto properties = txn.properties(calendar.id);
    auto zone = caldav::floatingZone(properties);
    // RFC 6638 §9.1: a calendar whose schedule-calendar-transp is transparent adds nothing to
    // its owner's busy time, which is what the home (and scheduling) answers for. A calendar
    // asked directly answers for its own resources (RFC 4791 §7.10), whatever the property says.
    if (!asOwnersTime || caldav::isOpaque(properties)) {
      addEvents(context, txn, calendar, zone, start, end, time);
      addFreeBusyComponents(txn, calendar, start, end, time);
    }
    // Availability is not busy time: it counts in every calendar searched, as it does for
    // the booking rules (docs/booking-rules.md), so free-busy and bookings agree.
    availability.addCalendar(txn, calendar, zone);
  }
  // RFC 7953 §7.2.4: the availability each owner set on its inbox counts with its calendars'.
  std::vector<std::string> owners;
  for (const auto& calendar : calendars) {
    if (std::find(owners.begin(), owners.end(), calendar.owner) != owners.end()) continue;
    owners.push_back(calendar.owner);
    if (auto inbox = caldav::inboxAvailability(txn, calendar.owner)) availability.addObject(*inbox->object, *inbox->zone);
  }
  // Components of all the calendars searched decide together (priorities across them).
  availability.appendTo(time.busy, time.unavailable, time.tentative);
  // Each instant is reported once, with the strongest FBTYPE that applies: BUSY, then
  // BUSY-UNAVAILABLE, then BUSY-TENTATIVE (RFC 4791 §7.10: STATUS:TENTATIVE events are
  // BUSY-TENTATIVE). The order is the one RFC 7953 §4 mixing of BUSYTYPEs uses here
  // (scheduling/freebusy/Availability.h); an event outside working hours shows as BUSY,
  // a tentative one as BUSY-UNAVAILABLE.
  scheduling::FreeBusyAnswer answer;
  answer.rangeStart = start;
  answer.rangeEnd = end;
  answer.now = context.now;
  answer.busy = scheduling::busyPeriods(std::move(time.busy), start, end);
  answer.unavailable =
      scheduling::withoutPeriods(scheduling::busyPeriods(std::move(time.unavailable), start, end), answer.busy);
  answer.tentative = scheduling::withoutPeriods(
      scheduling::withoutPeriods(scheduling::busyPeriods(std::move(time.tentative), start, end), answer.busy),
      answer.unavailable);
  return answer;
}

}  // namespace caldav::dav::reports
