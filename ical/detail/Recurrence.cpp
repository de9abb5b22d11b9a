#include "ical/detail/Recurrence.h"

#include "ical/InvalidCalendar.h"
#include "ical/detail/IcalPtr.h"
#include "ical/detail/Walk.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace caldav::ical::detail {

namespace {

using Code = InvalidCalendar::Code;

bool hasPart(const short* array) { return array[0] != ICAL_RECURRENCE_ARRAY_MAX; }

std::int64_t frequencyUnit(icalrecurrencetype_frequency freq) {
  switch (freq) {
    case ICAL_SECONDLY_RECURRENCE: return 1;
    case ICAL_MINUTELY_RECURRENCE: return 60;
    case ICAL_HOURLY_RECURRENCE: return 3600;
    default: return 0;
  }
}

// libical handles sub-daily rules by stepping one FREQ unit at a time and filtering, inside a
// single icalrecur_iterator_next() call; a filter that never matches loops for centuries.
// Day-level filters are refused outright; time-of-day and weekday filters are allowed when the
// number of steps up to stopAt is bounded.
void checkSubDailyCost(const icalrecurrencetype& r, std::int64_t startKey, std::int64_t stopAt) {
  const std::int64_t unit = frequencyUnit(r.freq);
  if (unit == 0) {
    return;
  }
  bool hasOrdinalDay = false;
  for (int i = 0; i < ICAL_BY_DAY_SIZE && r.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) {
    hasOrdinalDay = hasOrdinalDay || icalrecurrencetype_day_position(r.by_day[i]) != 0;
  }
  if (hasPart(r.by_month) || hasPart(r.by_month_day) || hasPart(r.by_year_day) ||
      hasPart(r.by_week_no) || hasPart(r.by_set_pos) || hasOrdinalDay) {
    throw InvalidCalendar(Code::TooManyInstances,
                          "sub-daily RRULE with BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, "
                          "BYSETPOS or an ordinal BYDAY is not supported");
  }
  const bool filters = hasPart(r.by_day) || hasPart(r.by_hour) ||
                       (unit <= 60 && hasPart(r.by_minute)) || (unit == 1 && hasPart(r.by_second));
  if (!filters) {
    return;  // every step is an instance: the instance cap bounds the work
  }
  std::int64_t end = stopAt;
  if (!icaltime_is_null_time(r.until)) {
    end = std::min(end, wallSeconds(r.until) + kMaxUtcOffset);
  }
  const std::int64_t interval = std::max<std::int64_t>(r.interval, 1);
  const std::int64_t steps = (std::max<std::int64_t>(end - startKey, 0) + 7 * kSecondsPerDay) /
                             (unit * interval);
  if (steps > kMaxRuleSteps) {
    throw InvalidCalendar(Code::TooManyInstances,
                          "RRULE needs " + std::to_string(steps) +
                              " iteration steps; at most " + std::to_string(kMaxRuleSteps) +
                              " are allowed");
  }
}

std::int64_t limitFor(const LocalTime& t, std::int64_t stopAt) {
  return t.isFloating() ? stopAt + kMaxUtcOffset : stopAt;
}

struct Candidate {
  LocalTime rid;
  std::int64_t key = 0;
  std::optional<std::int64_t> periodEnd;
};

// Appends the instances of one RRULE with key < limit. Returns true if the rule ended.
bool iterateRule(icalproperty* rrule, const LocalTime& start, std::int64_t limit,
                 std::size_t budget, std::vector<Candidate>& out) {
  const icalrecurrencetype recur = icalproperty_get_rrule(rrule);
  IcalRecurIteratorPtr it(icalrecur_iterator_new(recur, toIcalTime(start)));
  if (!it) {
    return true;  // validation refuses such rules; stored ones contribute only DTSTART
  }
  for (std::size_t produced = 0;; ++produced) {
    const icaltimetype t = icalrecur_iterator_next(it.get());
    if (icaltime_is_null_time(t)) {
      return true;
    }
    const LocalTime rid{wallSeconds(t), start.zone, start.isDate};
    const std::int64_t key = keyOf(rid);
    if (key >= limit) {
      return false;
    }
    if (produced >= budget) {
      throw InvalidCalendar(Code::TooManyInstances, "recurrence set has too many instances");
    }
    out.push_back({rid, key, std::nullopt});
  }
}

Candidate rdateCandidate(icalproperty* rdate, icalcomponent* root) {
  Candidate c;
  c.rid = propertyTime(rdate, root);
  c.key = keyOf(c.rid);
  const icaldatetimeperiodtype value = icalproperty_get_rdate(rdate);
  if (icaltime_is_null_time(value.time) && !icaltime_is_null_time(value.period.start)) {
    if (!icaltime_is_null_time(value.period.end)) {
      const LocalTime end{wallSeconds(value.period.end),
                          icaltime_is_utc(value.period.end) ? icaltimezone_get_utc_timezone()
                                                            : c.rid.zone,
                          false};
      c.periodEnd = keyOf(end);
    } else {
      c.periodEnd = c.key + icaldurationtype_as_int(value.period.duration);
    }
  }
  return c;
}

struct Exclusions {
  std::set<std::int64_t> keys;
  std::set<std::int64_t> days;  // EXDATE;VALUE=DATE on a DATE-TIME set: the whole local day
  std::size_t count = 0;

