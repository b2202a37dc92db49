// Text input/output functions of every type, matching PostgreSQL 15's
// boolin/int4in/float8in/varcharin and their output counterparts. Both
// directions run once per value on COPY and on the text wire format, so they
// parse in place and append to the caller's buffer.

#include "common/value_text.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/array_text.h"
#include "common/bytea_text.h"
#include "common/datetime.h"
#include "common/json_text.h"
#include "common/numeric.h"
#include "common/uuid_text.h"

namespace sundial {

// The digits form an integer below 2^53 and 10^k (k <= 15) is exact, so one
// IEEE division is correctly rounded: the same double std::from_chars reads.
bool ParseShortDecimal(std::string_view s, double& out) {
  static constexpr double kPowers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  size_t i = 0;
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    i = 1;
  }
  int64_t mantissa = 0;
  int digits = 0;
  int fraction_digits = -1;  // -1 until a '.' is seen
  bool any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (mantissa != 0 || c != '0') ++digits;
      mantissa = mantissa * 10 + (c - '0');
      if (fraction_digits >= 0) ++fraction_digits;
      if (digits > 15 || fraction_digits > 15) return false;
    } else if (c == '.' && fraction_digits < 0) {
      fraction_digits = 0;
    } else {
      return false;
    }
  }
  if (!any) return false;
  double value = static_cast<double>(mantissa);
  if (fraction_digits > 0) value /= kPowers[fraction_digits];
  out = negative ? -value : value;
  return true;
}

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back()))
    s.remove_suffix(1);
  return s;
}

// Case-insensitive: is `s` a prefix of `word` at least `min_length` long?
bool IsPrefixOf(std::string_view s, std::string_view word, size_t min_length) {
  if (s.size() < min_length || s.size() > word.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (Lower(s[i]) != word[i]) return false;
  }
  return true;
}

bool EqualsIgnoreCase(std::string_view s, std::string_view lower) {
  return s.size() == lower.size() && IsPrefixOf(s, lower, 0);
}

Status InvalidSyntax(std::string_view type_name, std::string_view text) {
  return Status::Error(ErrorCode::kInvalidTextRepresentation,
                       fmt::format("invalid input syntax for type {}: \"{}\"", type_name, text));
}

Result<bool> ParseBool(std::string_view text) {
  std::string_view s = Trim(text);
  if (!s.empty()) {
    switch (Lower(s[0])) {
      case 't':
        if (IsPrefixOf(s, "true", 1)) return true;
        break;
      case 'f':
        if (IsPrefixOf(s, "false", 1)) return false;
        break;
      case 'y':
        if (IsPrefixOf(s, "yes", 1)) return true;
        break;
      case 'n':
        if (IsPrefixOf(s, "no", 1)) return false;
        break;
      case 'o':
        // "o" alone is ambiguous between on and off.
        if (EqualsIgnoreCase(s, "on")) return true;
        if (IsPrefixOf(s, "off", 2)) return false;
        break;
      case '1':
        if (s.size() == 1) return true;
        break;
      case '0':
        if (s.size() == 1) return false;
        break;
      default:
        break;
    }
  }
  return InvalidSyntax("boolean", text);
}

template <typename T>
Result<T> ParseInteger(std::string_view text, std::string_view type_name) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return InvalidSyntax(type_name, text);
  // Accumulate negatively so the most negative value fits.
  int64_t value = 0;
  bool overflow = false;
  for (char c : s) {
    if (c < '0' || c > '9') return InvalidSyntax(type_name, text);
    if (!overflow && (__builtin_mul_overflow(value, 10, &value) ||
                      __builtin_sub_overflow(value, c - '0', &value))) {
      overflow = true;
    }
  }
  if (!negative && !overflow) {
    if (value == std::numeric_limits<int64_t>::min()) {
      overflow = true;
    } else {
      value = -value;
    }
  }
  if (overflow || value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max()) {
    return Status::Error(ErrorCode::kNumericValueOutOfRange,
                         fmt::format("value \"{}\" is out of range for type {}", text, type_name));
  }
  return static_cast<T>(value);
}

