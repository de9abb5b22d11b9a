// Property (issue 11, "How it is shown"): random sequences of bookings, updates, moves, copies
// and deletes, driven through the dispatcher on each backend, never leave two overlapping busy
// instances of different UIDs in the owner's booking calendars; a refused write changes
// nothing; and the server refuses exactly what a simple model of the committed busy time says
// it must (it never refuses a valid booking).
//
// The owner alice has two booking calendars (book1, book2) and a plain opaque calendar
// (plain). Each sequence starts from three empty calendars and applies 30 operations:
//   book    PUT of a new event (fresh UID) into one of the three calendars;
//   update  PUT of an existing resource with new times, another status (none = CONFIRMED,
//           TENTATIVE, CANCELLED), TRANSP toggled, or a weekly RRULE with COUNT;
//   move    MOVE of an existing resource to another of the three calendars;
//   copy    COPY of an existing resource to another of the three calendars (the same UID in
//           two calendars is one appointment: its copies never conflict with each other; a
//           copy already there is overwritten, as a replaced resource);
//   delete  DELETE of an existing resource.
// Times lie on a half-hour grid over three days (two of them a week apart, so weekly series
// meet single events) and are 30-90 minutes long, so conflicts are frequent.
//
// The model (docs/booking-rules.md): a write into a booking calendar is refused with
// invalid-status-transition if it replaces a resource (the old version for a PUT, a copy of the
// same UID at the destination of a COPY/MOVE) whose status may not become the new one
// (keeping a status is allowed; tentative -> confirmed/cancelled, confirmed -> cancelled,
// cancelled -> tentative), else with slot-unavailable if one of the busy instances it adds
// overlaps (half-open) a busy instance of another UID in any of the owner's calendars; an
// instance is busy unless TRANSPARENT or CANCELLED, and the instances the replaced resource
// already had busy at the same times are not added. Writes into the plain calendar, moves out
// of booking calendars and deletes are never refused; accepted writes answer 201 (new) or 204.
//
// RapidCheck when available (fixed seed via RC_PARAMS unless set, no shrinking: a failure
// prints the whole sequence), else a seeded generator.
#include "CalendarFixtures.h"
#include "DispatcherFixture.h"
#include "XmlQuery.h"

#include <cppunit/extensions/HelperMacros.h>

#ifdef CALDAV_HAVE_RAPIDCHECK
#include <rapidcheck.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace caldav::dav::testing;

namespace {

using Pick = std::function<int(int, int)>;  // uniform in [lo, hi]

constexpr int kOperations = 30;

// 100 sequences; 25 on PostgreSQL, where a booking PUT costs about 20 ms here (the runtime
// stays near 25 s per backend). CALDAV_BOOKING_PROPERTY_SEQUENCES overrides both.
int sequenceCount() {
  if (const char* count = std::getenv("CALDAV_BOOKING_PROPERTY_SEQUENCES")) return std::atoi(count);
  const char* backend = std::getenv("CALDAV_TEST_STORAGE");
  return backend && std::string(backend) == "postgresql" ? 25 : 100;
}
constexpr std::int64_t kHalfHour = 1800;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kWeek = 7 * kDay;
constexpr std::int64_t kNow = 1700000000;        // 2023-11-14T22:13:20Z
constexpr std::int64_t kGridStart = 1700470800;  // 2023-11-20T09:00:00Z, a Monday
const char* kBookingNs = "urn:caldavd:booking";
const std::array<std::string, 3> kCalendars = {"/calendars/alice/book1/", "/calendars/alice/book2/",
                                               "/calendars/alice/plain/"};
constexpr int kPlain = 2;

bool isBooking(int calendar) { return calendar != kPlain; }

struct Span {
  std::int64_t start = 0;
  std::int64_t end = 0;
  bool operator==(const Span&) const = default;
  bool overlaps(const Span& other) const { return start < other.end && other.start < end; }
};

enum class Status { Confirmed, Tentative, Cancelled };  // Confirmed: no STATUS property (counts as CONFIRMED)

// The default status workflow restricted to the three statuses used here.
bool mayBecome(Status from, Status to) {
  if (from == to) return true;
  switch (from) {
    case Status::Tentative: return true;                    // -> confirmed, cancelled
    case Status::Confirmed: return to == Status::Cancelled;  // not back to tentative
    case Status::Cancelled: return to == Status::Tentative;  // restore
  }
  return false;
}

std::string utcText(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

std::int64_t parseUtc(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &tm)) return -1;
  return static_cast<std::int64_t>(timegm(&tm));
}

