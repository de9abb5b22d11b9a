#include "ical/Instances.h"

#include "ical/detail/Recurrence.h"
#include "ical/detail/Spans.h"
#include "ical/detail/Walk.h"

#include <algorithm>

namespace caldav::ical {

namespace {

constexpr icalcomponent_kind kIndexedKinds[] = {ICAL_VEVENT_COMPONENT, ICAL_VTODO_COMPONENT,
                                                ICAL_VJOURNAL_COMPONENT, ICAL_VFREEBUSY_COMPONENT,
                                                ICAL_VAVAILABILITY_COMPONENT};

std::string recurrenceIdText(const detail::Occurrence& occ) {
  if (!occ.recurrenceId) {
    return {};
  }
  const detail::LocalTime& rid = *occ.recurrenceId;
  if (rid.isFloating()) {
    return detail::formatWall(rid.wall, rid.isDate, false);
  }
  return detail::formatWall(detail::keyOf(rid), false, true);
}

bool isTransparent(icalcomponent* c, icalcomponent_kind kind) {
  if (kind != ICAL_VEVENT_COMPONENT) {
    return true;
  }
  icalproperty* transp = detail::firstProperty(c, ICAL_TRANSP_PROPERTY);
  return transp != nullptr && icalproperty_get_transp(transp) == ICAL_TRANSP_TRANSPARENT;
}

bool hasStatus(icalcomponent* c, icalproperty_status wanted) {
  icalproperty* status = detail::firstProperty(c, ICAL_STATUS_PROPERTY);
  return status != nullptr && icalproperty_get_status(status) == wanted;
}

// Position of `c` among `tops`, the root's top-level components (libical keeps text order).
int sourceIndex(const std::vector<icalcomponent*>& tops, icalcomponent* c) {
  const auto it = std::find(tops.begin(), tops.end(), c);
  return it == tops.end() ? -1 : static_cast<int>(it - tops.begin());
}

}  // namespace

bool overlapsRange(std::int64_t start, std::int64_t end, std::int64_t rangeStart,
                   std::int64_t rangeEnd) {
  return detail::rangeOverlaps(start, end, rangeStart, rangeEnd);
}

Instance resolveFloating(const Instance& instance, const FloatingZone& zone) {
  Instance resolved = instance;
  if (instance.isFloating) {
    if (instance.start != detail::kMinTime && instance.start != detail::kMaxTime) {
      resolved.start = zone.toUtc(instance.start);
    }
    if (instance.end != detail::kMinTime && instance.end != detail::kMaxTime) {
      resolved.end = zone.toUtc(instance.end);
    }
    resolved.isFloating = false;
  }
  return resolved;
}

InstanceSet expandInstances(const CalendarObject& object, std::int64_t horizonEnd,
                            std::size_t maxInstances) {
  InstanceSet result;
  result.isComplete = true;
  const std::vector<icalcomponent*> tops = detail::children(object.root());
  for (icalcomponent_kind kind : kIndexedKinds) {
    const detail::RecurrenceSet set =
        detail::expandRecurrenceSet(object.root(), kind, horizonEnd + 1, maxInstances);
    result.isComplete = result.isComplete && set.isComplete;
    for (const detail::Occurrence& occ : set.occurrences) {
      for (const detail::Span& span : detail::matchSpans(occ, kind, object.root())) {
        Instance instance;
        instance.start = span.start;
        instance.end = span.end;
        instance.isFloating = span.isFloating;
        instance.isTransparent = isTransparent(occ.source, kind);
        instance.isCancelled = hasStatus(occ.source, ICAL_STATUS_CANCELLED);
        instance.isTentative = hasStatus(occ.source, ICAL_STATUS_TENTATIVE);
        instance.recurrenceId = recurrenceIdText(occ);
        instance.source = sourceIndex(tops, occ.source);
        result.instances.push_back(std::move(instance));
      }
    }
    if (result.instances.size() > maxInstances) {
      throw InvalidCalendar(InvalidCalendar::Code::TooManyInstances,
                            "more than " + std::to_string(maxInstances) + " instances");
    }
  }
  std::stable_sort(result.instances.begin(), result.instances.end(),
                   [](const Instance& a, const Instance& b) { return a.start < b.start; });
  result.indexedUntil = result.isComplete ? detail::kMaxTime : horizonEnd;
  return result;
}

}  // namespace caldav::ical
