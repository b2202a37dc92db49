#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "common/quote_ident.h"
#include "exec/function_catalog.h"
#include "exec/kernel_util.h"

namespace sundial::exec {
namespace {

const DataType kText = DataType::Of(TypeId::kText);
const DataType kInt32 = DataType::Of(TypeId::kInt32);
const DataType kBool = DataType::Of(TypeId::kBool);

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

int64_t CharCount(std::string_view s) {
  int64_t count = 0;
  for (char c : s)
    count += !IsContinuationByte(c);
  return count;
}

// Byte offset of character `index` (0-based), clamped to the end.
size_t ByteOffsetOfChar(std::string_view s, int64_t index) {
  size_t byte = 0;
  for (int64_t seen = 0; byte < s.size(); ++byte) {
    if (!IsContinuationByte(s[byte])) {
      if (seen == index) return byte;
      ++seen;
    }
  }
  return s.size();
}

// Stores f(row) for every non-NULL row. f returns a view into out's heap or
// into an argument whose strings out keeps alive.
template <typename F>
void MapStrings(size_t n, ColumnVector& out, F f) {
  auto* r = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i)) r[i] = f(i);
  }
}

Status Concat(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* a = args[0].data<std::string_view>();
  const auto* b = args[1].data<std::string_view>();
  std::string buffer;
  MapStrings(n, out, [&](size_t i) {
    buffer.assign(a[i]);
    buffer.append(b[i]);
    return out.AddString(buffer);
  });
  return Status::Ok();
}

// concat / concat_ws take any number of arguments of any type; the binder
// casts every argument to text, and one kernel is instantiated per arity.
constexpr size_t kMaxConcatArgs = 32;

// concat: the arguments' text joined, NULLs skipped; never NULL itself.
template <size_t N>
Status ConcatAll(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  std::string buffer;
  auto* r = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    buffer.clear();
    for (size_t k = 0; k < N; ++k) {
      if (!args[k].IsNull(i)) buffer.append(args[k].data<std::string_view>()[i]);
    }
    r[i] = out.AddString(buffer);
  }
  return Status::Ok();
}

// concat_ws(separator, ...): NULL when the separator is NULL; NULL values are
// skipped without a separator of their own.
template <size_t N>
Status ConcatWithSeparator(const ColumnVector* args, size_t n, const EvalContext&,
                           ColumnVector& out) {
  std::string buffer;
  auto* r = out.data<std::string_view>();
  const auto* separator = args[0].data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (args[0].IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    buffer.clear();
    bool first = true;
    for (size_t k = 1; k < N; ++k) {
      if (args[k].IsNull(i)) continue;
      if (!first) buffer.append(separator[i]);
      buffer.append(args[k].data<std::string_view>()[i]);
      first = false;
    }
    r[i] = out.AddString(buffer);
  }
  return Status::Ok();
}

template <size_t... kArity>
void RegisterConcat(FunctionCatalog& catalog, std::index_sequence<kArity...>) {
  (catalog.AddScalar("concat", std::vector<DataType>(kArity + 1, kText), kText,
                     ConcatAll<kArity + 1>, /*strict=*/false),
   ...);
  (catalog.AddScalar("concat_ws", std::vector<DataType>(kArity + 2, kText), kText,
                     ConcatWithSeparator<kArity + 2>, /*strict=*/false),
   ...);
}

template <int (*Convert)(int)>
Status MapCase(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* a = args[0].data<std::string_view>();
  std::string buffer;
  MapStrings(n, out, [&](size_t i) {
    buffer.assign(a[i]);
    for (char& c : buffer) {
      if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(Convert(c));
    }
    return out.AddString(buffer);
  });
  return Status::Ok();
}

Status Length(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  UnaryLoop<std::string_view, int32_t>(
      args[0], n, out, [](std::string_view s) { return static_cast<int32_t>(CharCount(s)); });
  return Status::Ok();
}

Status OctetLength(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  UnaryLoop<std::string_view, int32_t>(
      args[0], n, out, [](std::string_view s) { return static_cast<int32_t>(s.size()); });
  return Status::Ok();
}

