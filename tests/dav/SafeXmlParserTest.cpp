#include "dav/HttpError.h"
#include "dav/xml/SafeXmlParser.h"

#include <cppunit/extensions/HelperMacros.h>

using caldav::dav::HttpError;
using caldav::dav::xml::parseXml;

class SafeXmlParserTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SafeXmlParserTest);
  CPPUNIT_TEST(testNamespacesAreResolved);
  CPPUNIT_TEST(testExternalEntityIsRefused);
  CPPUNIT_TEST(testEntityExpansionIsRefused);
  CPPUNIT_TEST(testDeepNestingIsRefused);
  CPPUNIT_TEST(testMalformedAndUnboundPrefixAreRefused);
  CPPUNIT_TEST(testSerializeRoundTripsMixedContentAndNamespaces);
  CPPUNIT_TEST(testAttributesCdataAndTextKeepTheirNamespacesAndBytes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNamespacesAreResolved() {
    auto root = parseXml("<?xml version='1.0'?><D:propfind xmlns:D='DAV:'><D:prop><x:a xmlns:x='urn:x'/></D:prop></D:propfind>");
    CPPUNIT_ASSERT(root.is("DAV:", "propfind"));
    const auto* prop = root.child("DAV:", "prop");
    CPPUNIT_ASSERT(prop);
    CPPUNIT_ASSERT(prop->elements().at(0)->is("urn:x", "a"));
  }

  void testExternalEntityIsRefused() {
    assertRefused("<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><d>&x;</d>");
  }

  void testEntityExpansionIsRefused() {
    assertRefused("<!DOCTYPE l [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><l>&b;</l>");
    assertRefused("<d>&undefined;</d>");
  }

  void testDeepNestingIsRefused() {
    std::string body;
    for (int i = 0; i < 1000; ++i) body += "<a>";
    for (int i = 0; i < 1000; ++i) body += "</a>";
    assertRefused(body);
  }

  void testMalformedAndUnboundPrefixAreRefused() {
    assertRefused("<a><b></a>");
    assertRefused("<x:a/>");
    assertRefused("<D:propfind xmlns:D='DAV:'><D:prop><bar:foo xmlns:bar=''/></D:prop></D:propfind>");
    assertRefused("");
  }

  void testSerializeRoundTripsMixedContentAndNamespaces() {
    auto root = parseXml("<t:v xmlns:t='urn:t' xml:lang='en'>x<foo xmlns='urn:neon'>b&amp;r</foo>y<e xmlns=''/></t:v>");
    std::string serialized = root.serialize();
    auto again = parseXml(serialized);
    CPPUNIT_ASSERT_EQUAL(serialized, again.serialize());
    CPPUNIT_ASSERT(again.is("urn:t", "v"));
    CPPUNIT_ASSERT_EQUAL(std::string("xb&ry"), again.textContent());
    CPPUNIT_ASSERT(again.child("urn:neon", "foo"));
    CPPUNIT_ASSERT(again.child("", "e"));
    CPPUNIT_ASSERT_EQUAL(std::string("lang"), again.attributes.at(0).name);
  }

  void testAttributesCdataAndTextKeepTheirNamespacesAndBytes() {
    auto root = parseXml("<D:x xmlns:D='DAV:' xmlns:y='urn:y' y:attr='1' plain='2&amp;3'>"
                         "caf\xC3\xA9 <![CDATA[<raw> & ]]>&lt;<D:y/>tail</D:x>");
    CPPUNIT_ASSERT(root.is("DAV:", "x"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, root.attributes.size());
    CPPUNIT_ASSERT_EQUAL(std::string("urn:y"), root.attributes[0].ns);
    CPPUNIT_ASSERT_EQUAL(std::string("attr"), root.attributes[0].name);
    CPPUNIT_ASSERT_EQUAL(std::string(""), root.attributes[1].ns);
    CPPUNIT_ASSERT_EQUAL(std::string("2&3"), root.attribute("plain"));
    CPPUNIT_ASSERT_EQUAL(std::string("caf\xC3\xA9 <raw> & <tail"), root.textContent());
    CPPUNIT_ASSERT(root.child("DAV:", "y"));
    // A name with two colons, bytes that are not UTF-8 and a second root are malformed.
    assertRefused("<a:b:c xmlns:a='urn:a'/>");
    assertRefused("<a>\xFF\xFE</a>");
    assertRefused("<a/><b/>");
  }

 private:
  static void assertRefused(const std::string& body) {
    try {
      parseXml(body);
      CPPUNIT_FAIL("accepted " + body.substr(0, 60));
    } catch (const HttpError& error) {
      CPPUNIT_ASSERT_EQUAL(400, error.status());
    }
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SafeXmlParserTest);
