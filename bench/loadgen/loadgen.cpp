// caldav_loadgen: a small closed-loop HTTP/1.1 load generator for the benchmark (bench/bench.py
// --loadgen, bench/run.sh, docs/performance.md). --concurrency threads, one keep-alive connection
// each, take the requests of a request file in order; every answer is checked against the
// request's expectation. The result is one JSON object on stdout.
//
//   caldav_loadgen --base http://127.0.0.1:PORT --requests FILE [--user U --password P]
//                  [--concurrency C] [--max-requests K] [--duration S] [--probe S] [--timeout S]
//
// Request file: JSON lines, one request per line (empty lines are skipped):
//   {"method": "REPORT", "path": "/cal/",                      (path sent as is: already encoded)
//    "headers": {"Depth": "1", "Content-Type": "application/xml"},
//    "body": "text" | "body_b64": "base64" | "body_file": "/path",   (none: no body)
//    "expect": {
//      "status":   [207],                  accepted status codes (required, non-empty)
//      "unfold":   true,                   remove iCalendar line folds (CRLF/LF + space/tab, also
//                                          "&#13;\n" + space/tab) from the body before the checks
//      "contains": ["UID:x"],              each must occur in the body
//      "count":    [{"text": ".ics</", "n": 50}],   exact number of (non-overlapping) occurrences
//      "elements": [{"name": "response",   XML elements of that local name, any namespace prefix:
//                    "n": 50,              exact number of start tags "<name" / "<p:name" followed
//                                          by white space, ">" or "/"
//                    "groups": [["/a.ics<", "UID:a"], ...]}]   each group: all its strings occur in
//                                          one element (from its start tag to the next start tag of
//                                          that name), and no two groups share an element
//      "freebusy": {"start": 1735689600,   a VFREEBUSY answer (bench.py's freebusy_periods()/ck_fb):
//                   "end": 1738368000,     [start, end) in Unix seconds (UTC)
//                   "busy": [[s, e], ...],       merged busy periods (all FBTYPEs but FREE)
//                   "confirmed": [[s, e], ...]}  merged FBTYPE=BUSY periods
//                  The raw body is unfolded (CRLF/LF + space/tab), split into lines, and every
//                  FREEBUSY line (name case-insensitive; FBTYPE parameter, default BUSY) is read as
//                  start/end or start/duration periods, comma-separated. Date-times must be UTC
//                  (YYYYMMDDTHHMMSSZ; anything else is a wrong answer, as is a malformed duration:
//                  [+-]P[nW][nD][T[nH][nM][nS]]). Each period is clipped to [start, end); the periods
//                  are merged (overlapping or adjacent ones join, empty ones are dropped) per FBTYPE.
//                  The union over all FBTYPEs except FREE must equal "busy", and the union of BUSY
//                  must equal "confirmed", exactly. Both lists must be sorted, merged and inside
//                  [start, end) (the request file is refused otherwise).
//    }}
//
// Requests are taken in file order, round-robin across the threads: request i is line i mod size.
// The run stops taking requests after --max-requests requests or --duration seconds (whichever
// comes first; at least one request is made; 0 = no limit). With --probe S, request 0 is first
// sent alone; if it takes longer than S seconds the rest runs on one connection (as bench.py).
// A kept-alive connection closed by the server is reopened and the request sent again, once.
//
// Output: {"requests", "wall_s", "rps", "concurrency", "p50_ms", "p95_ms", "p99_ms", "max_ms",
//          "wrong", "errors": [{"method", "path", "status", "detail", "body"}] (at most 3, body =
//          first 200 bytes), "cpu_s", "answer_bytes" (mean body length)}. Latency: from sending the request to having read the whole
//          answer body. Percentiles as bench.py's pct(): element round(p/100*n + 0.5) - 1 (round
//          half to even) of the sorted latencies. A failed connection counts as a wrong answer
//          (status 0).
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct CountCheck {
    std::string text;
    long n = 0;
};

struct ElementCheck {
    std::string name;
    long n = -1;  // -1: not checked
    std::vector<std::vector<std::string>> groups;
};

using Period = std::pair<long long, long long>;  // [start, end) in Unix seconds

struct FreeBusyCheck {
    long long start = 0, end = 0;
    std::vector<Period> busy;       // merged: every FBTYPE except FREE
    std::vector<Period> confirmed;  // merged: FBTYPE=BUSY
};

struct Expect {
    std::vector<int> status;
    bool unfold = false;
    std::vector<std::string> contains;
    std::vector<CountCheck> counts;
    std::vector<ElementCheck> elements;
    std::optional<FreeBusyCheck> freebusy;
};

struct Request {
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> headers;
    bool hasBody = false;
    std::string body;
    Expect expect;
};

