#include "dav/xml/SafeXmlParser.h"

#include "dav/HttpError.h"

#include <expat.h>

#include <cstring>
#include <memory>
#include <optional>
#include <type_traits>

namespace caldav::dav::xml {
namespace {

constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kMaxElements = 200000;
constexpr char kSeparator = '\x01';  // expat reports "namespace-URI<kSeparator>local-name"

// Builds the element tree from expat's callbacks (expat resolves the namespaces: an
// unbound prefix or `xmlns:p=""` is a parse error). Expat is C: a callback never throws;
// it records why it refused and stops the parser.
class TreeBuilder {
 public:
  explicit TreeBuilder(XML_Parser parser) : parser_(parser) {}

  XmlElement root;
  std::optional<std::string> refusal;

  static void XMLCALL onStart(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<TreeBuilder*>(self)->start(name, attributes);
  }
  static void XMLCALL onEnd(void* self, const XML_Char*) {
    auto* builder = static_cast<TreeBuilder*>(self);
    if (!builder->stack_.empty()) builder->stack_.pop_back();
  }
  static void XMLCALL onText(void* self, const XML_Char* text, int length) {
    static_cast<TreeBuilder*>(self)->characters(text, length);
  }
  // A DOCTYPE is the only way to declare entities; refusing it closes XXE and expansion.
  static void XMLCALL onDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<TreeBuilder*>(self)->refuse("DOCTYPE declarations are not allowed");
  }
  static void XMLCALL onEntityDeclaration(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                          const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<TreeBuilder*>(self)->refuse("entity declarations are not allowed");
  }
  static void XMLCALL onSkippedEntity(void* self, const XML_Char*, int) {
    static_cast<TreeBuilder*>(self)->refuse("entity references are not allowed");
  }

 private:
  void refuse(const std::string& why) {
    if (!refusal) refusal = why;
    XML_StopParser(parser_, XML_FALSE);
  }

  static void splitName(const XML_Char* expanded, std::string& ns, std::string& local) {
    const char* separator = std::strchr(expanded, kSeparator);
    if (separator == nullptr) {
      ns.clear();
      local = expanded;
    } else {
      ns.assign(expanded, static_cast<std::size_t>(separator - expanded));
      local = separator + 1;
    }
  }

  void start(const XML_Char* name, const XML_Char** attributes) {
    if (refusal) return;
    if (stack_.size() >= kMaxDepth) return refuse("XML nested too deeply");
    if (++count_ > kMaxElements) return refuse("XML has too many elements");
    XmlElement element;
    splitName(name, element.ns, element.name);
    for (std::size_t i = 0; attributes[i] != nullptr; i += 2) {
      XmlAttribute attribute;
      splitName(attributes[i], attribute.ns, attribute.name);  // unprefixed: no namespace
      attribute.value = attributes[i + 1];
      element.attributes.push_back(std::move(attribute));
    }
    try {
      if (stack_.empty()) {
        root = std::move(element);
        stack_.push_back(&root);
      } else {
        stack_.back()->children.push_back(std::move(element));
        stack_.push_back(&stack_.back()->children.back());
      }
    } catch (const std::bad_alloc&) {
      refuse("out of memory");
    }
  }

  void characters(const XML_Char* text, int length) {
    if (refusal || stack_.empty()) return;
    auto& children = stack_.back()->children;
    if (children.empty() || !children.back().isText()) children.emplace_back();
    children.back().text.append(text, static_cast<std::size_t>(length));
  }

  XML_Parser parser_;
  std::vector<XmlElement*> stack_;
  std::size_t count_ = 0;
};

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

[[noreturn]] void refuse(const std::string& why) { throw HttpError(400, "Refused XML body: " + why); }

}  // namespace

XmlElement parseXml(std::string_view body) {
  if (body.find("<!DOCTYPE") != std::string_view::npos || body.find("<!ENTITY") != std::string_view::npos) {
    refuse("DOCTYPE declarations are not allowed");
  }
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser(XML_ParserCreateNS(nullptr, kSeparator));
  if (!parser) throw std::bad_alloc();
  TreeBuilder builder(parser.get());
  XML_SetUserData(parser.get(), &builder);
  XML_SetElementHandler(parser.get(), TreeBuilder::onStart, TreeBuilder::onEnd);
  XML_SetCharacterDataHandler(parser.get(), TreeBuilder::onText);
  XML_SetStartDoctypeDeclHandler(parser.get(), TreeBuilder::onDoctype);
  XML_SetEntityDeclHandler(parser.get(), TreeBuilder::onEntityDeclaration);
  XML_SetSkippedEntityHandler(parser.get(), TreeBuilder::onSkippedEntity);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  const auto status = XML_Parse(parser.get(), body.data(), static_cast<int>(body.size()), XML_TRUE);
  if (builder.refusal) refuse(*builder.refusal);
  if (status != XML_STATUS_OK) {
    throw HttpError(400, std::string("Malformed XML body: ") + XML_ErrorString(XML_GetErrorCode(parser.get())) +
                             " (line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ")");
  }
  if (builder.root.name.empty()) throw HttpError(400, "Malformed XML body: no root element");
  return std::move(builder.root);
}

}  // namespace caldav::dav::xml
