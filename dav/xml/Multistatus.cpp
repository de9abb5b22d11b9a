#include "dav/xml/Multistatus.h"

#include "dav/Href.h"
#include "dav/Namespaces.h"

namespace caldav::dav::xml {

const char* reasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 207: return "Multi-Status";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 507: return "Insufficient Storage";
    default: return "Unknown";
  }
}

std::string statusLine(int status) { return "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status); }

namespace {

void appendPropstatTo(std::string& out, int status, const std::vector<std::string>& props,
                      const std::string& errorXml = "", const std::string& description = "") {
  if (props.empty()) return;
  out += "<D:propstat><D:prop>";
  for (const auto& prop : props) out += prop;
  out += "</D:prop><D:status>";
  out += statusLine(status);
  out += "</D:status>";
  out += errorXml;
  if (!description.empty()) {
    out += "<D:responsedescription>" + xmlEscape(description) + "</D:responsedescription>";
  }
  out += "</D:propstat>";
}

}  // namespace

void appendPropstat(std::string& out, const Propstat& propstat) {
  appendPropstatTo(out, propstat.status, propstat.props, propstat.errorXml, propstat.description);
}

void Multistatus::addPropstats(const std::string& href, const std::vector<Propstat>& groups,
                               const std::string& responseDescription) {
  beginResponse(href);
  for (const auto& propstat : groups) appendPropstat(body_, propstat);
  if (!responseDescription.empty()) {
    body_ += "<D:responsedescription>" + xmlEscape(responseDescription) + "</D:responsedescription>";
  }
  endResponse({});
}

void Multistatus::beginResponse(std::string_view href) {
  body_ += "<D:response><D:href>";
  appendXmlEscaped(body_, href);
  body_ += "</D:href>";
  isFoundOpen_ = false;
}

std::string& Multistatus::found() {
  if (!isFoundOpen_) body_ += "<D:propstat><D:prop>";
  isFoundOpen_ = true;
  return body_;
}

void Multistatus::endResponse(const std::vector<std::string>& missing) {
  static const std::string kOk = "</D:prop><D:status>" + statusLine(200) + "</D:status></D:propstat>";
  if (isFoundOpen_) body_ += kOk;
  isFoundOpen_ = false;
  appendPropstatTo(body_, 404, missing);
  body_ += "</D:response>";
  isEmpty_ = false;
  flushIfLarge();
}

void Multistatus::addStatus(const std::string& href, int status, const std::string& errorXml) {
  body_ += "<D:response><D:href>" + xmlEscape(href) + "</D:href><D:status>" + statusLine(status) + "</D:status>" +
           errorXml + "</D:response>";
  isEmpty_ = false;
  flushIfLarge();
}

namespace {

std::string documentHead() {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\" xmlns:C=\"" +
         std::string(kCalDavNs) + "\" xmlns:CS=\"" + kCalendarServerNs + "\">";
}

}  // namespace

void Multistatus::flushIfLarge() {
  if (!sink_ || body_.size() < kFlushBytes) return;
  if (!hasFlushed_) sink_(documentHead());
  hasFlushed_ = true;
  sink_(body_);
  body_.clear();
}

std::string Multistatus::str() const { return documentHead() + body_ + trailer_ + "</D:multistatus>"; }

std::string Multistatus::rest() const {
  return hasFlushed_ ? body_ + trailer_ + "</D:multistatus>" : str();
}

}  // namespace caldav::dav::xml