struct Options {
    std::string base;
    std::string user;
    std::string password;
    bool auth = false;
    int concurrency = 1;
    long maxRequests = 0;  // 0: no limit (then --duration must be given)
    double duration = 0;   // 0: no limit
    double probe = 0;      // 0: no probe
    double timeout = 300;
    std::string requests;
};

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "caldav_loadgen: " << why << "\n"
              << "usage: caldav_loadgen --base http://HOST:PORT --requests FILE [--user U --password P]\n"
                 "         [--concurrency C] [--max-requests K] [--duration S] [--probe S] [--timeout S]\n"
                 "(request-file format: see the comment at the top of bench/loadgen/loadgen.cpp)\n";
    std::exit(2);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string base64Decode(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in);
    std::string out;
    Poco::StreamCopier::copyToString(dec, out);
    return out;
}

std::vector<std::string> stringArray(const Poco::JSON::Array::Ptr& a) {
    std::vector<std::string> out;
    if (!a) return out;
    for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

// [[s, e], ...] that must already be a merged union inside [lo, hi): sorted, non-empty periods,
// each starting after the previous one ended (adjacent periods would have been joined).
std::vector<Period> parsePeriods(const Poco::JSON::Array::Ptr& a, const char* what, long long lo, long long hi) {
    if (!a) throw std::runtime_error(std::string("\"freebusy\" needs a \"") + what + "\" list");
    std::vector<Period> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto p = a->getArray(static_cast<unsigned>(i));
        if (!p || p->size() != 2)
            throw std::runtime_error(std::string("\"freebusy\" \"") + what + "\" entries are [start, end]");
        Period q{p->getElement<long long>(0), p->getElement<long long>(1)};
        if (q.first >= q.second || q.first < lo || q.second > hi || (!out.empty() && q.first <= out.back().second))
            throw std::runtime_error(std::string("\"freebusy\" \"") + what +
                                     "\" is not a sorted, merged list of periods inside [start, end)");
        out.push_back(q);
    }
    return out;
}

Expect parseExpect(const Poco::JSON::Object::Ptr& e) {
    Expect x;
    if (!e) throw std::runtime_error("no \"expect\"");
    auto st = e->getArray("status");
    if (!st || st->size() == 0) throw std::runtime_error("\"expect\" needs a non-empty \"status\" list");
    for (std::size_t i = 0; i < st->size(); ++i) x.status.push_back(st->getElement<int>(static_cast<unsigned>(i)));
    if (e->has("unfold")) x.unfold = e->getValue<bool>("unfold");
    if (e->has("contains")) x.contains = stringArray(e->getArray("contains"));
    if (e->has("count")) {
        auto c = e->getArray("count");
        for (std::size_t i = 0; c && i < c->size(); ++i) {
            auto o = c->getObject(static_cast<unsigned>(i));
            if (!o) throw std::runtime_error("\"count\" entries are objects {\"text\", \"n\"}");
            CountCheck cc{o->getValue<std::string>("text"), o->getValue<long>("n")};
            if (cc.text.empty()) throw std::runtime_error("empty \"count\" text");
            x.counts.push_back(std::move(cc));
        }
    }
    if (e->has("elements")) {
        auto els = e->getArray("elements");
        for (std::size_t i = 0; els && i < els->size(); ++i) {
            auto o = els->getObject(static_cast<unsigned>(i));
            if (!o) throw std::runtime_error("\"elements\" entries are objects {\"name\", \"n\", \"groups\"}");
            ElementCheck ec;
            ec.name = o->getValue<std::string>("name");
            if (o->has("n")) ec.n = o->getValue<long>("n");
            if (o->has("groups")) {
                auto g = o->getArray("groups");
                for (std::size_t k = 0; g && k < g->size(); ++k) {
                    auto parts = stringArray(g->getArray(static_cast<unsigned>(k)));
                    if (parts.empty() || parts[0].empty()) throw std::runtime_error("empty group in \"elements\"");
                    ec.groups.push_back(std::move(parts));
                }
            }
            x.elements.push_back(std::move(ec));
        }
    }
    if (e->has("freebusy")) {
        auto o = e->getObject("freebusy");
        if (!o) throw std::runtime_error("\"freebusy\" is an object {\"start\", \"end\", \"busy\", \"confirmed\"}");
        FreeBusyCheck fb;
        fb.start = o->getValue<long long>("start");
        fb.end = o->getValue<long long>("end");
        if (fb.start >= fb.end) throw std::runtime_error("\"freebusy\": start must be before end");
        fb.busy = parsePeriods(o->getArray("busy"), "busy", fb.start, fb.end);
        fb.confirmed = parsePeriods(o->getArray("confirmed"), "confirmed", fb.start, fb.end);
        x.freebusy = std::move(fb);
    }
    return x;
}

