#pragma once

#include "dav/Context.h"
#include "dav/properties/PropertyRequest.h"
#include "dav/xml/Multistatus.h"
#include "ical/FloatingZone.h"
#include "storage/Store.h"

#include <map>
#include <memory>

namespace caldav::dav::reports {

// Describes calendar object resources in a REPORT answer: their properties plus
// CALDAV:calendar-data (RFC 4791 §9.6), with floating times placed in the zone of the
// calendar that holds each object (or in `zoneOverride`, a query's CALDAV:timezone).
class ObjectAnswer {
 public:
  ObjectAnswer(const Context& context, storage::ReadTransaction& txn,
               std::shared_ptr<const ical::FloatingZone> zoneOverride = nullptr)
      : context_(context), txn_(txn), zoneOverride_(std::move(zoneOverride)) {}

  void describe(const storage::NodeRecord& node, const properties::PropertyRequest& request, xml::Multistatus& out);

 private:
  const ical::FloatingZone& zoneFor(const std::string& calendarPath);

  const Context& context_;
  storage::ReadTransaction& txn_;
  std::shared_ptr<const ical::FloatingZone> zoneOverride_;
  std::map<std::string, std::shared_ptr<const ical::FloatingZone>> zones_;
};

}  // namespace caldav::dav::reports