template <typename T>
Result<T> ParseFloat(std::string_view text, std::string_view type_name) {
  if constexpr (std::is_same_v<T, double>) {
    double fast = 0;
    if (ParseShortDecimal(text, fast)) return fast;
  }
  std::string_view s = Trim(text);
  bool negative = false;
  std::string_view body = s;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (EqualsIgnoreCase(body, "infinity") || EqualsIgnoreCase(body, "inf")) {
    return negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  }
  if (EqualsIgnoreCase(body, "nan")) return std::numeric_limits<T>::quiet_NaN();
  if (body.empty() || body.front() == '+' || body.front() == '-') {
    return InvalidSyntax(type_name, text);
  }
  T value = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ptr != body.data() + body.size()) return InvalidSyntax(type_name, text);
  if (ec == std::errc::result_out_of_range) {
    return Status::Error(ErrorCode::kNumericValueOutOfRange,
                         fmt::format("\"{}\" is out of range for type {}", text, type_name));
  }
  if (ec != std::errc()) return InvalidSyntax(type_name, text);
  return negative ? -value : value;
}

// Characters (not bytes) of UTF-8 text: the unit of varchar(n).
size_t PrefixBytesForChars(std::string_view s, size_t chars, size_t& counted) {
  size_t bytes = 0;
  counted = 0;
  while (bytes < s.size() && counted < chars) {
    auto lead = static_cast<unsigned char>(s[bytes]);
    size_t width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    bytes = std::min(s.size(), bytes + width);
    ++counted;
  }
  return bytes;
}

// PostgreSQL silently cuts trailing spaces beyond the limit and rejects any
// other excess.
Result<std::string_view> FitVarchar(std::string_view text, DataType type) {
  if (type.id != TypeId::kVarchar || type.max_length < 0 ||
      text.size() <= static_cast<size_t>(type.max_length)) {
    return text;
  }
  size_t counted = 0;
  size_t keep = PrefixBytesForChars(text, static_cast<size_t>(type.max_length), counted);
  for (size_t i = keep; i < text.size(); ++i) {
    if (text[i] != ' ') {
      return Status::Error(
          ErrorCode::kStringDataRightTruncation,
          fmt::format("value too long for type character varying({})", type.max_length));
    }
  }
  return text.substr(0, keep);
}

template <typename T>
void Store(ColumnVector& out, size_t row, T value) {
  out.data<T>()[row] = value;
}

// Appends the shortest round-trip digits of `v` in PostgreSQL's layout:
// positional for decimal exponents in [-4, max_positional), else "1.5e+20".
template <typename T>
void FormatFloat(T v, int max_positional, std::string& out) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (v == 0) {
    out += std::signbit(v) ? "-0" : "0";
    return;
  }
  char buf[48];
  auto result = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(result.ptr - buf));
  size_t e = sci.find('e');
  int exponent = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
  if (exponent < -4 || exponent >= max_positional) {
    out.append(sci);
    return;
  }
  std::string_view mantissa = sci.substr(0, e);
  if (mantissa.front() == '-') {
    out.push_back('-');
    mantissa.remove_prefix(1);
  }
  char digits[24];
  size_t n = 0;
  for (char c : mantissa) {
    if (c != '.') digits[n++] = c;
  }
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out.append(digits, n);
    return;
  }
  auto integer_digits = static_cast<size_t>(exponent) + 1;
  if (n <= integer_digits) {
    out.append(digits, n);
    out.append(integer_digits - n, '0');
    return;
  }
  out.append(digits, integer_digits);
  out.push_back('.');
  out.append(digits + integer_digits, n - integer_digits);
}

template <typename T>
void AppendInteger(T v, std::string& out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, static_cast<size_t>(result.ptr - buf));
}

// numeric input, then the column's numeric(p, s) modifier when it has one.
Result<Numeric> ParseNumericOf(std::string_view text, DataType type) {
  ASSIGN_OR_RETURN(Numeric v, ParseNumeric(text));
  if (type.max_length < 0) return v;
  return ApplyNumericTypmod(v, NumericTypmodPrecision(type.max_length),
                            NumericTypmodScale(type.max_length));
}

// uuid, jsonb and bytea: the bytes their column keeps (types.h).
Result<std::string> ByteStringFromText(std::string_view text, TypeId id) {
  switch (id) {
    case TypeId::kUuid:
      return CanonicalUuidText(text);
    case TypeId::kJsonb:
      return NormalizeJsonbText(text);
    default:
      return ParseByteaText(text);
  }
}

}  // namespace

