#include "exec/like_matcher.h"

#include <cstddef>

namespace sundial::exec {
namespace {

size_t CharLength(char lead) {
  auto c = static_cast<unsigned char>(lead);
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

char Fold(char c, bool case_insensitive) {
  return case_insensitive && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool LikeMatch(std::string_view text, std::string_view pattern, bool case_insensitive) {
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t si = 0;
  size_t pi = 0;
  size_t star_pattern = kNone;
  size_t star_text = 0;
  // Greedy matching with one backtrack point: on a mismatch the last '%'
  // swallows one more character. Exact for patterns of '%', '_' and literals.
  while (si < text.size()) {
    if (pi < pattern.size()) {
      char p = pattern[pi];
      if (p == '%') {
        star_pattern = ++pi;
        star_text = si;
        continue;
      }
      if (p == '_') {
        si += CharLength(text[si]);
        ++pi;
        continue;
      }
      size_t width = 1;
      if (p == '\\' && pi + 1 < pattern.size()) {
        p = pattern[pi + 1];
        width = 2;
      }
      if (Fold(text[si], case_insensitive) == Fold(p, case_insensitive)) {
        ++si;
        pi += width;
        continue;
      }
    }
    if (star_pattern == kNone) return false;
    star_text += CharLength(text[star_text]);
    si = star_text;
    pi = star_pattern;
  }
  while (pi < pattern.size() && pattern[pi] == '%')
    ++pi;
  return pi == pattern.size();
}

}  // namespace sundial::exec
