// The free-slots REPORT (urn:caldavd:booking; docs/scheduling.md, "Free slots"): when a booking
// of a given duration can start in a booking calendar, as one VFREEBUSY whose FREEBUSY;FBTYPE=FREE
// periods are exactly the spans inside which every booking of that duration would be accepted
// by a PUT (scheduling::freeSlots over the facts the booking rules read, loadBookingFacts).
#include "dav/Access.h"
#include "dav/FreeBusyAccess.h"
#include "dav/HttpError.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/FilterXml.h"
#include "dav/methods/Common.h"
#include "dav/reports/Reports.h"
#include "scheduling/freebusy/BusyPeriods.h"
#include "scheduling/freebusy/FreeSlots.h"
#include "scheduling/write/BookingFacts.h"

#include <string>

namespace caldav::dav::reports {
namespace {

// The longest range one request may ask about: the answer costs about (bookings in the range)²
// rule evaluations (scheduling/freebusy/FreeSlots.h).
constexpr std::int64_t kMaxRangeDays = 93;
constexpr std::int64_t kDay = 86400;

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

Response freeSlots(Context& context, const xml::XmlElement& root) {
  const auto* rangeElement = root.child(kCalDavNs, "time-range");
  if (!rangeElement) throw HttpError(400, "free-slots needs a CALDAV:time-range");
  auto range = caldav::parseTimeRange(*rangeElement);
  if (!range.start || !range.end) throw HttpError(400, "free-slots needs a time-range with a start and an end");
  if (*range.end - *range.start > kMaxRangeDays * kDay) {
    throw HttpError(400, "free-slots answers for at most " + std::to_string(kMaxRangeDays) + " days at once");
  }
  const auto* durationElement = root.child(kBookingNs, "duration");
  if (!durationElement) throw HttpError(400, "free-slots needs a duration (<B:duration>PT30M</B:duration>)");
  const auto duration = scheduling::parseDuration(trimmed(durationElement->textContent()));
  if (!duration || *duration <= 0) {
    throw HttpError(400, "free-slots needs a positive iCalendar duration (RFC 5545 §3.3.6), such as PT30M");
  }
  auto txn = context.store.beginRead();
  requireFreeBusyAccess(context.permissions, *txn, context.target.path);
  const auto calendar = methods::requireNode(*txn, context.target.path);
  const auto settings = caldav::isCalendar(calendar) ? context.writes.calendarOf(*txn, calendar, context.now)
                                                      : std::nullopt;
  if (!settings || !settings->booking.isEnabled) {
    throw HttpError(Precondition::BookingCalendarRequired,
                    hrefFor(calendar.path, calendar.isCollection) + " is not a calendar with booking-rules-enabled");
  }
  const auto facts = scheduling::loadBookingFacts(*txn, caldav::calendarReader(), calendar.path, *settings,
                                                  *range.start, *range.end, context.now);
  scheduling::FreeBusyAnswer answer;
  answer.rangeStart = *range.start;
  answer.rangeEnd = *range.end;
  answer.now = context.now;
  for (const auto& period : scheduling::freeSlots(facts, *duration, *range.start, *range.end)) {
    answer.free.push_back({period.start, period.end});
  }
  Response response = Response::empty(200);
  response.setHeader("Content-Type", "text/calendar; charset=utf-8");
  response.body = scheduling::freeBusyText(answer);
  return response;
}

}  // namespace caldav::dav::reports
