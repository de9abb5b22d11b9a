#include "scheduling/ObjectWriter.h"

#include "ical/InvalidCalendar.h"
#include "scheduling/RuleViolation.h"
#include "storage/CanonicalPath.h"
#include "storage/StoreError.h"

namespace caldav::scheduling {

storage::NodeRecord ObjectWriter::put(storage::WriteTransaction& txn, const ObjectWrite& write) const {
  auto index = indexObject(write.object, write.now, policy_);
  if (auto other = txn.findByUid(write.calendar.path, index.uid); other && other->path != write.path) {
    throw RuleViolation(RuleViolation::Code::UidConflict,
                        "UID " + index.uid + " is already used by another resource in this calendar", other->path);
  }
  auto stored = txn.putResource(write.path, write.owner, write.body, "text/calendar; charset=utf-8", write.now);
  txn.setObjectIndex(stored.id, index);
  return stored;
}

std::size_t ObjectWriter::extendIndexes(storage::Store& store, std::int64_t now, std::size_t batch) const {
  std::vector<storage::NodeRecord> candidates = store.beginRead()->objectsIndexedBefore(now + policy_.horizonSeconds, batch);
  std::size_t done = 0;
  for (const auto& candidate : candidates) {
    // Serialized with the owner's writers, and only if the body is still the one we saw.
    auto txn = store.beginWrite({candidate.owner});
    auto node = txn->findNode(candidate.path);
    if (!node || node->id != candidate.id || node->etag != candidate.etag) continue;
    try {
      auto object = ical::CalendarObject::parse(txn->readBody(node->id));
      txn->setObjectIndex(node->id, indexObject(object, now, policy_));
      txn->commit();
      ++done;
    } catch (const ical::InvalidCalendar&) {
      // Stored objects were valid when written; one that no longer expands (say, the cap
      // was lowered) keeps its old index rather than blocking the others.
    }
  }
  return done;
}

}  // namespace caldav::scheduling
