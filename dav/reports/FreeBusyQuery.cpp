// RFC 4791 §7.10 free-busy-query: busy time of one calendar, or of every calendar of a
// calendar home (Depth 1 or infinity, §7.2), from the instance index, the stored VFREEBUSY
// components and the VAVAILABILITY components (RFC 7953 §4). Only FREEBUSY periods are
// answered: nothing of the events (SUMMARY, UID, ...) leaves the server.
#include "dav/Access.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/FilterXml.h"
#include "dav/methods/Common.h"
#include "dav/reports/AvailabilityTime.h"
#include "dav/reports/ObjectAnswer.h"
#include "dav/reports/QueryCandidates.h"
#include "dav/reports/Reports.h"
#include "ical/FreeBusyPeriods.h"
#include "ical/Instances.h"
#include "ical/ObjectProperties.h"
#include "scheduling/freebusy/BusyPeriods.h"

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

Response freeBusyQuery(Context& context, const xml::XmlElement& root) {
  const auto* rangeElement = root.child(kCalDavNs, "time-range");
  if (!rangeElement) throw HttpError(400, "free-busy-query needs a CALDAV:time-range");
  auto range = caldav::parseTimeRange(*rangeElement);
  if (!range.start || !range.end) throw HttpError(400, "free-busy-query needs a start and an end");
  const Depth depth = parseDepth(context.request, Depth::Zero);
  auto txn = context.store.beginRead();
  auto target = methods::requireNode(*txn, context.target.path);
  if (!target.isCollection) throw HttpError(403, "free-busy-query works on calendar collections");
  // A calendar answers for its members whatever the Depth; a calendar home (any collection
  // above calendars) for its calendars with Depth 1 or infinity (RFC 4791 §7.2, §7.10).
  std::vector<storage::NodeRecord> calendars;
  const bool isHome = !caldav::isCalendar(target);
  if (!isHome) {
    calendars.push_back(std::move(target));
  } else if (depth != Depth::Zero) {
    for (auto& child : txn->listChildren(target.path)) {
      if (caldav::isCalendar(child) && context.permissions.has(child.path, acl::privilege::kReadFreeBusy)) {
        calendars.push_back(std::move(child));
      }
    }
  }
  BusyTime time;
  AvailabilityTime availability(*range.start, *range.end);
  for (const auto& calendar : calendars) {
    const auto properties = txn->properties(calendar.id);
    auto zone = caldav::floatingZone(properties);
    // RFC 6638 §9.1: a calendar whose schedule-calendar-transp is transparent adds nothing to
    // its owner's busy time, which is what the home answers for. A calendar asked directly
    // answers for its own resources (RFC 4791 §7.10), whatever the property says.
    if (!isHome || caldav::isOpaque(properties)) {
      addEvents(context, *txn, calendar, zone, *range.start, *range.end, time);
      addFreeBusyComponents(*txn, calendar, *range.start, *range.end, time);
    }
    // Availability is not busy time: it counts in every calendar searched, as it does for
    // the booking rules (docs/booking-rules.md), so free-busy and bookings agree.
    availability.addCalendar(*txn, calendar, zone);
  }
  // Components of all the calendars searched decide together (priorities across them).
  availability.appendTo(time.busy, time.unavailable, time.tentative);
  // Each instant is reported once, with the strongest FBTYPE that applies: BUSY, then
  // BUSY-UNAVAILABLE, then BUSY-TENTATIVE (RFC 4791 §7.10: STATUS:TENTATIVE events are
  // BUSY-TENTATIVE). The order is the one RFC 7953 §4 mixing of BUSYTYPEs uses here
  // (scheduling/freebusy/Availability.h); an event outside working hours shows as BUSY,
  // a tentative one as BUSY-UNAVAILABLE.
  auto busy = scheduling::busyPeriods(std::move(time.busy), *range.start, *range.end);
  auto unavailable = scheduling::withoutPeriods(
      scheduling::busyPeriods(std::move(time.unavailable), *range.start, *range.end), busy);
  auto maybe = scheduling::withoutPeriods(
      scheduling::withoutPeriods(scheduling::busyPeriods(std::move(time.tentative), *range.start, *range.end), busy),
      unavailable);
  Response response = Response::empty(200);
  response.setHeader("Content-Type", "text/calendar; charset=utf-8");
  response.body = scheduling::freeBusyCalendar(*range.start, *range.end, busy, maybe, context.now, unavailable);
  return response;
}

}  // namespace caldav::dav::reports