// substr(s, start [, count]) with 1-based start; characters before position 1
// count against `count`, as in PostgreSQL.
std::string_view Substring(std::string_view s, int64_t start, int64_t count) {
  int64_t end = count < 0 ? INT64_MAX : start + count;  // exclusive, 1-based
  int64_t first = std::max<int64_t>(start, 1);
  if (end <= first) return {};
  size_t begin_byte = ByteOffsetOfChar(s, first - 1);
  std::string_view rest = s.substr(begin_byte);
  if (end == INT64_MAX) return rest;
  return rest.substr(0, ByteOffsetOfChar(rest, end - first));
}

Status Substr2(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* s = args[0].data<std::string_view>();
  const auto* start = args[1].data<int32_t>();
  MapStrings(n, out, [&](size_t i) { return Substring(s[i], start[i], -1); });
  out.KeepStringsOf(args[0]);
  return Status::Ok();
}

Status Substr3(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* s = args[0].data<std::string_view>();
  const auto* start = args[1].data<int32_t>();
  const auto* count = args[2].data<int32_t>();
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i) && count[i] < 0) {
      return Status::Error(ErrorCode::kInvalidParameterValue,
                           "negative substring length not allowed");
    }
  }
  MapStrings(n, out, [&](size_t i) { return Substring(s[i], start[i], count[i]); });
  out.KeepStringsOf(args[0]);
  return Status::Ok();
}

Status Left(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* s = args[0].data<std::string_view>();
  const auto* k = args[1].data<int32_t>();
  MapStrings(n, out, [&](size_t i) {
    int64_t chars = k[i] >= 0 ? k[i] : std::max<int64_t>(0, CharCount(s[i]) + k[i]);
    return s[i].substr(0, ByteOffsetOfChar(s[i], chars));
  });
  out.KeepStringsOf(args[0]);
  return Status::Ok();
}

Status Right(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* s = args[0].data<std::string_view>();
  const auto* k = args[1].data<int32_t>();
  MapStrings(n, out, [&](size_t i) {
    int64_t total = CharCount(s[i]);
    int64_t skip = k[i] >= 0 ? std::max<int64_t>(0, total - k[i]) : std::min<int64_t>(total, -k[i]);
    return s[i].substr(ByteOffsetOfChar(s[i], skip));
  });
  out.KeepStringsOf(args[0]);
  return Status::Ok();
}

Status Replace(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* s = args[0].data<std::string_view>();
  const auto* from = args[1].data<std::string_view>();
  const auto* to = args[2].data<std::string_view>();
  std::string buffer;
  MapStrings(n, out, [&](size_t i) {
    if (from[i].empty()) return out.AddString(s[i]);
    buffer.clear();
    size_t pos = 0;
    while (true) {
      size_t hit = s[i].find(from[i], pos);
      if (hit == std::string_view::npos) break;
      buffer.append(s[i].substr(pos, hit - pos));
      buffer.append(to[i]);
      pos = hit + from[i].size();
    }
    buffer.append(s[i].substr(pos));
    return out.AddString(buffer);
  });
  return Status::Ok();
}

// The UTF-8 characters of `s`, each as its bytes.
std::vector<std::string_view> Utf8Characters(std::string_view s) {
  std::vector<std::string_view> characters;
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i + 1;
    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80)
      ++next;
    characters.push_back(s.substr(i, next - i));
    i = next;
  }
  return characters;
}

