#pragma once

#include "dav/properties/LiveProperties.h"

#include <span>
#include <string>

namespace caldav::dav::properties {

// One row of a live-property table: where it exists, and how it renders.
struct LiveProperty {
  const char* ns;
  const char* name;
  bool isInAllprop;  // returned by DAV:allprop (RFC 4918 §9.1 lists the DAV: ones)
  bool (*exists)(const storage::NodeRecord&);
  void (*render)(const PropertyContext&, std::string& out);  // appends the element
};

// The WebDAV (RFC 4918, 5397) properties and the CalDAV/discovery ones (RFC 4791, 6578,
// 6638 §2.4, §9, Apple's getctag), each in its own file.
std::span<const LiveProperty> webdavProperties();
std::span<const LiveProperty> caldavProperties();
// The WebDAV ACL ones (RFC 3744 §5.5-§5.7) of what the ACL method applies to.
std::span<const LiveProperty> aclProperties();

}  // namespace caldav::dav::properties
