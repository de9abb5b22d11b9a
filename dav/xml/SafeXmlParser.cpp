#include "dav/xml/SafeXmlParser.h"

#include "dav/HttpError.h"

#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/ContentHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/LexicalHandler.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/SAX/XMLReader.h>

#include <map>
#include <sstream>

namespace caldav::dav::xml {
namespace {

constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kMaxElements = 200000;

class TreeBuilder : public Poco::XML::ContentHandler, public Poco::XML::LexicalHandler {
 public:
  XmlElement root;

  void setDocumentLocator(const Poco::XML::Locator*) override {}
  void startDocument() override {}
  void endDocument() override {}
  void startPrefixMapping(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
  void endPrefixMapping(const Poco::XML::XMLString&) override {}
  void ignorableWhitespace(const Poco::XML::XMLChar*, int, int) override {}
  void processingInstruction(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {}
  void skippedEntity(const Poco::XML::XMLString&) override { refuse("entity references are not allowed"); }

  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString& qname,
                    const Poco::XML::Attributes& attributes) override {
    if (stack_.size() >= kMaxDepth) refuse("XML nested too deeply");
    if (++count_ > kMaxElements) refuse("XML has too many elements");
    scopes_.push_back(declaredNamespaces(attributes));
    XmlElement element;
    auto [prefix, local] = split(qname);
    element.ns = resolve(prefix, true);
    element.name = local;
    for (int i = 0; i < attributes.getLength(); ++i) {
      const std::string& name = attributes.getQName(i);
      if (name == "xmlns" || name.rfind("xmlns:", 0) == 0) continue;
      auto [attributePrefix, attributeLocal] = split(name);
      element.attributes.push_back({resolve(attributePrefix, false), attributeLocal, attributes.getValue(i)});
    }
    if (stack_.empty()) {
      root = std::move(element);
      stack_.push_back(&root);
    } else {
      stack_.back()->children.push_back(std::move(element));
      stack_.push_back(&stack_.back()->children.back());
    }
  }

  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {
    stack_.pop_back();
    scopes_.pop_back();
  }

  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (stack_.empty()) return;
    auto& children = stack_.back()->children;
    if (children.empty() || !children.back().isText()) children.emplace_back();
    children.back().text.append(ch + start, static_cast<std::size_t>(length));
  }

  // A DOCTYPE is the only way to declare entities; refusing it closes XXE and expansion.
  void startDTD(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {
    refuse("DOCTYPE declarations are not allowed");
  }
  void endDTD() override {}
  void startEntity(const Poco::XML::XMLString&) override { refuse("entity references are not allowed"); }
  void endEntity(const Poco::XML::XMLString&) override {}
  void startCDATA() override {}
  void endCDATA() override {}
  void comment(const Poco::XML::XMLChar[], int, int) override {}

  [[noreturn]] static void refuse(const std::string& why) { throw HttpError(400, "Refused XML body: " + why); }

 private:
  using Scope = std::map<std::string, std::string>;  // prefix ("" = default) -> namespace URI

  static std::pair<std::string, std::string> split(const std::string& qname) {
    auto colon = qname.find(':');
    if (colon == std::string::npos) return {"", qname};
    if (colon == 0 || colon + 1 == qname.size() || qname.find(':', colon + 1) != std::string::npos) {
      refuse("malformed qualified name " + qname);
    }
    return {qname.substr(0, colon), qname.substr(colon + 1)};
  }

  // Namespaces in XML 1.0 §3: "xmlns:p" may not be empty; "xmlns" may (it undeclares).
  static Scope declaredNamespaces(const Poco::XML::Attributes& attributes) {
    Scope scope;
    for (int i = 0; i < attributes.getLength(); ++i) {
      const std::string& name = attributes.getQName(i);
      if (name == "xmlns") {
        scope[""] = attributes.getValue(i);
      } else if (name.rfind("xmlns:", 0) == 0) {
        if (attributes.getValue(i).empty()) refuse("a namespace prefix cannot be bound to the empty name");
        scope[name.substr(6)] = attributes.getValue(i);
      }
    }
    return scope;
  }

  // Unprefixed attributes have no namespace; unprefixed elements take the default one.
  std::string resolve(const std::string& prefix, bool isElement) const {
    if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
    if (prefix.empty() && !isElement) return {};
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
      if (auto it = scope->find(prefix); it != scope->end()) return it->second;
    }
    if (prefix.empty()) return {};
    refuse("unbound namespace prefix " + prefix);
  }

  std::vector<Scope> scopes_;
  std::vector<XmlElement*> stack_;
  std::size_t count_ = 0;
};

}  // namespace

XmlElement parseXml(std::string_view body) {
  if (body.find("<!DOCTYPE") != std::string_view::npos || body.find("<!ENTITY") != std::string_view::npos) {
    TreeBuilder::refuse("DOCTYPE declarations are not allowed");
  }
  TreeBuilder builder;
  Poco::XML::SAXParser parser;
  // Namespaces are resolved by TreeBuilder: Poco 1.11's SAX namespace mode reports a
  // sibling's stale URI for elements in no namespace.
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setContentHandler(&builder);
  parser.setProperty(Poco::XML::XMLReader::PROPERTY_LEXICAL_HANDLER,
                     static_cast<Poco::XML::LexicalHandler*>(&builder));
  try {
    std::istringstream stream{std::string(body)};
    Poco::XML::InputSource source(stream);
    parser.parse(&source);
  } catch (const HttpError&) {
    throw;
  } catch (const Poco::Exception& e) {
    throw HttpError(400, "Malformed XML body: " + e.displayText());
  }
  if (builder.root.name.empty()) throw HttpError(400, "Malformed XML body: no root element");
  return std::move(builder.root);
}

}  // namespace caldav::dav::xml
