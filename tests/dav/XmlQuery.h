#pragma once

#include "dav/xml/SafeXmlParser.h"

#include <optional>
#include <string>
#include <vector>

namespace caldav::dav::testing {

// Structural queries on multistatus answers, so tests assert on the tree, not on strings.
class XmlQuery {
 public:
  explicit XmlQuery(const std::string& body) : root_(xml::parseXml(body)) {}

  const xml::XmlElement& root() const { return root_; }

  // The DAV:href of every DAV:response, in order.
  std::vector<std::string> hrefs() const {
    std::vector<std::string> out;
    for (const auto* response : root_.elements()) {
      if (const auto* href = response->child("DAV:", "href")) out.push_back(href->textContent());
    }
    return out;
  }

  // The status code of the propstat holding property ns:name in the response for `href`.
  std::optional<int> propStatus(const std::string& href, const std::string& ns, const std::string& name) const {
    if (const auto* response = findResponse(href)) {
      for (const auto* propstat : response->elements()) {
        const auto* prop = propstat->child("DAV:", "prop");
        if (!prop || !prop->child(ns, name)) continue;
        return statusOf(*propstat);
      }
    }
    return std::nullopt;
  }

  // The property element ns:name in a 200 propstat of `href`, or nullptr.
  const xml::XmlElement* prop(const std::string& href, const std::string& ns, const std::string& name) const {
    if (const auto* response = findResponse(href)) {
      for (const auto* propstat : response->elements()) {
        const auto* prop = propstat->child("DAV:", "prop");
        if (prop && statusOf(*propstat) == 200) {
          if (const auto* found = prop->child(ns, name)) return found;
        }
      }
    }
    return nullptr;
  }

  // The DAV:status of the response for `href` (responses without propstat).
  std::optional<int> responseStatus(const std::string& href) const {
    const auto* response = findResponse(href);
    if (!response || !response->child("DAV:", "status")) return std::nullopt;
    return statusOf(*response);
  }

 private:
  const xml::XmlElement* findResponse(const std::string& href) const {
    for (const auto* response : root_.elements()) {
      const auto* h = response->child("DAV:", "href");
      if (h && h->textContent() == href) return response;
    }
    return nullptr;
  }
  static int statusOf(const xml::XmlElement& parent) {
    const auto* status = parent.child("DAV:", "status");
    std::string text = status ? status->textContent() : "";
    auto space = text.find(' ');
    return space == std::string::npos ? 0 : std::stoi(text.substr(space + 1, 3));
  }

  xml::XmlElement root_;
};

}  // namespace caldav::dav::testing
