#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);
const DataType kInt32 = DataType::Of(TypeId::kInt32);
const DataType kBool = DataType::Of(TypeId::kBool);

Status Unsupported(const std::string& what) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       what + " in regular expressions is not supported");
}

bool IsQuantifierEnd(char c) {
  return c == '*' || c == '+' || c == '?' || c == '}';
}

// A PostgreSQL advanced regular expression rewritten in RE2 syntax. The two
// agree on the common subset; PostgreSQL-only constructs RE2 would read
// differently (or not at all) are refused with 0A000 rather than matched
// wrongly. `non_greedy` tells whether any quantifier is non-greedy, which
// decides between leftmost-longest and leftmost-first matching.
Result<std::string> TranslatePattern(std::string_view pattern, bool& non_greedy) {
  if (pattern.starts_with("***")) return Unsupported("the *** director prefix");
  std::string out;
  out.reserve(pattern.size() + 8);
  non_greedy = false;
  bool in_bracket = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (in_bracket) {
      if (c == '[' && i + 1 < pattern.size() && (pattern[i + 1] == '.' || pattern[i + 1] == '=')) {
        return Unsupported("a collating element or equivalence class");
      }
      if (c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
        size_t close = pattern.find(":]", i + 2);
        if (close == std::string_view::npos) break;
        out.append(pattern.substr(i, close + 2 - i));
        i = close + 1;
        continue;
      }
      if (c == '\\' && i + 1 < pattern.size()) {
        // Inside brackets RE2 and PostgreSQL read \b differently (backspace there).
        out.append(pattern[i + 1] == 'b' ? "\\x08" : std::string{c, pattern[i + 1]});
        ++i;
        continue;
      }
      if (c == ']') in_bracket = false;
      out.push_back(c);
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size()) {
      char next = pattern[++i];
      switch (next) {
        case 'y':
          out.append("\\b");
          break;
        case 'Y':
          out.append("\\B");
          break;
        case 'Z':
          out.append("\\z");
          break;
        case 'b':
          out.append("\\x08");
          break;
        case 'm':
        case 'M':
          return Unsupported("the word-boundary escape \\" + std::string(1, next));
        default:
          if (next >= '1' && next <= '9') return Unsupported("a back reference");
          out.push_back(c);
          out.push_back(next);
      }
      continue;
    }
    if (c == '(' && i + 2 < pattern.size() && pattern[i + 1] == '?' &&
        (pattern[i + 2] == '=' || pattern[i + 2] == '!' || pattern[i + 2] == '<')) {
      return Unsupported("a lookahead or lookbehind constraint");
    }
    if (c == '?' && i > 0 && IsQuantifierEnd(pattern[i - 1]) &&
        !(i > 1 && pattern[i - 2] == '\\')) {
      non_greedy = true;
    }
    if (c == '[') {
      in_bracket = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal member, not the end.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out.push_back(pattern[++i]);
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out.push_back(pattern[++i]);
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// A compiled pattern reused while consecutive rows bring the same pattern
// text: a constant pattern compiles once per kernel call.
class PatternCache {
 public:
  Result<const RE2*> Get(std::string_view pattern, bool case_insensitive) {
    if (re_ != nullptr && pattern == pattern_ && case_insensitive == case_insensitive_) {
      return re_.get();
    }
    bool non_greedy = false;
    ASSIGN_OR_RETURN(std::string translated, TranslatePattern(pattern, non_greedy));
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!case_insensitive);
    // PostgreSQL's '.' matches newlines and ^/$ anchor at the text's ends.
    options.set_dot_nl(true);
    // A pattern without non-greedy quantifiers is greedy as a whole in
    // PostgreSQL: it takes the longest match at the leftmost position.
    options.set_longest_match(!non_greedy);
    auto re = std::make_unique<RE2>(translated, options);
    if (!re->ok()) {
      re_.reset();
      return Status::Error(ErrorCode::kInvalidRegex, "invalid regular expression: " + re->error());
    }
    re_ = std::move(re);
    pattern_.assign(pattern);
    case_insensitive_ = case_insensitive;
    return re_.get();
  }

 private:
  std::unique_ptr<RE2> re_;
  std::string pattern_;
  bool case_insensitive_ = false;
};

re2::StringPiece Piece(std::string_view s) {
  return re2::StringPiece(s.data(), s.size());
}

// text ~ pattern (~* ignores case; the !~ forms negate).
template <bool kCaseInsensitive, bool kNegated>
Status RegexMatch(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* text = args[0].data<std::string_view>();
  const auto* pattern = args[1].data<std::string_view>();
  uint8_t* r = out.data<uint8_t>();
  PatternCache cache;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    ASSIGN_OR_RETURN(const RE2* re, cache.Get(pattern[i], kCaseInsensitive));
    r[i] = RE2::PartialMatch(Piece(text[i]), *re) != kNegated;
  }
  return Status::Ok();
}

struct ReplaceFlags {
  bool global = false;
  bool case_insensitive = false;
};