std::vector<Request> loadRequests(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file);
    std::vector<Request> out;
    std::string line;
    long lineNo = 0;
    Poco::JSON::Parser parser;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            parser.reset();
            auto obj = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
            Request r;
            r.method = obj->getValue<std::string>("method");
            r.path = obj->getValue<std::string>("path");
            if (r.method.empty() || r.path.empty()) throw std::runtime_error("empty method or path");
            if (auto h = obj->getObject("headers")) {
                for (const auto& kv : *h) r.headers.emplace_back(kv.first, kv.second.toString());
            }
            if (obj->has("body")) {
                r.hasBody = true;
                r.body = obj->getValue<std::string>("body");
            } else if (obj->has("body_b64")) {
                r.hasBody = true;
                r.body = base64Decode(obj->getValue<std::string>("body_b64"));
            } else if (obj->has("body_file")) {
                r.hasBody = true;
                r.body = readFile(obj->getValue<std::string>("body_file"));
            }
            r.expect = parseExpect(obj->getObject("expect"));
            out.push_back(std::move(r));
        } catch (const Poco::Exception& e) {
            throw std::runtime_error(file + ":" + std::to_string(lineNo) + ": " + e.displayText());
        } catch (const std::exception& e) {
            throw std::runtime_error(file + ":" + std::to_string(lineNo) + ": " + e.what());
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------- checks
std::size_t findIn(std::string_view hay, std::string_view needle, std::size_t from) {
    if (from > hay.size()) return std::string_view::npos;
    const void* p = ::memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
    return p ? static_cast<std::size_t>(static_cast<const char*>(p) - hay.data()) : std::string_view::npos;
}

long countOf(std::string_view hay, std::string_view needle) {
    long n = 0;
    for (std::size_t p = findIn(hay, needle, 0); p != std::string_view::npos;
         p = findIn(hay, needle, p + needle.size()))
        ++n;
    return n;
}

// iCalendar unfolding: CRLF or LF followed by one space or tab disappears; in XML text the CR
// may come as a character reference. Copies the text between line breaks in blocks.
std::string unfold(std::string_view s) {
    static constexpr std::string_view crRefs[] = {"&#13;", "&#xD;", "&#xd;", "&#x0D;", "&#x0d;"};
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const void* hit = std::memchr(s.data() + i, '\n', s.size() - i);
        std::size_t nl = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s.data()) : s.size();
        out.append(s.data() + i, nl - i);
        if (nl == s.size()) break;
        if (nl + 1 < s.size() && (s[nl + 1] == ' ' || s[nl + 1] == '\t')) {  // a fold: drop CR, LF, blank
            if (!out.empty() && out.back() == '\r') {
                out.pop_back();
            } else {
                for (std::string_view ref : crRefs) {
                    if (std::string_view(out).ends_with(ref)) {
                        out.resize(out.size() - ref.size());
                        break;
                    }
                }
            }
            i = nl + 2;
        } else {
            out.push_back('\n');
            i = nl + 1;
        }
    }
    return out;
}

bool nameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

// Offsets of the start tags "<name" or "<prefix:name" (followed by white space, '>' or '/').
std::vector<std::size_t> startTags(std::string_view s, std::string_view name) {
    std::vector<std::size_t> out;
    for (std::size_t p = s.find('<'); p != std::string_view::npos; p = s.find('<', p + 1)) {
        std::size_t q = p + 1;
        std::size_t e = q;
        while (e < s.size() && nameChar(s[e])) ++e;
        std::size_t local = (e < s.size() && s[e] == ':') ? e + 1 : q;
        if (s.substr(local, name.size()) != name) continue;
        std::size_t t = local + name.size();
        if (t < s.size() && (s[t] == ' ' || s[t] == '\t' || s[t] == '\r' || s[t] == '\n' || s[t] == '>' || s[t] == '/'))
            out.push_back(p);
    }
    return out;
}

std::string quoteShort(std::string_view s) {
    std::string t(s.substr(0, 80));
    return "\"" + t + (s.size() > 80 ? "…\"" : "\"");
}

