// RFC 4791 §7.8 calendar-query: the instance index picks candidates (and decides alone
// for plain time-range filters); everything else is evaluated exactly on the objects.
#include "dav/Access.h"
#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/caldav/CalendarSettings.h"
#include "dav/caldav/FilterXml.h"
#include "dav/methods/Common.h"
#include "dav/methods/MultistatusAnswer.h"
#include "dav/properties/PropertyRequest.h"
#include "dav/reports/ObjectAnswer.h"
#include "dav/reports/QueryCandidates.h"
#include "dav/reports/Reports.h"
#include "dav/xml/Multistatus.h"
#include "ical/InvalidCalendar.h"
#include "ical/TimezoneCalendar.h"
#include "storage/CanonicalPath.h"

#include <algorithm>

namespace caldav::dav::reports {
namespace {

// §9.8 CALDAV:timezone in the query overrides the calendar's for floating times. §7.8
// precondition CALDAV:valid-calendar-data: it must be a VCALENDAR with exactly one VTIMEZONE.
std::shared_ptr<const ical::FloatingZone> queryZone(const xml::XmlElement& root) {
  const auto* timezone = root.child(kCalDavNs, "timezone");
  if (!timezone) return nullptr;
  try {
    return std::make_shared<const ical::FloatingZone>(ical::parseTimezoneCalendar(timezone->textContent()));
  } catch (const ical::InvalidCalendar& error) {
    throw HttpError(Precondition::ValidCalendarData, std::string("CALDAV:timezone is not a valid time zone: ") + error.what());
  }
}

bool matches(ObjectAnswer& answer, const Candidate& candidate, const ical::CompFilter& filter,
             const ical::FloatingZone& zone) {
  if (candidate.isKnownMatch) return true;
  try {
    return ical::matches(ical::CalendarObject::parse(answer.body(candidate.node)), filter, zone);
  } catch (const ical::InvalidCalendar&) {
    return false;  // a stored non-calendar resource never matches a filter
  }
}

// Appends to `out` the candidates that match `filter`, reading them (and their bodies when
// the index cannot decide) a batch at a time.
void answerCandidates(ObjectAnswer& answer, std::vector<Candidate>& candidates, const ical::CompFilter& filter,
                      const ical::FloatingZone& zone, xml::Multistatus& out) {
  for (std::size_t first = 0; first < candidates.size(); first += ObjectAnswer::kBatch) {
    const std::size_t last = std::min(candidates.size(), first + ObjectAnswer::kBatch);
    bool needsBodies = false;
    for (std::size_t i = first; i < last; ++i) needsBodies = needsBodies || !candidates[i].isKnownMatch;
    std::vector<Candidate*> batch;
    if (!candidates[first].isLoaded) {  // from the index: nodes (and bodies) read here, batch by batch
      std::vector<std::int64_t> ids;
      for (std::size_t i = first; i < last; ++i) ids.push_back(candidates[i].node.id);
      // loadByIds keeps the order of `ids` (distinct here), skipping the ones gone since.
      auto loaded = answer.loadByIds(ids, needsBodies);
      std::size_t next = 0;
      for (std::size_t i = first; i < last && next < loaded.size(); ++i) {
        if (loaded[next].id != candidates[i].node.id) continue;  // not there any more
        candidates[i].node = std::move(loaded[next++]);
        batch.push_back(&candidates[i]);
      }
    } else {
      std::vector<const storage::NodeRecord*> nodes;
      for (std::size_t i = first; i < last; ++i) {
        nodes.push_back(&candidates[i].node);
        batch.push_back(&candidates[i]);
      }
      answer.preload(nodes, needsBodies);
    }
    for (Candidate* candidate : batch) {
      if (matches(answer, *candidate, filter, zone)) answer.describe(candidate->node, out);
    }
  }
}

// Appends the members of `calendar` that match `filter` (the §9.8 zone override, if any,
// places floating times; else the calendar's own calendar-timezone).
void answerCalendar(storage::ReadTransaction& txn, ObjectAnswer& answer, const storage::NodeRecord& calendar,
                    const ical::CompFilter& filter, const std::shared_ptr<const ical::FloatingZone>& zoneOverride,
                    xml::Multistatus& out) {
  auto zone = zoneOverride;
  if (!zone) zone = std::make_shared<const ical::FloatingZone>(caldav::floatingZone(txn.properties(calendar.id)));
  const QueryPlan plan = planQuery(filter);
  // A time-range that is also the expand range: the expansion's instance rows serve both.
  const std::vector<storage::InstanceRecord>* rows = nullptr;
  if (plan.timeRange && plan.timeRange->start && plan.timeRange->end && answer.indexedExpansion()) {
    rows = answer.indexedExpansion()->rowsFor(calendar.path, *plan.timeRange->start, *plan.timeRange->end);
  }
  auto candidates = queryCandidates(txn, calendar, plan, *zone, rows);
  answerCandidates(answer, candidates, filter, *zone, out);
}

}  // namespace

Response calendarQuery(Context& context, const xml::XmlElement& root) {
  Depth depth = parseDepth(context.request, Depth::Zero);
  const auto* filterElement = root.child(kCalDavNs, "filter");
  if (!filterElement) throw HttpError(Precondition::ValidFilter, "calendar-query needs a CALDAV:filter");
  auto filter = caldav::parseFilter(*filterElement);
  auto request = properties::parsePropertyRequest(root);
  auto zoneOverride = queryZone(root);

  auto txn = context.store.beginRead();
  auto target = methods::requireNode(*txn, context.target.path);
  methods::MultistatusAnswer multistatus(context.request);
  xml::Multistatus& out = multistatus.out();
  ObjectAnswer answer(context, *txn, request, zoneOverride);
  if (caldav::isCalendar(target) || target.resourceType == kScheduleInboxType) {
    // A calendar collection can never match a filter itself, so every Depth (0, 1, absent)
    // searches its members, as CalendarServer and sabre/dav do (docs/caldav.md). The
    // scheduling inbox holds calendar objects (iTIP messages) and is searched the same way
    // (RFC 6638 §2.2).
    answerCalendar(*txn, answer, target, filter, zoneOverride, out);
  } else if (target.isCollection) {
    // RFC 4791 §7.2, §7.8: on a calendar home (or any collection above calendars), Depth 1
    // or infinity searches each calendar in it; Depth 0 searches nothing. The answer streams
    // calendar by calendar, each a batch at a time.
    if (depth != Depth::Zero) {
      for (const auto& calendar : txn->listChildren(target.path)) {
        if (!caldav::isCalendar(calendar) || !context.permissions.canRead(calendar.path)) continue;
        answerCalendar(*txn, answer, calendar, filter, zoneOverride, out);
      }
    }
  } else {
    // An object resource: the query applies to that object alone.
    auto calendar = txn->findNode(storage::parentOf(target.path));
    auto zone = zoneOverride;
    if (!zone) zone = std::make_shared<const ical::FloatingZone>(caldav::floatingZone(calendar ? txn->properties(calendar->id) : std::vector<storage::DeadProperty>{}));
    std::vector<Candidate> candidates{{target, false}};
    answerCandidates(answer, candidates, filter, *zone, out);
  }
  return multistatus.finish();
}

}  // namespace caldav::dav::reports