// One appointment as the model holds it, and as its resource is written.
struct Appointment {
  std::string uid;
  int calendar = 0;
  Span first;
  int count = 1;  // weekly occurrences; RRULE:FREQ=WEEKLY;COUNT=n when > 1
  Status status = Status::Confirmed;
  bool isTransparent = false;

  std::string path() const { return kCalendars[calendar] + uid + ".ics"; }
  std::string body() const {
    std::string extra;
    if (count > 1) extra += "RRULE:FREQ=WEEKLY;COUNT=" + std::to_string(count) + "\n";
    if (status == Status::Tentative) extra += "STATUS:TENTATIVE\n";
    if (status == Status::Cancelled) extra += "STATUS:CANCELLED\n";
    if (isTransparent) extra += "TRANSP:TRANSPARENT\n";
    return event(uid, utcText(first.start), utcText(first.end), extra);
  }
  // The busy instances: none if TRANSPARENT or CANCELLED.
  std::vector<Span> busy() const {
    std::vector<Span> out;
    if (isTransparent || status == Status::Cancelled) return out;
    for (int i = 0; i < count; ++i) out.push_back({first.start + i * kWeek, first.end + i * kWeek});
    return out;
  }
  std::string describe() const {
    std::ostringstream out;
    out << path() << " [" << utcText(first.start) << ", " << utcText(first.end) << ")";
    if (count > 1) out << " weekly x" << count;
    if (status == Status::Tentative) out << " TENTATIVE";
    if (status == Status::Cancelled) out << " CANCELLED";
    if (isTransparent) out << " TRANSPARENT";
    return out.str();
  }
};

enum class Verdict { Accepted, SlotUnavailable, InvalidStatusTransition };

const char* verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::Accepted: return "accepted";
    case Verdict::SlotUnavailable: return "slot-unavailable";
    case Verdict::InvalidStatusTransition: return "invalid-status-transition";
  }
  return "?";
}

// What the model says of writing `incoming` (replacing `replaced` at the same path, if any)
// while `committed` (by path) holds.
Verdict predict(const std::map<std::string, Appointment>& committed, const Appointment& incoming,
                const Appointment* replaced) {
  if (!isBooking(incoming.calendar)) return Verdict::Accepted;
  if (replaced && !mayBecome(replaced->status, incoming.status)) return Verdict::InvalidStatusTransition;
  std::vector<Span> added = incoming.busy();
  if (replaced) {
    const std::vector<Span> before = replaced->busy();
    std::erase_if(added, [&](const Span& s) { return std::find(before.begin(), before.end(), s) != before.end(); });
  }
  for (const auto& [path, other] : committed) {
    if (other.uid == incoming.uid) continue;  // an appointment never conflicts with itself (or its copies)
    for (const Span& busy : other.busy()) {
      for (const Span& span : added) {
        if (span.overlaps(busy)) return Verdict::SlotUnavailable;
      }
    }
  }
  return Verdict::Accepted;
}

// What the server holds: path -> (ETag, body), for the three calendars.
struct Stored {
  std::string etag;
  std::string body;
  bool operator==(const Stored&) const = default;
};
using Snapshot = std::map<std::string, Stored>;

Snapshot snapshot(caldav::storage::Store& store) {
  auto txn = store.beginRead();
  std::vector<caldav::storage::NodeRecord> objects;
  for (const auto& node : txn->listDescendants("/calendars/alice")) {
    const bool inOurCalendars = std::any_of(kCalendars.begin(), kCalendars.end(), [&](const std::string& calendar) {
      return node.parent + "/" == calendar;
    });
    if (inOurCalendars && !node.isCollection) objects.push_back(node);
  }
  std::vector<std::int64_t> ids;
  for (const auto& node : objects) ids.push_back(node.id);
  auto bodies = txn->readBodies(ids);
  Snapshot out;
  for (const auto& node : objects) out[node.path] = {node.etag, bodies[node.id]};
  return out;
}