Result<ReplaceFlags> ParseFlags(std::string_view flags) {
  ReplaceFlags parsed;
  for (char f : flags) {
    switch (f) {
      case 'g':
        parsed.global = true;
        break;
      case 'i':
        parsed.case_insensitive = true;
        break;
      case 'c':
        parsed.case_insensitive = false;
        break;
      case 'b':
      case 'e':
      case 'm':
      case 'n':
      case 'p':
      case 'q':
      case 's':
      case 't':
      case 'w':
      case 'x':
        return Status::Error(
            ErrorCode::kFeatureNotSupported,
            "regular expression option \"" + std::string(1, f) + "\" is not supported");
      default:
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             "invalid regular expression option: \"" + std::string(1, f) + "\"");
    }
  }
  return parsed;
}

// Appends the replacement for one match: \1..\9 are capture groups, \& the
// whole match, \\ a backslash; any other backslash stays as written.
void AppendReplacement(std::string_view replacement, const re2::StringPiece* groups,
                       int group_count, std::string& out) {
  for (size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c != '\\' || i + 1 == replacement.size()) {
      out.push_back(c);
      continue;
    }
    char next = replacement[i + 1];
    if (next >= '1' && next <= '9') {
      int group = next - '0';
      if (group < group_count) out.append(groups[group].data(), groups[group].size());
      ++i;
    } else if (next == '&') {
      out.append(groups[0].data(), groups[0].size());
      ++i;
    } else if (next == '\\') {
      out.push_back('\\');
      ++i;
    } else {
      out.push_back(c);
    }
  }
}

void ReplaceMatches(const RE2& re, std::string_view text, std::string_view replacement, bool global,
                    std::string& out) {
  constexpr int kMaxGroups = 10;
  int group_count = std::min(re.NumberOfCapturingGroups() + 1, kMaxGroups);
  re2::StringPiece groups[kMaxGroups];
  re2::StringPiece input = Piece(text);
  size_t pos = 0;
  out.clear();
  while (pos <= text.size() &&
         re.Match(input, pos, text.size(), RE2::UNANCHORED, groups, group_count)) {
    size_t start = groups[0].data() - text.data();
    size_t end = start + groups[0].size();
    out.append(text.substr(pos, start - pos));
    AppendReplacement(replacement, groups, group_count, out);
    if (!global) {
      pos = end;
      break;
    }
    if (end == start) {
      // An empty match advances by one character so the scan terminates.
      if (end < text.size()) out.push_back(text[end]);
      pos = end + 1;
    } else {
      pos = end;
    }
  }
  if (pos < text.size()) out.append(text.substr(pos));
}

template <bool kWithFlags>
Status RegexpReplace(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* text = args[0].data<std::string_view>();
  const auto* pattern = args[1].data<std::string_view>();
  const auto* replacement = args[2].data<std::string_view>();
  auto* r = out.data<std::string_view>();
  PatternCache cache;
  std::string_view last_flags;
  ReplaceFlags flags;
  bool flags_parsed = false;
  std::string buffer;
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if constexpr (kWithFlags) {
      std::string_view f = args[3].data<std::string_view>()[i];
      if (!flags_parsed || f != last_flags) {
        ASSIGN_OR_RETURN(flags, ParseFlags(f));
        last_flags = f;
        flags_parsed = true;
      }
    }
    ASSIGN_OR_RETURN(const RE2* re, cache.Get(pattern[i], flags.case_insensitive));
    ReplaceMatches(*re, text[i], replacement[i], flags.global, buffer);
    r[i] = out.AddString(buffer);
  }
  return Status::Ok();
}

// regexp_replace's PostgreSQL 15 start / N positions.
Status RegexpReplacePositions(const ColumnVector*, size_t, const EvalContext&, ColumnVector&) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "regexp_replace with start or N arguments is not supported");
}

}  // namespace

void RegisterRegexFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("~", {kText, kText}, kBool, RegexMatch<false, false>);
  catalog.AddScalar("~*", {kText, kText}, kBool, RegexMatch<true, false>);
  catalog.AddScalar("!~", {kText, kText}, kBool, RegexMatch<false, true>);
  catalog.AddScalar("!~*", {kText, kText}, kBool, RegexMatch<true, true>);
  catalog.AddScalar("regexp_replace", {kText, kText, kText}, kText, RegexpReplace<false>);
  catalog.AddScalar("regexp_replace", {kText, kText, kText, kText}, kText, RegexpReplace<true>);
  catalog.AddScalar("regexp_replace", {kText, kText, kText, kInt32}, kText, RegexpReplacePositions);
  catalog.AddScalar("regexp_replace", {kText, kText, kText, kInt32, kInt32}, kText,
                    RegexpReplacePositions);
  catalog.AddScalar("regexp_replace", {kText, kText, kText, kInt32, kInt32, kText}, kText,
                    RegexpReplacePositions);
}

}  // namespace sundial::exec
