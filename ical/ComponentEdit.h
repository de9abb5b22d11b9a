#pragma once
// Small edits of libical components shared by the modules that build or rewrite iCalendar
// objects (scheduling/itip): recurrence ids in the text form of Instance::recurrenceId,
// parameters by name, occurrence overrides, VTIMEZONE copies. The caller owns what it passes;
// functions that create a component return it owned (detail::IcalComponentPtr).

#include "ical/detail/IcalPtr.h"

#include <libical/ical.h>

#include <set>
#include <string>
#include <vector>

namespace caldav::ical {

// The top-level components of `root` that are not VTIMEZONEs, in text order.
std::vector<icalcomponent*> schedulingComponents(icalcomponent* root);

// The RECURRENCE-ID of `component` as Instance::recurrenceId writes it (UTC for zoned values,
// floating or DATE otherwise; TZIDs resolved against `root`), or "" if it has none.
std::string recurrenceIdOf(icalcomponent* root, icalcomponent* component);
// The value of a DATE/DATE-TIME property (EXDATE, RDATE, DTSTART) in the same text form.
std::string timeKeyOf(icalcomponent* root, icalproperty* property);
// The EXDATE values of `component` in that form.
std::set<std::string> exdatesOf(icalcomponent* root, icalcomponent* component);

// The parameter `name` (any case; IANA or X-) of `property`, or "" if it has none.
std::string parameterOf(icalproperty* property, const char* name);
// Sets parameter `name` to `value`, replacing any previous one.
void setParameter(icalproperty* property, const char* name, const std::string& value);
// Removes every parameter `name`.
void removeParameter(icalproperty* property, const char* name);

// Removes (and frees) every property of `kind` from `component`.
void removeProperties(icalcomponent* component, icalproperty_kind kind);
// Removes (and frees) every subcomponent of `kind` (e.g. VALARM) from `component`.
void removeSubcomponents(icalcomponent* component, icalcomponent_kind kind);
// Replaces every property of the kind of `property` with `property` (taking ownership).
void replaceProperty(icalcomponent* component, icalproperty* property);

// An override of one occurrence of the recurring `master`: a copy of it without RRULE, RDATE
// and EXDATE, with RECURRENCE-ID and DTSTART at `recurrenceId` (an Instance::recurrenceId
// text; DTSTART kept in the master's time zone) and DTEND moved by as much. Returns nullptr
// if `recurrenceId` does not parse.
detail::IcalComponentPtr occurrenceOverride(icalcomponent* root, icalcomponent* master,
                                            const std::string& recurrenceId);

// Adds to `target` a copy of each VTIMEZONE of `source` whose TZID a property of `target`'s
// components uses and that `target` does not define yet.
void copyUsedTimezones(icalcomponent* source, icalcomponent* target);

// The properties of `component` (and its subcomponents, in order) serialized, one line each,
// sorted: two components with equal texts hold the same properties whatever their order.
std::string canonicalText(icalcomponent* component);

}  // namespace caldav::ical