// The UID and busy instances of a stored body, read from its text (the bodies written here
// are one VEVENT with DTSTART, DTEND and maybe RRULE:FREQ=WEEKLY;COUNT=n, STATUS, TRANSP).
struct StoredBusy {
  std::string uid;
  std::vector<Span> busy;
};

StoredBusy busyOfStored(const std::string& body) {
  StoredBusy out;
  Span first;
  int count = 1;
  bool isFree = false;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto value = [&](const std::string& name) { return line.substr(name.size()); };
    if (line.rfind("UID:", 0) == 0) out.uid = value("UID:");
    if (line.rfind("DTSTART:", 0) == 0) first.start = parseUtc(value("DTSTART:"));
    if (line.rfind("DTEND:", 0) == 0) first.end = parseUtc(value("DTEND:"));
    if (line.rfind("RRULE:FREQ=WEEKLY;COUNT=", 0) == 0) count = std::stoi(value("RRULE:FREQ=WEEKLY;COUNT="));
    if (line == "STATUS:CANCELLED" || line == "TRANSP:TRANSPARENT") isFree = true;
  }
  if (!isFree) {
    for (int i = 0; i < count; ++i) out.busy.push_back({first.start + i * kWeek, first.end + i * kWeek});
  }
  return out;
}

// How often each outcome occurred over all sequences: the property is only worth something
// if bookings are both accepted and refused often.
struct Tally {
  std::map<std::string, int> outcomes;  // "PUT new accepted", "MOVE slot-unavailable", ...
  std::string text() const {
    std::string out;
    for (const auto& [outcome, n] : outcomes) out += "  " + outcome + ": " + std::to_string(n) + "\n";
    return out;
  }
};

// One sequence against a fixture: returns false and says why at the first broken property.
class Sequence {
 public:
  Sequence(DispatcherFixture& fixture, const Pick& pick, Tally& tally)
      : fixture_(fixture), pick_(pick), tally_(tally) {}

  bool run(std::string& failure) {
    if (!reset(failure)) return false;
    for (int step = 0; step < kOperations; ++step) {
      if (!apply(failure)) {
        failure = log_.str() + failure;
        return false;
      }
    }
    return true;
  }

 private:
  // Three empty calendars, the first two booking calendars.
  bool reset(std::string& failure) {
    for (int c = 0; c < 3; ++c) {
      fixture_.call("DELETE", kCalendars[c]);
      auto made = fixture_.call("MKCALENDAR", kCalendars[c]);
      if (made.status != 201) {
        return fail(failure, "MKCALENDAR " + kCalendars[c] + " answered " + std::to_string(made.status));
      }
      if (!isBooking(c)) continue;
      auto enabled = fixture_.call(
          "PROPPATCH", kCalendars[c],
          "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:B=\"urn:caldavd:booking\"><D:set><D:prop>"
          "<B:booking-rules-enabled>true</B:booking-rules-enabled></D:prop></D:set></D:propertyupdate>");
      if (enabled.status != 207 ||
          XmlQuery(enabled.body).propStatus(kCalendars[c], kBookingNs, "booking-rules-enabled") != 200) {
        return fail(failure, "PROPPATCH " + kCalendars[c] + ": " + enabled.body);
      }
    }
    current_ = snapshot(fixture_.store());
    if (!current_.empty()) return fail(failure, "the calendars are not empty after a reset");
    return true;
  }

  static bool fail(std::string& failure, const std::string& why) {
    failure = why;
    return false;
  }

  Span randomSpan() {
    static constexpr std::array<std::int64_t, 3> kDays = {0, 1, 7};
    const std::int64_t start = kGridStart + kDays[pick_(0, 2)] * kDay + pick_(0, 7) * kHalfHour;
    return {start, start + pick_(1, 3) * kHalfHour};
  }

  Appointment newAppointment() {
    Appointment a;
    a.uid = "e" + std::to_string(nextUid_++);
    const int where = pick_(0, 9);
    a.calendar = where < 4 ? 0 : where < 8 ? 1 : kPlain;
    a.first = randomSpan();
    if (pick_(0, 4) == 0) a.count = pick_(2, 3);
    const int status = pick_(0, 9);
    a.status = status == 0 ? Status::Cancelled : status < 3 ? Status::Tentative : Status::Confirmed;
    a.isTransparent = pick_(0, 7) == 0;
    return a;
  }