// Where each group's first string occurs in the body (every occurrence, overlapping ones too,
// ascending). Many groups (a query answer with hundreds of objects, in whatever order the server
// chose) are found in one pass: at each byte that ends some key, the keys of that last byte are
// looked up by length in a hash map. A few groups are searched one by one.
std::vector<std::vector<std::size_t>> keyPositions(std::string_view body,
                                                   const std::vector<std::vector<std::string>>& groups) {
    std::vector<std::vector<std::size_t>> out(groups.size());
    if (groups.size() <= 8) {
        for (std::size_t gi = 0; gi < groups.size(); ++gi) {
            const std::string& key = groups[gi][0];
            for (std::size_t p = findIn(body, key, 0); p != std::string_view::npos; p = findIn(body, key, p + 1))
                out[gi].push_back(p);
        }
        return out;
    }
    std::unordered_map<std::string_view, std::vector<std::size_t>> byKey;  // key -> its groups
    std::array<std::vector<std::size_t>, 256> lengths;                        // last byte -> key lengths
    int lastBytes = 0;
    unsigned char onlyLast = 0;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        std::string_view key = groups[gi][0];
        byKey[key].push_back(gi);
        const auto last = static_cast<unsigned char>(key.back());
        auto& ls = lengths[last];
        if (ls.empty()) {
            ++lastBytes;
            onlyLast = last;
        }
        if (std::find(ls.begin(), ls.end(), key.size()) == ls.end()) ls.push_back(key.size());
    }
    auto at = [&](std::size_t q) {  // keys ending at body[q]
        for (std::size_t len : lengths[static_cast<unsigned char>(body[q])]) {
            if (len > q + 1) continue;
            auto it = byKey.find(body.substr(q + 1 - len, len));
            if (it != byKey.end())
                for (std::size_t gi : it->second) out[gi].push_back(q + 1 - len);
        }
    };
    if (lastBytes == 1) {
        for (const char* p = static_cast<const char*>(std::memchr(body.data(), onlyLast, body.size())); p;
             p = static_cast<const char*>(std::memchr(p + 1, onlyLast, body.size() - (p + 1 - body.data()))))
            at(static_cast<std::size_t>(p - body.data()));
    } else {
        for (std::size_t q = 0; q < body.size(); ++q)
            if (!lengths[static_cast<unsigned char>(body[q])].empty()) at(q);
    }
    return out;
}

std::optional<std::string> checkElements(std::string_view body, const ElementCheck& ec) {
    auto starts = startTags(body, ec.name);
    if (ec.n >= 0 && static_cast<long>(starts.size()) != ec.n)
        return "expected " + std::to_string(ec.n) + " <" + ec.name + "> elements, got " + std::to_string(starts.size());
    if (ec.groups.empty()) return std::nullopt;
    std::vector<bool> used(starts.size(), false);
    const auto positions = keyPositions(body, ec.groups);
    std::size_t last = 0;  // answers usually keep the order of the groups: search on from the last hit
    for (std::size_t gi = 0; gi < ec.groups.size(); ++gi) {
        const auto& g = ec.groups[gi];
        const auto& occ = positions[gi];
        const auto mid = std::lower_bound(occ.begin(), occ.end(), last);
        bool found = false;
        bool sawKey = false;
        // occurrences of the group's first string, from `last` to the end, then from the start
        for (int pass = 0; pass < 2 && !found; ++pass) {
            const auto from = pass == 0 ? mid : occ.begin();
            const auto to = pass == 0 ? occ.end() : mid;
            for (auto pi = from; pi != to; ++pi) {
                const std::size_t p = *pi;
                auto it = std::upper_bound(starts.begin(), starts.end(), p);
                if (it == starts.begin()) continue;  // before the first element
                std::size_t idx = static_cast<std::size_t>(it - starts.begin()) - 1;
                sawKey = true;
                if (used[idx]) continue;
                std::size_t segEnd = idx + 1 < starts.size() ? starts[idx + 1] : body.size();
                std::string_view seg = body.substr(starts[idx], segEnd - starts[idx]);
                bool all = true;
                for (std::size_t k = 1; k < g.size() && all; ++k) all = findIn(seg, g[k], 0) != std::string_view::npos;
                if (all) {
                    used[idx] = true;
                    last = p + 1;
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            if (!sawKey) return "no <" + ec.name + "> element with " + quoteShort(g[0]);
            std::string rest;
            for (std::size_t k = 1; k < g.size(); ++k) rest += (k > 1 ? ", " : "") + quoteShort(g[k]);
            return "the <" + ec.name + "> element with " + quoteShort(g[0]) + " lacks " + rest +
                   " (or it is shared with another expected group)";
        }
    }
    return std::nullopt;
}

// ------------------------------------------------------------------------- free-busy check
// The same reading as bench.py's freebusy_periods(), union() and ck_fb.
struct FreeBusyError {
    std::string what;
};

// bench.py's unfold(): re.sub(r"\r?\n[ \t]", "", text)
std::string unfoldIcal(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t')) {
            if (i > 0 && s[i - 1] == '\r' && !out.empty() && out.back() == '\r') out.pop_back();
            ++i;  // the blank
            continue;
        }
        out.push_back(s[i]);
    }
    return out;
}

// Python's str.splitlines() on the decoded text: \n, \r, \r\n, \v, \f, \x1c-\x1e and the
// UTF-8 forms of U+0085, U+2028, U+2029 end a line.
std::vector<std::string_view> splitLines(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t begin = 0, i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;  // length of the line break at i
        if (c == '\r') len = (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
        else if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e) len = 1;
        else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) len = 2;
        else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                 (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9))
            len = 3;
        if (len == 0) {
            ++i;
            continue;
        }
        out.push_back(s.substr(begin, i - begin));
        i += len;
        begin = i;
    }
    if (begin < s.size()) out.push_back(s.substr(begin));
    return out;
}