// btrim / ltrim / rtrim: removes the longest prefix and/or suffix made of
// characters of `set` (a space without a second argument), character by
// character as PostgreSQL does for multibyte text.
template <bool kLeading, bool kTrailing, bool kWithSet>
Status TrimCharacters(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* s = args[0].data<std::string_view>();
  const auto* sets = kWithSet ? args[1].data<std::string_view>() : nullptr;
  MapStrings(n, out, [&](size_t i) {
    const std::vector<std::string_view> set =
        sets != nullptr ? Utf8Characters(sets[i]) : std::vector<std::string_view>{" "};
    auto in_set = [&](std::string_view character) {
      return std::find(set.begin(), set.end(), character) != set.end();
    };
    std::string_view v = s[i];
    if (kLeading) {
      while (!v.empty()) {
        size_t length = 1;
        while (length < v.size() && (static_cast<unsigned char>(v[length]) & 0xC0) == 0x80) {
          ++length;
        }
        if (!in_set(v.substr(0, length))) break;
        v.remove_prefix(length);
      }
    }
    if (kTrailing) {
      while (!v.empty()) {
        size_t start = v.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(v[start]) & 0xC0) == 0x80)
          --start;
        if (!in_set(v.substr(start))) break;
        v.remove_suffix(v.size() - start);
      }
    }
    return v;
  });
  out.KeepStringsOf(args[0]);
  return Status::Ok();
}

Status StrPos(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  BinaryLoop<std::string_view, std::string_view, int32_t>(
      args[0], args[1], n, out, [](std::string_view s, std::string_view needle) {
        size_t hit = s.find(needle);
        return hit == std::string_view::npos
                   ? 0
                   : static_cast<int32_t>(CharCount(s.substr(0, hit)) + 1);
      });
  return Status::Ok();
}

Status StartsWith(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  BinaryLoop<std::string_view, std::string_view, uint8_t>(
      args[0], args[1], n, out,
      [](std::string_view s, std::string_view prefix) { return s.starts_with(prefix); });
  return Status::Ok();
}

Status QuoteIdentKernel(const ColumnVector* args, size_t n, const EvalContext&, ColumnVector& out) {
  const auto* in = args[0].data<std::string_view>();
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (!out.IsNull(i)) values[i] = out.AddString(QuoteIdent(in[i]));
  }
  return Status::Ok();
}

int ToLower(int c) {
  return std::tolower(c);
}
int ToUpper(int c) {
  return std::toupper(c);
}

}  // namespace

void RegisterStringFunctions(FunctionCatalog& catalog) {
  catalog.AddScalar("||", {kText, kText}, kText, Concat);
  catalog.AddScalar("lower", {kText}, kText, MapCase<ToLower>);
  catalog.AddScalar("upper", {kText}, kText, MapCase<ToUpper>);
  catalog.AddScalar("length", {kText}, kInt32, Length);
  catalog.AddScalar("char_length", {kText}, kInt32, Length);
  catalog.AddScalar("character_length", {kText}, kInt32, Length);
  catalog.AddScalar("octet_length", {kText}, kInt32, OctetLength);
  for (const char* name : {"substr", "substring"}) {
    catalog.AddScalar(name, {kText, kInt32}, kText, Substr2);
    catalog.AddScalar(name, {kText, kInt32, kInt32}, kText, Substr3);
  }
  catalog.AddScalar("left", {kText, kInt32}, kText, Left);
  catalog.AddScalar("right", {kText, kInt32}, kText, Right);
  catalog.AddScalar("replace", {kText, kText, kText}, kText, Replace);
  catalog.AddScalar("btrim", {kText}, kText, TrimCharacters<true, true, false>);
  catalog.AddScalar("btrim", {kText, kText}, kText, TrimCharacters<true, true, true>);
  catalog.AddScalar("ltrim", {kText}, kText, TrimCharacters<true, false, false>);
  catalog.AddScalar("ltrim", {kText, kText}, kText, TrimCharacters<true, false, true>);
  catalog.AddScalar("rtrim", {kText}, kText, TrimCharacters<false, true, false>);
  catalog.AddScalar("rtrim", {kText, kText}, kText, TrimCharacters<false, true, true>);
  catalog.AddScalar("strpos", {kText, kText}, kInt32, StrPos);
  catalog.AddScalar("starts_with", {kText, kText}, kBool, StartsWith);
  catalog.AddScalar("quote_ident", {kText}, kText, QuoteIdentKernel);
  RegisterConcat(catalog, std::make_index_sequence<kMaxConcatArgs>{});
}

}  // namespace sundial::exec
