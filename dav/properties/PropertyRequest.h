#pragma once

#include "dav/Context.h"
#include "dav/properties/LiveProperties.h"
#include "dav/xml/Multistatus.h"
#include "dav/xml/XmlElement.h"
#include "storage/Store.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace caldav::dav::properties {

// What a PROPFIND (or a REPORT's DAV:prop) asks for (RFC 4918 §14.20).
struct PropertyRequest {
  enum class Kind { AllProp, PropName, Prop };
  Kind kind = Kind::AllProp;
  std::vector<PropertyName> names;              // Prop: the names; AllProp: DAV:include names
  std::vector<const xml::XmlElement*> elements;  // the requested elements (calendar-data has children)
  std::vector<const LiveProperty*> live;          // Prop: each name's live property (or nullptr), found once
};

// Reads the prop/propname/allprop child of `parent` (DAV:propfind or a REPORT element).
// A parent with none of them means allprop. The returned request points into `parent`.
PropertyRequest parsePropertyRequest(const xml::XmlElement& parent);

// True when answering `request` may read a resource's dead properties: allprop, propname, or
// a name other than the protected live properties of objects (getetag, calendar-data, …),
// which no dead property can carry and whose values never come from one. The usual client
// request (getetag, calendar-data) needs none, and its answers skip that read.
bool needsDeadProperties(const PropertyRequest& request);

// Renders a REPORT-only property (such as CALDAV:calendar-data) of `node`: appends the full
// element to `out` and returns true, or returns false when this hook does not handle it.
using ExtraProperty =
    std::function<bool(const storage::NodeRecord& node, const xml::XmlElement& requested, std::string& out)>;

// Appends the DAV:response for `node` answering `request`: 200 propstat for what exists,
// 404 for what was asked by name and does not. `dead` are the node's dead properties.
void describeNode(const Context& context, storage::ReadTransaction& txn, const storage::NodeRecord& node,
                  const std::vector<storage::DeadProperty>& dead, const PropertyRequest& request,
                  xml::Multistatus& out, const ExtraProperty& extra = nullptr);

// Appends a response for every direct child of `collection` that the user may read,
// a page at a time (Store::listChildrenPage), so large collections are never loaded whole.
void describeChildren(const Context& context, storage::ReadTransaction& txn, const storage::NodeRecord& collection,
                      const PropertyRequest& request, xml::Multistatus& out);

// Appends a response for each readable one of `nodes`, in order, reading the dead
// properties they need (needsDeadProperties) with one batched query.
void describeMembers(const Context& context, storage::ReadTransaction& txn, const std::vector<storage::NodeRecord>& nodes,
                     const PropertyRequest& request, xml::Multistatus& out, const ExtraProperty& extra = nullptr);

}  // namespace caldav::dav::properties