bool pySpace(char c) {  // str.strip()'s white space, ASCII part
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1f);
}

std::string_view strip(std::string_view s) {
    while (!s.empty() && pySpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && pySpace(s.back())) s.remove_suffix(1);
    return s;
}

std::string upperAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string pyRepr(std::string_view s) {
    std::string t(s.substr(0, 60));
    return "'" + t + (s.size() > 60 ? "…'" : "'");
}

long long daysFromCivil(long long y, unsigned m, unsigned d) {  // days since 1970-01-01 (proleptic Gregorian)
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// bench.py's ical_dt(): a UTC date-time YYYYMMDDTHHMMSSZ -> Unix seconds
long long icalDateTime(std::string_view v) {
    v = strip(v);
    if (v.empty() || v.back() != 'Z') throw FreeBusyError{"non-UTC date-time in a free-busy answer: " + pyRepr(v)};
    auto digits = [&](std::size_t at, std::size_t n, int& out) {
        out = 0;
        for (std::size_t k = at; k < at + n; ++k) {
            if (v[k] < '0' || v[k] > '9') return false;
            out = out * 10 + (v[k] - '0');
        }
        return true;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    bool ok = v.size() == 16 && (v[8] == 'T' || v[8] == 't') && digits(0, 4, y) && digits(4, 2, mo) &&
              digits(6, 2, d) && digits(9, 2, h) && digits(11, 2, mi) && digits(13, 2, sec);
    if (ok) {
        static constexpr int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        ok = y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= dim[mo - 1] + (mo == 2 && leap ? 1 : 0) && h <= 23 &&
             mi <= 59 && sec <= 59;
    }
    if (!ok) throw FreeBusyError{"bad date-time in a free-busy answer: " + pyRepr(v)};
    return daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec;
}

// bench.py's ical_dur(): [+-]P[nW][nD][T[nH][nM][nS]] -> seconds
long long icalDuration(std::string_view v) {
    v = strip(v);
    const std::string_view orig = v;
    auto bad = [&]() { return FreeBusyError{"bad duration " + pyRepr(orig) + " in a free-busy answer"}; };
    long long sign = 1;
    if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
        sign = v[0] == '-' ? -1 : 1;
        v.remove_prefix(1);
    }
    if (v.empty() || v[0] != 'P') throw bad();
    v.remove_prefix(1);
    // (number, unit) pairs in this order; the numbers saturate far beyond any period that matters
    static constexpr std::string_view units = "WDTHMS";
    static constexpr long long secs[] = {604800, 86400, 0, 3600, 60, 1};
    std::size_t next = 0;  // index in `units` of the next allowed unit
    long long total = 0;
    bool timePart = false;
    while (!v.empty()) {
        if (v[0] == 'T') {
            if (timePart) throw bad();
            timePart = true;
            next = 3;
            v.remove_prefix(1);
            continue;
        }
        std::size_t k = 0;
        long long n = 0;
        while (k < v.size() && v[k] >= '0' && v[k] <= '9') {
            n = std::min<long long>(n * 10 + (v[k] - '0'), 1000000000000LL);
            ++k;
        }
        if (k == 0 || k == v.size()) throw bad();
        const std::size_t u = units.find(v[k], next);
        if (u == std::string_view::npos || u == 2 || (u >= 3) != timePart) throw bad();
        total += n * secs[u];
        next = u + 1;
        v.remove_prefix(k + 1);
    }
    return sign * total;
}

// bench.py's union(): sorted, empty periods dropped, overlapping or adjacent ones joined
std::vector<Period> mergePeriods(std::vector<Period> v) {
    std::sort(v.begin(), v.end());
    std::vector<Period> out;
    for (const auto& [s, e] : v) {
        if (e <= s) continue;
        if (!out.empty() && s <= out.back().second)
            out.back().second = std::max(out.back().second, e);
        else
            out.emplace_back(s, e);
    }
    return out;
}

std::string utcStamp(long long t) {
    const long long days = (t >= 0 ? t : t - 86399) / 86400;
    const long long rem = t - days * 86400;
    // civil from days (H. Hinnant)
    const long long z = days + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
    const int secOfDay = static_cast<int>(rem);  // 0..86399
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02d%02d%02dZ", y, m, d, secOfDay / 3600, secOfDay / 60 % 60,
                  secOfDay % 60);
    return buf;
}

long long minutes(const std::vector<Period>& v) {
    long long sec = 0;
    for (const auto& [s, e] : v) sec += e - s;
    return sec / 60;
}

std::string firstDifference(const std::vector<Period>& want, const std::vector<Period>& got) {
    std::size_t k = 0;
    while (k < want.size() && k < got.size() && want[k] == got[k]) ++k;
    auto show = [](const std::vector<Period>& v, std::size_t k) {
        return k < v.size() ? utcStamp(v[k].first) + "/" + utcStamp(v[k].second) : std::string("nothing");
    };
    return "; first difference: period " + std::to_string(k + 1) + " expected " + show(want, k) + ", got " +
           show(got, k);
}

