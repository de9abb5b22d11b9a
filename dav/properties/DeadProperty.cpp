#include "dav/properties/DeadProperty.h"

namespace caldav::dav::properties {

storage::DeadProperty deadProperty(const xml::XmlElement& element) {
  return {element.ns, element.name, element.serialize()};
}

xml::XmlElement textElement(const std::string& ns, const std::string& name, const std::string& text) {
  xml::XmlElement element;
  element.ns = ns;
  element.name = name;
  if (!text.empty()) {
    xml::XmlElement data;
    data.text = text;
    element.children.push_back(std::move(data));
  }
  return element;
}

}  // namespace caldav::dav::properties