  Appointment changed(Appointment a) {
    switch (pick_(0, 4)) {
      case 0: a.first = randomSpan(); break;
      case 1: a.status = static_cast<Status>(pick_(0, 2)); break;
      case 2: a.isTransparent = !a.isTransparent; break;
      case 3: a.count = pick_(1, 3); break;
      default:
        a.first = randomSpan();
        a.status = static_cast<Status>(pick_(0, 2));
        a.count = pick_(1, 3);
        break;
    }
    return a;
  }

  const Appointment& anyCommitted() {
    auto it = committed_.begin();
    std::advance(it, pick_(0, static_cast<int>(committed_.size()) - 1));
    return it->second;
  }

  // Applies one random operation and checks every property after it.
  bool apply(std::string& failure) {
    const Snapshot before = current_;
    const int kind = committed_.empty() ? 0 : pick_(0, 19);
    std::optional<Appointment> written;  // what the target holds after the operation
    std::string source;                  // MOVE, COPY, DELETE: the resource operated on
    std::string removed;                 // the path the operation empties (MOVE, DELETE)
    const Appointment* replaced = nullptr;
    std::string operation;
    if (kind < 7) {  // book
      written = newAppointment();
      operation = "PUT new";
    } else if (kind < 12) {  // update
      const Appointment& old = anyCommitted();
      written = changed(old);
      replaced = &old;
      operation = "PUT update";
    } else {  // move, copy (the same UID, into another calendar) or delete
      const Appointment& old = anyCommitted();
      source = old.path();
      operation = kind < 15 ? "MOVE" : kind < 17 ? "COPY" : "DELETE";
      if (operation != "COPY") removed = source;
      if (operation != "DELETE") {
        written = old;
        written->calendar = (old.calendar + pick_(1, 2)) % 3;
        auto target = committed_.find(written->path());  // a copy of the same UID may be there
        replaced = target == committed_.end() ? nullptr : &target->second;
      }
    }
    const Verdict expected = written ? predict(committed_, *written, replaced) : Verdict::Accepted;
    const int expectedStatus = !written || replaced ? 204 : 201;
    caldav::dav::Response response;
    if (operation == "DELETE") {
      log_ << "DELETE " << source;
      response = fixture_.call("DELETE", source);
    } else if (operation == "MOVE" || operation == "COPY") {
      log_ << operation << " " << source << " -> " << written->describe();
      response = fixture_.call(operation, source, "", {{"Destination", written->path()}});
    } else {
      log_ << operation << " " << written->describe();
      response = put(*written);
    }
    log_ << ": " << response.status << " (model: " << verdictName(expected) << ")\n";
    if (written) operation += isBooking(written->calendar) ? " into booking" : " into plain";
    ++tally_.outcomes[operation + " " + verdictName(expected)];

    current_ = snapshot(fixture_.store());
    const Snapshot& after = current_;
    if (expected != Verdict::Accepted) {
      const char* precondition = verdictName(expected);
      if (response.status != 403 || !XmlQuery(response.body).root().child(kBookingNs, precondition)) {
        return fail(failure, std::string("the model refuses with ") + precondition + ", the server answered " +
                                 std::to_string(response.status) + " " + response.body);
      }
      if (after != before) return fail(failure, "a refused operation changed the stored resources");
    } else {
      if (response.status != expectedStatus) {
        return fail(failure, "the model accepts, the server answered " + std::to_string(response.status) + " " +
                                 response.body);
      }
      if (!removed.empty()) committed_.erase(removed);
      if (written) committed_[written->path()] = *written;
    }
    return matchesModel(after, failure) && noOverlapInBookingCalendars(after, failure);
  }

  caldav::dav::Response put(const Appointment& a) {
    return fixture_.call("PUT", a.path(), a.body(), {{"Content-Type", "text/calendar; charset=utf-8"}});
  }