std::optional<std::string> checkFreeBusy(std::string_view body, const FreeBusyCheck& fb) {
    const std::string where = "time-range " + utcStamp(fb.start) + ".." + utcStamp(fb.end);
    std::vector<std::pair<std::string, std::vector<Period>>> per;  // FBTYPE -> periods, in order of appearance
    try {
        const std::string text = unfoldIcal(body);
        for (std::string_view line : splitLines(text)) {
            const std::size_t colon = line.find(':');
            const std::string_view name = line.substr(0, colon);
            const std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
            std::size_t semi = name.find(';');
            if (upperAscii(name.substr(0, semi)) != "FREEBUSY") continue;
            std::string fbtype = "BUSY";
            while (semi != std::string_view::npos) {
                const std::size_t from = semi + 1;
                semi = name.find(';', from);
                const std::string_view param = name.substr(from, semi == std::string_view::npos ? semi : semi - from);
                const std::size_t eq = param.find('=');
                if (upperAscii(param.substr(0, eq)) == "FBTYPE")
                    fbtype = eq == std::string_view::npos ? std::string() : upperAscii(param.substr(eq + 1));
            }
            auto it = std::find_if(per.begin(), per.end(), [&](const auto& p) { return p.first == fbtype; });
            if (it == per.end()) it = per.insert(per.end(), {fbtype, {}});
            std::size_t from = 0;
            for (;;) {
                const std::size_t comma = value.find(',', from);
                const std::string_view period =
                    value.substr(from, comma == std::string_view::npos ? comma : comma - from);
                const std::size_t slash = period.find('/');
                const long long s = icalDateTime(period.substr(0, slash));
                const std::string_view endPart =
                    slash == std::string_view::npos ? std::string_view() : period.substr(slash + 1);
                const std::string_view e0 = strip(endPart);
                const bool isDuration = !e0.empty() && (e0[0] == 'P' || e0[0] == 'p' || e0[0] == '+' || e0[0] == '-');
                const long long e = isDuration ? s + icalDuration(endPart) : icalDateTime(endPart);
                it->second.emplace_back(std::max(s, fb.start), std::min(e, fb.end));
                if (comma == std::string_view::npos) break;
                from = comma + 1;
            }
        }
    } catch (const FreeBusyError& e) {
        return where + ": " + e.what;
    }
    std::vector<Period> all;
    std::vector<Period> busy;
    std::vector<std::string> types;
    for (auto& [type, periods] : per) {
        types.push_back(type);
        if (type != "FREE") all.insert(all.end(), periods.begin(), periods.end());
        if (type == "BUSY") busy = periods;
    }
    std::sort(types.begin(), types.end());
    std::string seen;
    for (const auto& t : types) seen += (seen.empty() ? "" : ", ") + ("'" + t + "'");
    all = mergePeriods(std::move(all));
    busy = mergePeriods(std::move(busy));
    if (all != fb.busy)
        return where + ": busy time (all FBTYPEs but FREE) expected " + std::to_string(fb.busy.size()) +
               " merged periods / " + std::to_string(minutes(fb.busy)) + " min, got " + std::to_string(all.size()) +
               " / " + std::to_string(minutes(all)) + " min" + firstDifference(fb.busy, all) + "; FBTYPEs seen [" +
               seen + "]";
    if (busy != fb.confirmed)
        return where + ": FBTYPE=BUSY (STATUS:CONFIRMED) expected " + std::to_string(fb.confirmed.size()) +
               " merged periods / " + std::to_string(minutes(fb.confirmed)) + " min, got " +
               std::to_string(busy.size()) + " / " + std::to_string(minutes(busy)) + " min" +
               firstDifference(fb.confirmed, busy) + "; FBTYPEs seen [" + seen + "]";
    return std::nullopt;
}

std::optional<std::string> check(const Expect& x, int status, const std::string& data) {
    if (std::find(x.status.begin(), x.status.end(), status) == x.status.end()) {
        std::string ok;
        for (int s : x.status) ok += (ok.empty() ? "" : "/") + std::to_string(s);
        return "HTTP " + std::to_string(status) + " (expected " + ok + ")";
    }
    std::string unfolded;
    std::string_view body = data;
    if (x.unfold) {
        unfolded = unfold(data);
        body = unfolded;
    }
    for (const auto& c : x.contains)
        if (findIn(body, c, 0) == std::string_view::npos) return "body lacks " + quoteShort(c);
    for (const auto& c : x.counts) {
        long n = countOf(body, c.text);
        if (n != c.n)
            return "expected " + std::to_string(c.n) + " occurrences of " + quoteShort(c.text) + ", got " +
                   std::to_string(n);
    }
    for (const auto& ec : x.elements)
        if (auto e = checkElements(body, ec)) return e;
    if (x.freebusy)
        if (auto e = checkFreeBusy(data, *x.freebusy)) return e;  // the raw body: it unfolds as bench.py does
    return std::nullopt;
}

