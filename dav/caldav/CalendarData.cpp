#include "dav/caldav/CalendarData.h"

#include "dav/Href.h"
#include "dav/HttpError.h"
#include "dav/Namespaces.h"
#include "dav/caldav/FilterXml.h"

#include <limits>

namespace caldav::dav::caldav {
namespace {

ical::CompSelection parseComp(const xml::XmlElement& element, int depth) {
  if (depth > 8) throw HttpError(400, "CALDAV:comp nested too deeply");
  ical::CompSelection selection;
  selection.name = element.attribute("name");
  for (const auto* child : element.elements()) {
    if (child->is(kCalDavNs, "allprop")) {
      selection.isAllProps = true;
    } else if (child->is(kCalDavNs, "allcomp")) {
      selection.isAllComps = true;
    } else if (child->is(kCalDavNs, "prop")) {
      selection.props.push_back({child->attribute("name"), child->attribute("novalue") == "yes"});
    } else if (child->is(kCalDavNs, "comp")) {
      selection.comps.push_back(parseComp(*child, depth + 1));
    }
  }
  return selection;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> rangeBounds(const ical::TimeRange& range) {
  return {range.start.value_or(std::numeric_limits<std::int32_t>::min()),
          range.end.value_or(std::numeric_limits<std::int32_t>::max())};
}

CalendarDataRequest parseCalendarDataRequest(const xml::XmlElement& element) {
  std::string contentType = element.attribute("content-type");
  std::string version = element.attribute("version");
  if ((!contentType.empty() && contentType != "text/calendar") || (!version.empty() && version != "2.0")) {
    throw HttpError(Precondition::SupportedCalendarData, "Only text/calendar version 2.0 is served");
  }
  CalendarDataRequest request;
  for (const auto* child : element.elements()) {
    if (child->is(kCalDavNs, "expand")) {
      request.expand = parseTimeRange(*child);
    } else if (child->is(kCalDavNs, "limit-recurrence-set")) {
      request.limitRecurrence = parseTimeRange(*child);
    } else if (child->is(kCalDavNs, "comp")) {
      request.selection = parseComp(*child, 0);
    }
  }
  return request;
}

void appendCalendarData(const CalendarDataRequest& request, const std::string& body, const ical::FloatingZone& zone,
                        std::string& out, const std::vector<ical::IndexedInstance>* indexed) {
  out += "<C:calendar-data>";
  if (!request.needsParsing()) {  // the stored body as it is: escaped straight into the answer
    appendXmlEscaped(out, body);
    out += "</C:calendar-data>";
    return;
  }
  if (request.expand && indexed) {
    // Written straight into the answer (escaped afterwards, where needed), then reduced to the
    // selected components and properties if asked.
    const std::size_t start = out.size();
    if (ical::appendExpandedTextFromIndex(out, body, *indexed)) {
      if (request.selection) {
        const std::string text = out.substr(start);
        out.resize(start);
        out += ical::partialText(ical::CalendarObject::parse(text), *request.selection);
      }
      escapeXmlFrom(out, start);
      out += "</C:calendar-data>";
      return;
    }
  }
  std::string text = body;
  {
    auto object = ical::CalendarObject::parse(body);
    if (request.expand) {
      auto [start, end] = rangeBounds(*request.expand);
      text = ical::expandedText(object, start, end, zone);
    } else if (request.limitRecurrence) {
      auto [start, end] = rangeBounds(*request.limitRecurrence);
      text = ical::limitRecurrenceSetText(object, start, end, zone);
    }
    if (request.selection && (request.expand || request.limitRecurrence)) {
      text = ical::partialText(ical::CalendarObject::parse(text), *request.selection);
    } else if (request.selection) {
      text = ical::partialText(object, *request.selection);
    }
  }
  appendXmlEscaped(out, text);
  out += "</C:calendar-data>";
}

}  // namespace caldav::dav::caldav