Status ParseTextInto(std::string_view text, DataType type, const TimeZone& zone, ColumnVector& out,
                     size_t row) {
  if (out.MayHaveNulls()) out.SetNull(row, false);
  switch (type.id) {
    case TypeId::kBool: {
      ASSIGN_OR_RETURN(bool v, ParseBool(text));
      Store<uint8_t>(out, row, v ? 1 : 0);
      return Status::Ok();
    }
    case TypeId::kInt16: {
      ASSIGN_OR_RETURN(int16_t v, ParseInteger<int16_t>(text, "smallint"));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kInt32: {
      ASSIGN_OR_RETURN(int32_t v, ParseInteger<int32_t>(text, "integer"));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kInt64: {
      ASSIGN_OR_RETURN(int64_t v, ParseInteger<int64_t>(text, "bigint"));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kFloat32: {
      ASSIGN_OR_RETURN(float v, ParseFloat<float>(text, "real"));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kFloat64: {
      ASSIGN_OR_RETURN(double v, ParseFloat<double>(text, "double precision"));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kDate: {
      ASSIGN_OR_RETURN(int32_t v, ParseDate(text));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kTimestamp: {
      ASSIGN_OR_RETURN(int64_t v, ParseTimestamp(text));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kTimestampTz: {
      ASSIGN_OR_RETURN(int64_t v, ParseTimestampTz(text, zone));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kInterval: {
      ASSIGN_OR_RETURN(Interval v, ParseInterval(text));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kTime: {
      ASSIGN_OR_RETURN(int64_t v, ParseTime(text));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kNumeric: {
      ASSIGN_OR_RETURN(Numeric v, ParseNumericOf(text, type));
      Store(out, row, v);
      return Status::Ok();
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown: {
      ASSIGN_OR_RETURN(std::string_view fitted, FitVarchar(text, type));
      Store(out, row, out.AddString(fitted));
      return Status::Ok();
    }
    case TypeId::kArray: {
      ASSIGN_OR_RETURN(std::string canonical, CanonicalArrayText(text, type, zone));
      Store(out, row, out.AddString(canonical));
      return Status::Ok();
    }
    case TypeId::kJson:
      // json keeps its text as written: checked, not rewritten.
      RETURN_IF_ERROR(CheckJsonText(text));
      Store(out, row, out.AddString(text));
      return Status::Ok();
    case TypeId::kUuid:
    case TypeId::kJsonb:
    case TypeId::kBytea: {
      ASSIGN_OR_RETURN(std::string bytes, ByteStringFromText(text, type.id));
      Store(out, row, out.AddString(bytes));
      return Status::Ok();
    }
  }
  return Status::Error(ErrorCode::kInternal, "unknown type in text input");
}

Result<Value> ParseTextValue(std::string_view text, DataType type, const TimeZone& zone) {
  switch (type.id) {
    case TypeId::kBool: {
      ASSIGN_OR_RETURN(bool v, ParseBool(text));
      return Value::Bool(v);
    }
    case TypeId::kInt16: {
      ASSIGN_OR_RETURN(int16_t v, ParseInteger<int16_t>(text, "smallint"));
      return Value::Int(type.id, v);
    }
    case TypeId::kInt32: {
      ASSIGN_OR_RETURN(int32_t v, ParseInteger<int32_t>(text, "integer"));
      return Value::Int(type.id, v);
    }
    case TypeId::kInt64: {
      ASSIGN_OR_RETURN(int64_t v, ParseInteger<int64_t>(text, "bigint"));
      return Value::Int(type.id, v);
    }
    case TypeId::kFloat32: {
      ASSIGN_OR_RETURN(float v, ParseFloat<float>(text, "real"));
      return Value::Float(type.id, v);
    }
    case TypeId::kFloat64: {
      ASSIGN_OR_RETURN(double v, ParseFloat<double>(text, "double precision"));
      return Value::Float(type.id, v);
    }
    case TypeId::kDate: {
      ASSIGN_OR_RETURN(int32_t v, ParseDate(text));
      return Value::Date(v);
    }
    case TypeId::kTimestamp: {
      ASSIGN_OR_RETURN(int64_t v, ParseTimestamp(text));
      return Value::Timestamp(v);
    }
    case TypeId::kTimestampTz: {
      ASSIGN_OR_RETURN(int64_t v, ParseTimestampTz(text, zone));
      return Value::TimestampTz(v);
    }
    case TypeId::kInterval: {
      ASSIGN_OR_RETURN(Interval v, ParseInterval(text));
      return Value::OfInterval(v);
    }
    case TypeId::kTime: {
      ASSIGN_OR_RETURN(int64_t v, ParseTime(text));
      return Value::Int(TypeId::kTime, v);
    }
    case TypeId::kNumeric: {
      ASSIGN_OR_RETURN(Numeric v, ParseNumericOf(text, type));
      return Value::OfNumeric(v, type);
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown: {
      ASSIGN_OR_RETURN(std::string_view fitted, FitVarchar(text, type));
      return Value::Text(std::string(fitted), type);
    }
    case TypeId::kArray: {
      ASSIGN_OR_RETURN(std::string canonical, CanonicalArrayText(text, type, zone));
      return Value::Text(std::move(canonical), type);
    }
    case TypeId::kJson:
      RETURN_IF_ERROR(CheckJsonText(text));
      return Value::Text(std::string(text), type);
    case TypeId::kUuid:
    case TypeId::kJsonb:
    case TypeId::kBytea: {
      ASSIGN_OR_RETURN(std::string bytes, ByteStringFromText(text, type.id));
      return Value::Text(std::move(bytes), type);
    }
  }
  return Status::Error(ErrorCode::kInternal, "unknown type in text input");
}

void FormatFloat64(double v, std::string& out) {
  FormatFloat(v, std::numeric_limits<double>::digits10, out);
}

void FormatFloat32(float v, std::string& out) {
  FormatFloat(v, std::numeric_limits<float>::digits10, out);
}

void FormatText(const ColumnVector& in, size_t row, const TimeZone& zone, std::string& out) {
  switch (in.type().id) {
    case TypeId::kBool:
      out.push_back(in.data<uint8_t>()[row] != 0 ? 't' : 'f');
      return;
    case TypeId::kInt16:
      AppendInteger(in.data<int16_t>()[row], out);
      return;
    case TypeId::kInt32:
      AppendInteger(in.data<int32_t>()[row], out);
      return;
    case TypeId::kInt64:
      AppendInteger(in.data<int64_t>()[row], out);
      return;
    case TypeId::kFloat32:
      FormatFloat32(in.data<float>()[row], out);
      return;
    case TypeId::kFloat64:
      FormatFloat64(in.data<double>()[row], out);
      return;
    case TypeId::kDate:
      FormatDate(in.data<int32_t>()[row], out);
      return;
    case TypeId::kTimestamp:
      FormatTimestamp(in.data<int64_t>()[row], out);
      return;
    case TypeId::kTimestampTz:
      FormatTimestampTz(in.data<int64_t>()[row], zone, out);
      return;
    case TypeId::kInterval:
      FormatInterval(in.data<Interval>()[row], out);
      return;
    case TypeId::kTime:
      FormatTime(in.data<int64_t>()[row], out);
      return;
    case TypeId::kNumeric:
      FormatNumeric(in.data<Numeric>()[row], out);
      return;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kArray:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
      out.append(in.data<std::string_view>()[row]);
      return;
    case TypeId::kBytea:
      FormatByteaText(in.data<std::string_view>()[row], out);
      return;
  }
}

std::string FormatValue(const Value& value, const TimeZone& zone) {
  std::string out;
  if (value.is_null()) return out;
  switch (value.type().id) {
    case TypeId::kBool:
      out.push_back(value.bool_value() ? 't' : 'f');
      break;
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      AppendInteger(value.int_value(), out);
      break;
    case TypeId::kFloat32:
      FormatFloat32(static_cast<float>(value.float_value()), out);
      break;
    case TypeId::kFloat64:
      FormatFloat64(value.float_value(), out);
      break;
    case TypeId::kDate:
      FormatDate(static_cast<int32_t>(value.int_value()), out);
      break;
    case TypeId::kTimestamp:
      FormatTimestamp(value.int_value(), out);
      break;
    case TypeId::kTimestampTz:
      FormatTimestampTz(value.int_value(), zone, out);
      break;
    case TypeId::kInterval:
      FormatInterval(value.interval_value(), out);
      break;
    case TypeId::kTime:
      FormatTime(value.int_value(), out);
      break;
    case TypeId::kNumeric:
      FormatNumeric(value.numeric_value(), out);
      break;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kArray:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
      out = value.text_value();
      break;
    case TypeId::kBytea:
      FormatByteaText(value.text_value(), out);
      break;
  }
  return out;
}

}  // namespace sundial
