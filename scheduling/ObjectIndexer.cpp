#include "scheduling/ObjectIndexer.h"

#include "ical/Instances.h"
#include "ical/ObjectProperties.h"

namespace caldav::scheduling {

storage::ObjectIndex indexObject(const ical::CalendarObject& object, std::int64_t now, const IndexPolicy& policy) {
  auto expansion = ical::expandInstances(object, now + policy.horizonSeconds, policy.maxInstances);
  storage::ObjectIndex index;
  index.uid = object.uid();
  index.componentType = object.kind() ? std::string(ical::componentName(*object.kind())) : "";
  index.indexedUntil = expansion.indexedUntil;
  index.isComplete = expansion.isComplete;
  index.instances.reserve(expansion.instances.size());
  // A no-show appointment (X-CALDAVD-STATUS, docs/booking-rules.md) holds its time no more
  // than a cancelled one: it is indexed as cancelled, so it is neither busy nor a conflict.
  const bool isNoShow = ical::firstComponentProperty(object, "X-CALDAVD-STATUS") == "NO-SHOW";
  for (const auto& instance : expansion.instances) {
    storage::InstanceRecord row;
    row.start = instance.start;
    row.end = instance.end;
    row.isFloating = instance.isFloating;
    row.isTransparent = instance.isTransparent;
    row.isCancelled = instance.isCancelled || isNoShow;
    row.isTentative = instance.isTentative;
    row.recurrenceId = instance.recurrenceId;
    row.source = instance.source;
    index.instances.push_back(std::move(row));
  }
  return index;
}

}  // namespace caldav::scheduling
