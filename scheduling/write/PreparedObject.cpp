#include "scheduling/write/PreparedObject.h"

namespace caldav::scheduling {

namespace {

PreparedObject validatedAndIndexed(std::string body, ical::CalendarObject object, ical::ValidationRules rules,
                                   std::int64_t now, const IndexPolicy& policy) {
  rules.countInstances = false;  // indexObject expands and counts, once
  rules.maxInstances = policy.maxInstances;
  rules.horizonEnd = now + policy.horizonSeconds;
  object.validateAsResource(rules);
  auto index = indexObject(object, now, policy);
  return PreparedObject{std::move(body), std::move(object), std::move(index)};
}

}  // namespace

PreparedObject prepareObject(std::string body, ical::ValidationRules rules, std::int64_t now,
                             const IndexPolicy& policy) {
  auto object = ical::CalendarObject::parseForStorage(body, now);  // repairs: docs/ical.md
  if (object.isRepaired()) body = object.repairedText();
  return validatedAndIndexed(std::move(body), std::move(object), std::move(rules), now, policy);
}

PreparedObject prepareParsed(ical::CalendarObject object, ical::ValidationRules rules, std::int64_t now,
                             const IndexPolicy& policy) {
  std::string body = object.text();
  return validatedAndIndexed(std::move(body), std::move(object), std::move(rules), now, policy);
}

}  // namespace caldav::scheduling