// ----------------------------------------------------------------------------------- client
struct Answer {
    int status = 0;
    std::string body;
    std::string error;  // non-empty: no answer (connection failure)
};

class Connection {
public:
    Connection(const std::string& host, unsigned short port, double timeout, std::string auth)
        : session_(host, port), auth_(std::move(auth)) {
        session_.setKeepAlive(true);
        session_.setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(timeout * 1e6)));
    }

    Answer send(const Request& r) {
        Answer a;
        for (int attempt = 0; attempt < 2; ++attempt) {  // once more: the server may have closed a kept-alive connection
            try {
                Poco::Net::HTTPRequest req(r.method, r.path, Poco::Net::HTTPMessage::HTTP_1_1);
                req.setKeepAlive(true);
                if (!auth_.empty()) req.set("Authorization", auth_);
                for (const auto& [k, v] : r.headers) req.set(k, v);
                if (r.hasBody) req.setContentLength(static_cast<std::streamsize>(r.body.size()));
                std::ostream& os = session_.sendRequest(req);
                if (r.hasBody) os.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
                Poco::Net::HTTPResponse resp;
                std::istream& is = session_.receiveResponse(resp);
                a.body.clear();
                if (resp.hasContentLength() && resp.getContentLength() > 0)
                    a.body.reserve(static_cast<std::size_t>(resp.getContentLength()));
                Poco::StreamCopier::copyToString(is, a.body);
                if (is.bad()) throw Poco::IOException("answer body could not be read");
                a.status = static_cast<int>(resp.getStatus());
                a.error.clear();
                return a;
            } catch (const Poco::Exception& e) {
                a.error = e.displayText();
            } catch (const std::exception& e) {
                a.error = e.what();
            }
            session_.reset();
        }
        a.status = 0;
        return a;
    }

private:
    Poco::Net::HTTPClientSession session_;
    std::string auth_;
};

struct Example {
    std::string method, path, detail, body;
    int status = 0;
};

struct Shared {
    const std::vector<Request>* requests = nullptr;
    long count = 0;  // request limit
    Clock::time_point deadline;
    bool hasDeadline = false;
    std::atomic<long> next{0};
    std::atomic<long long> bytes{0};  // answer bodies read, in all
    std::mutex mu;
    long wrong = 0;
    std::vector<Example> examples;
};

// Takes the next request index; -1 when the run is over.
long take(Shared& sh) {
    long i = sh.next.load();
    for (;;) {
        if (i >= sh.count) return -1;
        if (i >= 1 && sh.hasDeadline && Clock::now() > sh.deadline) return -1;
        if (sh.next.compare_exchange_weak(i, i + 1)) return i;
    }
}

void runOne(Shared& sh, Connection& c, long i, std::vector<double>& lats) {
    const auto& reqs = *sh.requests;
    const Request& r = reqs[static_cast<std::size_t>(i) % reqs.size()];
    auto t0 = Clock::now();
    Answer a = c.send(r);
    double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    lats.push_back(dt);
    sh.bytes += static_cast<long long>(a.body.size());
    std::optional<std::string> err;
    if (!a.error.empty())
        err = "no answer: " + a.error;
    else
        err = check(r.expect, a.status, a.body);
    if (err) {
        std::lock_guard<std::mutex> g(sh.mu);
        ++sh.wrong;
        if (sh.examples.size() < 3)
            sh.examples.push_back({r.method, r.path, *err, a.body.substr(0, 200), a.status});
    }
}

double pct(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return std::nan("");
    const long n = static_cast<long>(sorted.size());
    // Python: int(round(p / 100.0 * n + 0.5)) - 1 with round half to even (nearbyint, default mode)
    long k = static_cast<long>(std::nearbyint(p / 100.0 * static_cast<double>(n) + 0.5)) - 1;
    k = std::max(0L, std::min(n - 1, k));
    return sorted[static_cast<std::size_t>(k)];
}

std::string jsonString(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(static_cast<char>(c));  // UTF-8 passes through (the reader replaces invalid bytes)
            }
        }
    }
    return out + "\"";
}

std::string num(double v, int prec = 3) {
    if (std::isnan(v)) return "null";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", prec, v);
    return buf;
}

std::string basicAuth(const std::string& user, const std::string& password) {
    std::ostringstream s;
    Poco::Base64Encoder enc(s);
    enc.rdbuf()->setLineLength(0);
    enc << user << ':' << password;
    enc.close();
    return "Basic " + s.str();
}

double cpuSeconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return sec(ru.ru_utime) + sec(ru.ru_stime);
}

