#include "scheduling/write/BookingFacts.h"

#include "ical/ContentLines.h"
#include "ical/ObjectProperties.h"
#include "scheduling/freebusy/Availability.h"
#include "storage/CanonicalPath.h"

#include <algorithm>
#include <ctime>

namespace caldav::scheduling {
namespace {

constexpr std::int64_t kDay = 86400;

std::optional<AppointmentStatus> statusOf(std::string_view body) {
  return appointmentStatus(ical::firstComponentValue(body, "STATUS"), ical::firstComponentValue(body, kStatusExtension));
}

// The instances of one object as UTC intervals, sorted (floating ones placed in `zone`): those
// that are not TRANSPARENT and, if `busyOnly`, not cancelled.
std::vector<Interval> intervalsOf(const std::vector<storage::InstanceRecord>& instances, const ical::FloatingZone& zone,
                                  bool busyOnly) {
  std::vector<Interval> busy;
  for (const auto& instance : instances) {
    if (instance.isTransparent || (busyOnly && instance.isCancelled)) continue;
    if (instance.isFloating) {
      busy.push_back({zone.toUtc(instance.start), zone.toUtc(instance.end)});
    } else {
      busy.push_back({instance.start, instance.end});
    }
  }
  std::sort(busy.begin(), busy.end(), [](const Interval& a, const Interval& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  });
  return busy;
}

// The intervals of `now` that `before` does not have with the same times.
std::vector<Interval> newIn(std::vector<Interval> now, const std::vector<Interval>& before) {
  std::erase_if(now, [&](const Interval& interval) {
    return std::any_of(before.begin(), before.end(),
                       [&](const Interval& b) { return b.start == interval.start && b.end == interval.end; });
  });
  return now;
}

// The busy VEVENT instances of calendar `path` in [from, to), less those of `excluded` nodes.
// Each widened by `before` and `after` (the buffers of the booking calendar's own bookings).
void appendSpans(storage::ReadTransaction& txn, const std::string& path, const ical::FloatingZone& zone,
                 std::int64_t from, std::int64_t to, const std::vector<std::int64_t>& excluded,
                 std::vector<Interval>& out, std::int64_t before = 0, std::int64_t after = 0) {
  storage::SpanFilter filter;
  filter.componentType = "VEVENT";
  filter.busyOnly = true;
  for (const auto& span : txn.findInstanceSpans(path, filter, from - ical::kFloatingSlack, to + ical::kFloatingSlack)) {
    if (std::find(excluded.begin(), excluded.end(), span.nodeId) != excluded.end()) continue;
    Interval interval = span.isFloating ? Interval{zone.toUtc(span.start), zone.toUtc(span.end)}
                                        : Interval{span.start, span.end};
    interval.start -= before;
    interval.end += after;
    if (interval.end > from && interval.start < to) out.push_back(interval);
  }
}

// RFC 7953 §7.1: the VAVAILABILITY resources of a calendar are its owner's availability
// (all of the owner's calendars together, combined by PRIORITY). `uid`, the object being
// written, is not read back from the store.
void appendAvailability(storage::ReadTransaction& txn, const std::string& path, const std::string& uid,
                        std::vector<ical::CalendarObject>& out) {
  for (const auto& node : txn.objectsOfType(path, "VAVAILABILITY")) {
    auto object = ical::CalendarObject::parse(txn.readBody(node.id));
    if (object.uid() != uid) out.push_back(std::move(object));
  }
}

void sortByStart(std::vector<Interval>& intervals) {
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
}

std::string describeSlot(const ical::FloatingZone& zone, const Interval& slot) {
  auto format = [](std::int64_t wallClock, const char* pattern) {
    std::time_t t = static_cast<std::time_t>(wallClock);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[64];
    std::size_t n = std::strftime(buffer, sizeof buffer, pattern, &tm);
    return std::string(buffer, n);
  };
  const std::int64_t start = zone.toWallClock(slot.start);
  const std::int64_t end = zone.toWallClock(slot.end);
  std::string text = format(start, "%a %e %b %H:%M");
  if (text.size() > 4 && text[4] == ' ') text.erase(4, 1);  // "Tue  3 Mar" -> "Tue 3 Mar"
  const bool sameDay = start / kDay == end / kDay || (end % kDay == 0 && end - start <= kDay);
  text += "-" + format(end, sameDay ? "%H:%M" : "%e %b %H:%M");
  return text;
}


// Where loadOwnerTime looks: busy time overlapping [nearFrom, nearTo) (after the buffers of
// the booking calendar's own bookings are added), the calendar's bookings and the owner's
// availability over [from, to); `uid` (the object being written, "" for none) and the
// `excluded` nodes are not the owner's other time.
struct OwnerWindow {
  std::int64_t nearFrom = 0;
  std::int64_t nearTo = 0;
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::string uid;
  std::vector<std::int64_t> excluded;
};

// Fills check.others, check.unavailable and check.calendarBookings from the owner's calendars
// (the siblings of the booking calendar in the owner's home) over `window`.
void loadOwnerTime(storage::ReadTransaction& txn, const CalendarReader& readCalendar, const std::string& calendarPath,
                   const CalendarSettings& calendar, std::int64_t now, const OwnerWindow& window,
                   BookingCheck& check) {
  const auto& policy = calendar.booking;
  const ical::FloatingZone& zone = *calendar.zone;
  const std::string home = storage::parentOf(calendarPath);
  std::vector<ical::CalendarObject> availability;
  std::vector<storage::NodeRecord> calendars = txn.listChildren(home);
  if (std::none_of(calendars.begin(), calendars.end(), [&](const auto& n) { return n.path == calendarPath; })) {
    if (auto self = txn.findNode(calendarPath)) calendars.push_back(*self);  // below a plain collection
  }
  for (const auto& node : calendars) {
    if (!node.isCollection) continue;
    auto settings = node.path == calendarPath ? std::nullopt : readCalendar(txn, node, now);
    const CalendarSettings* other = node.path == calendarPath ? &calendar : (settings ? &*settings : nullptr);
    if (!other) continue;
    // An object never conflicts with itself: the replaced and moved resources and every
    // resource of the same UID (its copies in the owner's other calendars).
    std::vector<std::int64_t> excluded = window.excluded;
    if (!window.uid.empty()) {
      if (auto same = txn.findByUid(node.path, window.uid)) excluded.push_back(same->id);
    }
    // Bookings of this calendar keep their buffers free too: two of them are at least
    // buffer-after + buffer-before apart. The owner's other events have no buffers.
    if (node.path == calendarPath) {
      appendSpans(txn, node.path, *other->zone, window.nearFrom, window.nearTo, excluded, check.others,
                  policy.bufferBefore, policy.bufferAfter);
    } else if (other->isOpaque) {
      appendSpans(txn, node.path, *other->zone, window.nearFrom, window.nearTo, excluded, check.others);
    }
    if (node.path == calendarPath && policy.maxBookingsPerDay) {
      appendSpans(txn, node.path, *other->zone, window.from, window.to, excluded, check.calendarBookings);
    }
    appendAvailability(txn, node.path, window.uid, availability);
  }
  std::vector<const ical::CalendarObject*> objects;
  for (const auto& object : availability) objects.push_back(&object);
  // RFC 7953 §7.2.4: the availability set on the owner's inbox counts with them.
  if (calendar.ownerAvailability) objects.push_back(calendar.ownerAvailability.get());
  if (!objects.empty()) {
    for (const auto& period : unavailablePeriods(objects, window.from, window.to, zone)) {
      check.unavailable.push_back({period.start, period.end});
    }
  }
  sortByStart(check.others);
  sortByStart(check.calendarBookings);
}

// The facts of every write: the time, the policy, and the calendar's days and slot names.
void setCalendarFacts(const CalendarSettings& calendar, std::int64_t now, BookingCheck& check) {
  check.now = now;
  check.policy = calendar.booking;
  auto zoneRef = calendar.zone;
  check.dayOf = [zoneRef](std::int64_t utc) {
    std::int64_t wall = zoneRef->toWallClock(utc);
    return wall >= 0 ? wall / kDay : (wall - kDay + 1) / kDay;
  };
  check.describe = [zoneRef](const Interval& slot) { return describeSlot(*zoneRef, slot); };
}
}  // namespace

BookingCheck loadBookingCheck(storage::ReadTransaction& txn, const CalendarReader& readCalendar,
                              const BookingWrite& write) {
  const CalendarSettings& calendar = *write.calendar;
  const ical::FloatingZone& zone = *calendar.zone;
  BookingCheck check;
  setCalendarFacts(calendar, write.now, check);
  check.isNew = !write.replacedId;
  check.newStatus = statusOf(write.object->body);
  if (write.replacedId) check.oldStatus = statusOf(write.replacedBody);

  std::vector<storage::InstanceRecord> before;
  for (auto id : {write.replacedId, write.movedFromId}) {
    if (!id) continue;
    auto rows = txn.instancesOf(*id);
    before.insert(before.end(), rows.begin(), rows.end());
  }
  const auto& instances = write.object->index.instances;
  check.changed = newIn(intervalsOf(instances, zone, false), intervalsOf(before, zone, false));
  // A cancelled or no-show appointment adds no busy time.
  if (check.newStatus && isBlocking(*check.newStatus)) {
    // The old busy time counts only while the old status blocked.
    const bool wasBlocking = check.oldStatus && isBlocking(*check.oldStatus);
    const std::vector<Interval> old = wasBlocking ? intervalsOf(before, zone, true) : std::vector<Interval>{};
    const int master = ical::masterSource(write.object->object);
    struct Occurrence {
      Interval interval;
      const storage::InstanceRecord* row;
    };
    std::vector<Occurrence> occurrences;
    for (const auto& row : instances) {
      if (row.isTransparent || row.isCancelled) continue;
      Interval interval = row.isFloating ? Interval{zone.toUtc(row.start), zone.toUtc(row.end)} : Interval{row.start, row.end};
      if (std::none_of(old.begin(), old.end(), [&](const Interval& o) { return o.start == interval.start && o.end == interval.end; })) {
        occurrences.push_back({interval, &row});
      }
    }
    std::sort(occurrences.begin(), occurrences.end(),
              [](const Occurrence& a, const Occurrence& b) { return a.interval.start < b.interval.start; });
    for (const auto& occurrence : occurrences) {
      check.added.push_back(occurrence.interval);
      check.addedRecurrenceIds.push_back(occurrence.row->recurrenceId);
      check.addedIsOverride.push_back(occurrence.row->source != master);
    }
  }
  if (check.added.empty()) return check;

  const auto& policy = calendar.booking;
  // The overlap rule needs only the busy time that can touch an added interval once both are
  // widened by the buffers (this calendar's bookings are widened too); the daily limit and the
  // availability need the whole local days around them. A refusal on a busy slot reads the
  // near window only: about a third of the instances of the day window in the benchmark's
  // dataset (docs/performance.md, "Booking PUT").
  std::int64_t lastEnd = 0;
  for (const auto& interval : check.added) lastEnd = std::max(lastEnd, interval.end);
  OwnerWindow window;
  window.nearFrom = check.added.front().start - policy.bufferBefore - policy.bufferAfter;
  window.nearTo = lastEnd + policy.bufferAfter + policy.bufferBefore;
  window.from = check.added.front().start - policy.bufferBefore - kDay;
  window.to = lastEnd + policy.bufferAfter + kDay;
  window.uid = write.object->index.uid;
  for (auto id : {write.replacedId, write.movedFromId}) {
    if (id) window.excluded.push_back(*id);
  }
  loadOwnerTime(txn, readCalendar, write.calendarPath, calendar, write.now, window, check);
  return check;
}

BookingCheck loadBookingFacts(storage::ReadTransaction& txn, const CalendarReader& readCalendar,
                              const std::string& calendarPath, const CalendarSettings& calendar, std::int64_t from,
                              std::int64_t to, std::int64_t now) {
  BookingCheck check;
  setCalendarFacts(calendar, now, check);
  check.newStatus = AppointmentStatus::Confirmed;  // what a booking without STATUS is
  const auto& policy = calendar.booking;
  // The windows loadBookingCheck reads for a booking, for every booking inside [from, to).
  OwnerWindow window;
  window.nearFrom = from - policy.bufferBefore - policy.bufferAfter;
  window.nearTo = to + policy.bufferAfter + policy.bufferBefore;
  window.from = from - policy.bufferBefore - kDay;
  window.to = to + policy.bufferAfter + kDay;
  loadOwnerTime(txn, readCalendar, calendarPath, calendar, now, window, check);
  return check;
}

}  // namespace caldav::scheduling
