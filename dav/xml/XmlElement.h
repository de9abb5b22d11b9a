#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace caldav::dav::xml {

struct XmlAttribute {
  std::string ns;
  std::string name;  // local name
  std::string value;
};

// A namespace-aware XML element tree. Text is kept as child nodes with an empty name
// (isText()), so mixed content keeps its order and dead property values round-trip.
struct XmlElement {
  std::string ns;    // namespace URI ("" for none)
  std::string name;  // local name; "" for a text node
  std::string text;  // text nodes only
  std::vector<XmlAttribute> attributes;
  std::vector<XmlElement> children;

  bool isText() const { return name.empty(); }
  bool is(std::string_view wantNs, std::string_view wantName) const { return ns == wantNs && name == wantName; }
  // Returns the first child element with that name, or nullptr.
  const XmlElement* child(std::string_view wantNs, std::string_view wantName) const;
  // Returns the child elements (text nodes skipped).
  std::vector<const XmlElement*> elements() const;
  // Returns the value of the attribute `wantName` in no namespace, or "" if absent.
  std::string attribute(std::string_view wantName) const;
  // Returns the concatenated text of all descendant text nodes.
  std::string textContent() const;
  // Serializes this element and its subtree as a self-contained fragment: every element
  // that changes the default namespace declares it, so the fragment can be embedded
  // anywhere (used to persist and return dead properties, RFC 4918 §4.3).
  std::string serialize() const;
};

}  // namespace caldav::dav::xml