Options parseArgs(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(a + " needs a value");
            return argv[++i];
        };
        auto number = [&]() -> double {
            std::string v = value();
            char* end = nullptr;
            double d = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || d < 0) usage("bad value for " + a + ": " + v);
            return d;
        };
        if (a == "--base") o.base = value();
        else if (a == "--user") { o.user = value(); o.auth = true; }
        else if (a == "--password") { o.password = value(); o.auth = true; }
        else if (a == "--concurrency") o.concurrency = static_cast<int>(number());
        else if (a == "--max-requests") o.maxRequests = static_cast<long>(number());
        else if (a == "--duration") o.duration = number();
        else if (a == "--probe") o.probe = number();
        else if (a == "--timeout") o.timeout = number();
        else if (a == "--requests") o.requests = value();
        else if (a == "-h" || a == "--help") usage("help");
        else usage("unknown argument " + a);
    }
    if (o.base.empty() || o.requests.empty()) usage("--base and --requests are required");
    if (o.concurrency < 1) usage("--concurrency must be at least 1");
    if (o.maxRequests <= 0 && o.duration <= 0) usage("give --max-requests or --duration");
    if (o.timeout <= 0) usage("--timeout must be positive");
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parseArgs(argc, argv);
    std::vector<Request> requests;
    std::string host;
    unsigned short port = 0;
    try {
        Poco::URI uri(o.base);
        if (uri.getScheme() != "http") usage("--base must be an http:// URL");
        host = uri.getHost();
        port = uri.getPort();
        requests = loadRequests(o.requests);
    } catch (const Poco::Exception& e) {
        std::cerr << "caldav_loadgen: " << e.displayText() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "caldav_loadgen: " << e.what() << "\n";
        return 2;
    }
    if (requests.empty()) {
        std::cerr << "caldav_loadgen: no requests in " << o.requests << "\n";
        return 2;
    }
    const std::string auth = o.auth ? basicAuth(o.user, o.password) : std::string();

    Shared sh;
    sh.requests = &requests;
    sh.count = o.maxRequests > 0 ? o.maxRequests : std::numeric_limits<long>::max();
    const double cpu0 = cpuSeconds();
    const auto tStart = Clock::now();
    if (o.duration > 0) {
        sh.hasDeadline = true;
        sh.deadline = tStart + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration));
    }
    std::vector<std::vector<double>> lats(static_cast<std::size_t>(o.concurrency) + 1);
    int concurrency = o.concurrency;
    if (o.probe > 0 && sh.count > 1) {  // request 0 alone; a slow server then gets one connection
        Connection c(host, port, o.timeout, auth);
        long i = take(sh);
        if (i >= 0) runOne(sh, c, i, lats.back());
        if (!lats.back().empty() && lats.back()[0] > o.probe) concurrency = 1;
    }
    std::vector<std::thread> threads;
    for (int t = 0; t < concurrency; ++t) {
        threads.emplace_back([&, t] {
            Connection c(host, port, o.timeout, auth);
            auto& mine = lats[static_cast<std::size_t>(t)];
            for (long i = take(sh); i >= 0; i = take(sh)) runOne(sh, c, i, mine);
        });
    }
    for (auto& t : threads) t.join();
    const double wall = std::chrono::duration<double>(Clock::now() - tStart).count();
    const double cpu = cpuSeconds() - cpu0;

    std::vector<double> all;
    for (auto& v : lats) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    const std::size_t n = all.size();
    std::string out = "{";
    out += "\"requests\": " + std::to_string(n);
    out += ", \"wall_s\": " + num(wall, 6);
    out += ", \"rps\": " + (wall > 0 ? num(static_cast<double>(n) / wall, 3) : std::string("null"));
    out += ", \"concurrency\": " + std::to_string(concurrency);
    out += ", \"p50_ms\": " + num(pct(all, 50) * 1000.0);
    out += ", \"p95_ms\": " + num(pct(all, 95) * 1000.0);
    out += ", \"p99_ms\": " + num(pct(all, 99) * 1000.0);
    out += ", \"max_ms\": " + num(n ? all.back() * 1000.0 : std::nan(""));
    out += ", \"wrong\": " + std::to_string(sh.wrong);
    out += ", \"errors\": [";
    for (std::size_t k = 0; k < sh.examples.size(); ++k) {
        const auto& e = sh.examples[k];
        out += (k ? ", " : "") + std::string("{\"method\": ") + jsonString(e.method) + ", \"path\": " +
               jsonString(e.path) + ", \"status\": " + std::to_string(e.status) + ", \"detail\": " +
               jsonString(e.detail) + ", \"body\": " + jsonString(e.body) + "}";
    }
    out += "], \"cpu_s\": " + num(cpu, 3);
    out += ", \"answer_bytes\": " + std::to_string(n ? sh.bytes.load() / static_cast<long long>(n) : 0) + "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    return 0;
}
