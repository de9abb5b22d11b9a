#include "dav/xml/XmlElement.h"

#include "dav/Href.h"

namespace caldav::dav::xml {
namespace {

void serializeInto(const XmlElement& element, const std::string* parentDefaultNs, std::string& out) {
  if (element.isText()) {
    out += xmlEscape(element.text);
    return;
  }
  out += '<';
  out += element.name;
  if (!parentDefaultNs || *parentDefaultNs != element.ns) {
    out += " xmlns=\"";
    out += xmlEscape(element.ns);
    out += '"';
  }
  int prefixCount = 0;
  for (const auto& attribute : element.attributes) {
    std::string qualified = attribute.name;
    if (attribute.ns == "http://www.w3.org/XML/1998/namespace") {
      qualified = "xml:" + attribute.name;
    } else if (!attribute.ns.empty()) {
      std::string prefix = "a" + std::to_string(prefixCount++);
      out += " xmlns:" + prefix + "=\"" + xmlEscape(attribute.ns) + "\"";
      qualified = prefix + ":" + attribute.name;
    }
    out += ' ' + qualified + "=\"" + xmlEscape(attribute.value) + '"';
  }
  if (element.children.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  for (const auto& child : element.children) serializeInto(child, &element.ns, out);
  out += "</";
  out += element.name;
  out += '>';
}

}  // namespace

const XmlElement* XmlElement::child(std::string_view wantNs, std::string_view wantName) const {
  for (const auto& c : children) {
    if (!c.isText() && c.is(wantNs, wantName)) return &c;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::elements() const {
  std::vector<const XmlElement*> out;
  for (const auto& c : children) {
    if (!c.isText()) out.push_back(&c);
  }
  return out;
}

std::string XmlElement::attribute(std::string_view wantName) const {
  for (const auto& a : attributes) {
    if (a.ns.empty() && a.name == wantName) return a.value;
  }
  return "";
}

std::string XmlElement::textContent() const {
  if (isText()) return text;
  std::string out;
  for (const auto& c : children) out += c.textContent();
  return out;
}

std::string XmlElement::serialize() const {
  std::string out;
  serializeInto(*this, nullptr, out);
  return out;
}

}  // namespace caldav::dav::xml