  // The server holds exactly the model's resources, byte for byte.
  bool matchesModel(const Snapshot& stored, std::string& failure) {
    std::map<std::string, std::string> expected;
    for (const auto& [path, a] : committed_) expected[path] = a.body();
    if (stored.size() != expected.size()) {
      return fail(failure, "the server holds " + std::to_string(stored.size()) + " resources, the model " +
                               std::to_string(expected.size()));
    }
    for (const auto& [path, body] : expected) {
      auto it = stored.find(path);
      if (it == stored.end()) return fail(failure, "the model has " + path + ", the server has not");
      if (it->second.body != body) {
        return fail(failure, path + " holds another body than the model:\n" + it->second.body);
      }
    }
    return true;
  }

  // The invariant, from the stored bodies alone: no two busy instances of different UIDs in
  // the booking calendars overlap.
  static bool noOverlapInBookingCalendars(const Snapshot& stored, std::string& failure) {
    std::vector<std::pair<std::string, StoredBusy>> bookings;
    for (const auto& [path, resource] : stored) {
      if (path.rfind(kCalendars[kPlain], 0) == 0) continue;
      bookings.emplace_back(path, busyOfStored(resource.body));
    }
    for (std::size_t i = 0; i < bookings.size(); ++i) {
      for (std::size_t j = i + 1; j < bookings.size(); ++j) {
        if (bookings[i].second.uid == bookings[j].second.uid) continue;
        for (const Span& a : bookings[i].second.busy) {
          for (const Span& b : bookings[j].second.busy) {
            if (a.overlaps(b)) {
              return fail(failure, "overlapping bookings committed: " + bookings[i].first + " [" + utcText(a.start) +
                                       ", " + utcText(a.end) + ") and " + bookings[j].first + " [" +
                                       utcText(b.start) + ", " + utcText(b.end) + ")");
            }
          }
        }
      }
    }
    return true;
  }

  DispatcherFixture& fixture_;
  const Pick& pick_;
  Tally& tally_;
  std::map<std::string, Appointment> committed_;  // by path
  Snapshot current_;                              // what the server holds now
  int nextUid_ = 0;
  std::ostringstream log_;
};

}  // namespace

class BookingPropertyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BookingPropertyTest);
  CPPUNIT_TEST(testRandomWritesNeverCommitOverlappingBookingsAndRefuseOnlyWhatOverlaps);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRandomWritesNeverCommitOverlappingBookingsAndRefuseOnlyWhatOverlaps() {
    // One store for all sequences (a fresh PostgreSQL database per sequence would cost more
    // than the sequence); each sequence starts from empty calendars.
    DispatcherFixture fixture;
    fixture.now_ = kNow;
    Tally tally;
#ifdef CALDAV_HAVE_RAPIDCHECK
    const std::string params = "seed=11 noshrink=1 verbose_progress=0 max_success=" + std::to_string(sequenceCount());
    setenv("RC_PARAMS", params.c_str(), 0);
    const bool passed = rc::check("booking calendars never hold overlapping busy instances", [&fixture, &tally] {
      // inRange depends on the size, which grows from 0: at the nominal size it is uniform.
      const Pick pick = [](int lo, int hi) { return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(lo, hi + 1)); };
      std::string failure;
      const bool holds = Sequence(fixture, pick, tally).run(failure);
      RC_LOG() << failure;
      RC_ASSERT(holds);
    });
    CPPUNIT_ASSERT(passed);
#else
    std::mt19937 random(11);
    for (int i = 0; i < sequenceCount(); ++i) {
      const Pick pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
      std::string failure;
      CPPUNIT_ASSERT_MESSAGE(failure, Sequence(fixture, pick, tally).run(failure));
    }
#endif
    // Not vacuous: bookings, updates and moves were both accepted and refused, for overlap
    // and for status.
    for (const char* outcome :
         {"PUT new into booking accepted", "PUT new into booking slot-unavailable", "PUT new into plain accepted",
          "PUT update into booking accepted", "PUT update into booking slot-unavailable",
          "PUT update into booking invalid-status-transition", "MOVE into booking accepted",
          "MOVE into booking slot-unavailable", "COPY into booking accepted", "COPY into booking slot-unavailable",
          "DELETE accepted"}) {
      CPPUNIT_ASSERT_MESSAGE(std::string(outcome) + " never happened:\n" + tally.text(),
                             tally.outcomes[outcome] > 0);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BookingPropertyTest);