  bool excludes(const Candidate& c) const {
    return keys.count(c.key) != 0 ||
           (!c.rid.isDate && days.count(c.rid.wall / kSecondsPerDay - (c.rid.wall < 0)) != 0);
  }
};

Exclusions exclusionsOf(icalcomponent* master, icalcomponent* root) {
  Exclusions ex;
  for (icalproperty* p : properties(master, ICAL_EXDATE_PROPERTY)) {
    const LocalTime t = propertyTime(p, root);
    ++ex.count;
    if (t.isDate) {
      ex.days.insert(t.wall / kSecondsPerDay);
    }
    ex.keys.insert(keyOf(t));
  }
  return ex;
}

struct MasterExpansion {
  std::vector<Candidate> candidates;
  bool isComplete = true;
};

// RFC 5545 §3.8.5: the set is DTSTART, the RRULE instances and the RDATEs, minus EXDATEs.
MasterExpansion expandMaster(icalcomponent* master, icalcomponent* root, const LocalTime& start,
                             std::int64_t limit, std::size_t maxOccurrences) {
  MasterExpansion result;
  const Exclusions ex = exclusionsOf(master, root);
  const std::size_t budget = maxOccurrences + ex.count + 1;
  std::vector<Candidate> all{{start, keyOf(start), std::nullopt}};
  for (icalproperty* p : properties(master, ICAL_RRULE_PROPERTY)) {
    checkRule(p, start, limit);
    result.isComplete = iterateRule(p, start, limit, budget, all) && result.isComplete;
  }
  for (icalproperty* p : properties(master, ICAL_RDATE_PROPERTY)) {
    Candidate c = rdateCandidate(p, root);
    if (c.key >= limit) {
      result.isComplete = false;
    } else {
      all.push_back(c);
    }
  }
  if (all.front().key >= limit) {
    all.erase(all.begin());
    result.isComplete = false;
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Candidate& a, const Candidate& b) { return a.key < b.key; });
  std::set<std::int64_t> seen;
  for (Candidate& c : all) {
    if (!ex.excludes(c) && seen.insert(c.key).second) {
      result.candidates.push_back(c);
    }
  }
  return result;
}

struct Override {
  icalcomponent* component = nullptr;
  LocalTime rid;
  std::int64_t ridKey = 0;
  Occurrence occurrence;
  bool isThisAndFuture = false;
};

Override overrideOf(icalcomponent* c, icalcomponent* root) {
  Override o;
  o.component = c;
  icalproperty* ridProp = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
  o.rid = propertyTime(ridProp, root);
  o.ridKey = keyOf(o.rid);
  icalparameter* range = icalproperty_get_first_parameter(ridProp, ICAL_RANGE_PARAMETER);
  o.isThisAndFuture =
      range != nullptr && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE;
  Occurrence& occ = o.occurrence;
  icalproperty* dtstart = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
  occ.hasStart = true;
  occ.start = dtstart != nullptr ? propertyTime(dtstart, root) : o.rid;
  occ.startKey = keyOf(occ.start);
  occ.recurrenceId = o.rid;
  occ.source = c;
  return o;
}

// RFC 5545 §3.8.4.4 RANGE=THISANDFUTURE: later instances take the override's properties and
// its start shift (an exact duration).
Occurrence shiftedBy(const Override& o, const Candidate& c) {
  Occurrence occ;
  occ.hasStart = true;
  occ.recurrenceId = c.rid;
  occ.source = o.component;
  const LocalTime& newStart = o.occurrence.start;
  if (newStart.isFloating()) {
    occ.start = {c.rid.wall + (newStart.wall - o.rid.wall), nullptr, newStart.isDate};
  } else {
    const std::int64_t utc = c.key + (o.occurrence.startKey - o.ridKey);
    occ.start = {utcToLocal(utc, newStart.zone), newStart.zone, false};
  }
  occ.startKey = keyOf(occ.start);
  return occ;
}

Occurrence plainOccurrence(const Candidate& c, icalcomponent* master, bool isRecurring) {
  Occurrence occ;
  occ.hasStart = true;
  occ.start = c.rid;
  occ.startKey = c.key;
  if (isRecurring) {
    occ.recurrenceId = c.rid;
  }
  occ.source = master;
  occ.periodEnd = c.periodEnd;
  return occ;
}

