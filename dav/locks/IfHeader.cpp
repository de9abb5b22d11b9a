#include "dav/locks/IfHeader.h"

#include "dav/Href.h"
#include "dav/HttpError.h"

namespace caldav::dav::locks {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool atEnd() {
    skipSpace();
    return pos_ >= text_.size();
  }
  char peek() {
    skipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool consumeWord(std::string_view word) {
    skipSpace();
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  // Reads up to and including `close`, returning what lies between.
  std::string until(char close) {
    auto end = text_.find(close, pos_);
    if (end == std::string_view::npos) fail("unterminated token");
    std::string out(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
  }
  [[noreturn]] static void fail(const std::string& why) { throw HttpError(400, "Malformed If header: " + why); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

IfList parseList(Scanner& scanner) {
  IfList list;
  while (!scanner.consume(')')) {
    if (scanner.atEnd()) Scanner::fail("unterminated list");
    IfCondition condition;
    condition.isNegated = scanner.consumeWord("Not");
    if (scanner.consume('<')) {
      condition.value = scanner.until('>');
    } else if (scanner.consume('[')) {
      condition.isEtag = true;
      condition.value = scanner.until(']');
      if (condition.value.rfind("W/", 0) == 0) condition.value = condition.value.substr(2);
    } else {
      Scanner::fail("expected a state token or an entity tag");
    }
    list.conditions.push_back(std::move(condition));
  }
  if (list.conditions.empty()) Scanner::fail("empty list");
  return list;
}

}  // namespace

std::vector<std::string> IfHeader::submittedTokens() const {
  std::vector<std::string> tokens;
  for (const auto& list : lists) {
    for (const auto& condition : list.conditions) {
      if (!condition.isEtag) tokens.push_back(condition.value);
    }
  }
  return tokens;
}

IfHeader parseIfHeader(std::string_view text) {
  IfHeader header;
  Scanner scanner(text);
  std::optional<std::string> currentTag;
  while (!scanner.atEnd()) {
    if (scanner.consume('<')) {
      currentTag = resolveTarget(scanner.until('>')).path;
      if (scanner.peek() != '(') Scanner::fail("a resource tag must be followed by a list");
    } else if (scanner.consume('(')) {
      IfList list = parseList(scanner);
      list.resourcePath = currentTag;
      header.lists.push_back(std::move(list));
    } else {
      Scanner::fail("unexpected character");
    }
  }
  if (header.lists.empty()) Scanner::fail("no lists");
  return header;
}

}  // namespace caldav::dav::locks
