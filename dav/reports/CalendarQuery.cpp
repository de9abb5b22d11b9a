// RFC 4791 §7.8 calendar-query: the instance index picks candidates (and decides alone
// for plain time-range filters); everything else is evaluated exactly on the objects.
#include "dav/HttpError.h"
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
#include "storage/CanonicalPath.h"

#include <algorithm>

namespace caldav::dav::reports {
namespace {

// §9.8 CALDAV:timezone in the query overrides the calendar's for floating times.
std::shared_ptr<const ical::FloatingZone> queryZone(const xml::XmlElement& root) {
  const auto* timezone = root.child(kCalDavNs, "timezone");
  if (!timezone) return nullptr;
  try {
    return std::make_shared<const ical::FloatingZone>(ical::FloatingZone::fromVTimezone(timezone->textContent()));
  } catch (const ical::InvalidCalendar& error) {
    throw HttpError(Precondition::ValidCalendarData,
                    std::string("CALDAV:timezone is not a valid VTIMEZONE: ") + error.what());
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
  std::vector<Candidate> candidates;
  std::shared_ptr<const ical::FloatingZone> zone = zoneOverride;
  if (caldav::isCalendar(target) && depth != Depth::Zero) {
    if (!zone) zone = std::make_shared<const ical::FloatingZone>(caldav::floatingZone(txn->properties(target.id)));
    const QueryPlan plan = planQuery(filter);
    // A time-range that is also the expand range: the expansion's instance rows serve both.
    const std::vector<storage::InstanceRecord>* rows = nullptr;
    if (plan.timeRange && plan.timeRange->start && plan.timeRange->end && answer.indexedExpansion()) {
      rows = answer.indexedExpansion()->rowsFor(target.path, *plan.timeRange->start, *plan.timeRange->end);
    }
    candidates = queryCandidates(*txn, target, plan, *zone, rows);
  } else if (!target.isCollection) {
    // Depth 0 on an object resource: the query applies to that object alone.
    auto calendar = txn->findNode(storage::parentOf(target.path));
    if (!zone) zone = std::make_shared<const ical::FloatingZone>(caldav::floatingZone(calendar ? txn->properties(calendar->id) : std::vector<storage::DeadProperty>{}));
    candidates.push_back({target, false});
  }
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
      if (matches(answer, *candidate, filter, *zone)) answer.describe(candidate->node, out);
    }
  }
  return multistatus.finish();
}

}  // namespace caldav::dav::reports