const Override* thisAndFutureFor(const std::vector<Override>& overrides, std::int64_t key) {
  const Override* best = nullptr;
  for (const Override& o : overrides) {
    if (o.isThisAndFuture && o.ridKey <= key && (best == nullptr || o.ridKey > best->ridKey)) {
      best = &o;
    }
  }
  return best;
}

void appendMaster(icalcomponent* master, icalcomponent* root, const std::vector<Override>& overrides,
                  std::int64_t stopAt, std::size_t maxOccurrences, RecurrenceSet& out) {
  icalproperty* dtstart = firstProperty(master, ICAL_DTSTART_PROPERTY);
  if (dtstart == nullptr) {
    Occurrence occ;
    occ.source = master;
    out.occurrences.push_back(occ);
    return;
  }
  const LocalTime start = propertyTime(dtstart, root);
  const bool isRecurring = firstProperty(master, ICAL_RRULE_PROPERTY) != nullptr ||
                           firstProperty(master, ICAL_RDATE_PROPERTY) != nullptr;
  if (!isRecurring) {
    out.occurrences.push_back(plainOccurrence({start, keyOf(start), {}}, master, false));
    return;
  }
  std::set<std::int64_t> overridden;
  std::int64_t earlierShift = 0;  // how far a THISANDFUTURE override moves instances earlier
  for (const Override& o : overrides) {
    overridden.insert(o.ridKey);
    if (o.isThisAndFuture) {
      earlierShift = std::max(earlierShift, o.ridKey - o.occurrence.startKey);
    }
  }
  const MasterExpansion m =
      expandMaster(master, root, start, limitFor(start, stopAt) + earlierShift, maxOccurrences);
  out.isComplete = out.isComplete && m.isComplete;
  for (const Candidate& c : m.candidates) {
    if (overridden.count(c.key) != 0) {
      continue;
    }
    const Override* taf = thisAndFutureFor(overrides, c.key);
    const Occurrence occ = taf != nullptr ? shiftedBy(*taf, c) : plainOccurrence(c, master, true);
    if (occ.startKey < limitFor(occ.start, stopAt)) {
      out.occurrences.push_back(occ);
    }
  }
}

void expandGroup(const std::vector<icalcomponent*>& group, icalcomponent* root,
                 std::int64_t stopAt, std::size_t maxOccurrences, RecurrenceSet& out) {
  icalcomponent* master = nullptr;
  std::vector<Override> overrides;
  for (icalcomponent* c : group) {
    if (firstProperty(c, ICAL_RECURRENCEID_PROPERTY) == nullptr) {
      master = master != nullptr ? master : c;
    } else {
      overrides.push_back(overrideOf(c, root));
    }
  }
  if (master != nullptr) {
    appendMaster(master, root, overrides, stopAt, maxOccurrences, out);
  }
  for (const Override& o : overrides) {
    if (o.occurrence.startKey < limitFor(o.occurrence.start, stopAt)) {
      out.occurrences.push_back(o.occurrence);
    } else {
      out.isComplete = false;
    }
  }
}

}  // namespace

void appendRecurrenceSet(const std::vector<icalcomponent*>& group, icalcomponent* root,
                         std::int64_t stopAt, std::size_t maxOccurrences, RecurrenceSet& out) {
  expandGroup(group, root, stopAt, maxOccurrences, out);
}

void checkRule(icalproperty* rrule, const LocalTime& start, std::int64_t stopAt) {
  const icalrecurrencetype recur = icalproperty_get_rrule(rrule);
  IcalRecurIteratorPtr it(icalrecur_iterator_new(recur, toIcalTime(start)));
  if (!it) {
    throw InvalidCalendar(Code::ValidCalendarData,
                          std::string("unsupported or contradictory RRULE: ") +
                              icalrecurrencetype_as_string(const_cast<icalrecurrencetype*>(&recur)));
  }
  checkSubDailyCost(recur, keyOf(start), stopAt);
}

RecurrenceSet expandRecurrenceSet(icalcomponent* root, icalcomponent_kind kind,
                                  std::int64_t stopAt, std::size_t maxOccurrences) {
  std::map<std::string, std::vector<icalcomponent*>> groups;
  for (icalcomponent* c : children(root, kind)) {
    const char* uid = icalcomponent_get_uid(c);
    groups[uid != nullptr ? uid : ""].push_back(c);
  }
  RecurrenceSet result;
  for (const auto& [uid, group] : groups) {
    expandGroup(group, root, stopAt, maxOccurrences, result);
    if (result.occurrences.size() > maxOccurrences) {
      throw InvalidCalendar(Code::TooManyInstances,
                            "recurrence set has more than " + std::to_string(maxOccurrences) +
                                " instances");
    }
  }
  std::stable_sort(result.occurrences.begin(), result.occurrences.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.startKey < b.startKey; });
  return result;
}

}  // namespace caldav::ical::detail
