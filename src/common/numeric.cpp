#include "common/numeric.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <xxhash.h>

namespace sundial {
namespace {

using UInt128 = unsigned __int128;
using Kind = Numeric::Kind;

constexpr Int128 Pow10(int n) {
  Int128 v = 1;
  for (int i = 0; i < n; ++i)
    v *= 10;
  return v;
}

constexpr Int128 kLimit = Pow10(Numeric::kMaxDigits);  // |unscaled| stays below

constexpr uint64_t kPow10Small[20] = {1ULL,
                                      10ULL,
                                      100ULL,
                                      1000ULL,
                                      10000ULL,
                                      100000ULL,
                                      1000000ULL,
                                      10000000ULL,
                                      100000000ULL,
                                      1000000000ULL,
                                      10000000000ULL,
                                      100000000000ULL,
                                      1000000000000ULL,
                                      10000000000000ULL,
                                      100000000000000ULL,
                                      1000000000000000ULL,
                                      10000000000000000ULL,
                                      100000000000000000ULL,
                                      1000000000000000000ULL,
                                      10000000000000000000ULL};

UInt128 Magnitude(Int128 v) {
  return v < 0 ? UInt128(0) - static_cast<UInt128>(v) : static_cast<UInt128>(v);
}

bool InRange(Int128 v) {
  return v > -kLimit && v < kLimit;
}

// A 256-bit unsigned integer in four little-endian limbs: the intermediate
// of a product or of a dividend scaled up before dividing.
struct Wide {
  uint64_t limb[4] = {0, 0, 0, 0};

  static Wide Of(UInt128 v) {
    Wide w;
    w.limb[0] = static_cast<uint64_t>(v);
    w.limb[1] = static_cast<uint64_t>(v >> 64);
    return w;
  }
  bool FitsIn128() const { return limb[2] == 0 && limb[3] == 0; }
  UInt128 Low128() const { return (UInt128(limb[1]) << 64) | limb[0]; }
  bool Bit(int i) const { return (limb[i / 64] >> (i % 64)) & 1; }
  void SetBit(int i) { limb[i / 64] |= uint64_t{1} << (i % 64); }

  // False when the product leaves 256 bits.
  bool MultiplySmall(uint64_t m) {
    UInt128 carry = 0;
    for (uint64_t& l : limb) {
      const UInt128 p = UInt128(l) * m + carry;
      l = static_cast<uint64_t>(p);
      carry = p >> 64;
    }
    return carry == 0;
  }
  bool MultiplyPow10(int k) {
    while (k > 0) {
      const int step = std::min(k, 19);
      if (!MultiplySmall(kPow10Small[step])) return false;
      k -= step;
    }
    return true;
  }
};

Wide MultiplyWide(UInt128 a, UInt128 b) {
  const uint64_t x[2] = {static_cast<uint64_t>(a), static_cast<uint64_t>(a >> 64)};
  const uint64_t y[2] = {static_cast<uint64_t>(b), static_cast<uint64_t>(b >> 64)};
  Wide w;
  for (int i = 0; i < 2; ++i) {
    UInt128 carry = 0;
    for (int j = 0; j < 2; ++j) {
      const UInt128 p = UInt128(x[i]) * y[j] + w.limb[i + j] + carry;
      w.limb[i + j] = static_cast<uint64_t>(p);
      carry = p >> 64;
    }
    w.limb[i + 2] = static_cast<uint64_t>(carry);
  }
  return w;
}

// n / d rounded half away from zero (on magnitudes). False when the
// quotient does not fit in 128 bits.
bool DivideRounded(const Wide& n, UInt128 d, UInt128& quotient) {
  UInt128 q = 0;
  UInt128 r = 0;
  if (n.FitsIn128()) {
    q = n.Low128() / d;
    r = n.Low128() % d;
  } else {
    Wide wide_q;
    for (int bit = 255; bit >= 0; --bit) {
      const bool carry = (r >> 127) != 0;
      r = (r << 1) | static_cast<UInt128>(n.Bit(bit));
      if (carry || r >= d) {
        r -= d;
        wide_q.SetBit(bit);
      }
    }
    if (!wide_q.FitsIn128()) return false;
    q = wide_q.Low128();
  }
  if (r >= d - r) ++q;
  quotient = q;
  return true;
}

Result<Numeric> Finite(Int128 unscaled, int scale) {
  if (!InRange(unscaled) || scale > Numeric::kMaxScale) return NumericOverflow();
  return Numeric::FromUnscaled(unscaled, scale);
}

// v * 10^k with an overflow check against the 38-digit limit.
bool ScaleUp(Int128 v, int k, Int128& out) {
  if (k > Numeric::kMaxDigits) {
    if (v != 0) return false;
    out = 0;
    return true;
  }
  Int128 r = 0;
  if (__builtin_mul_overflow(v, Pow10(k), &r) || !InRange(r)) return false;
  out = r;
  return true;
}

// v * 10^-k rounded half away from zero (round) or toward zero (trunc).
Int128 ScaleDown(Int128 v, int k, bool round) {
  if (k > Numeric::kMaxDigits) return 0;
  const Int128 d = Pow10(k);
  Int128 q = v / d;
  const Int128 r = v % d;
  if (round && r != 0) {
    const UInt128 mr = Magnitude(r);
    if (mr >= static_cast<UInt128>(d) - mr) q += v < 0 ? -1 : 1;
  }
  return q;
}

// Rescales a finite value to exactly `scale` fractional digits.
Result<Numeric> Rescale(const Numeric& v, int scale, bool round) {
  const Int128 u = v.unscaled();
  if (scale >= v.scale) {
    Int128 out = 0;
    if (!ScaleUp(u, scale - v.scale, out) || scale > Numeric::kMaxScale) return NumericOverflow();
    return Numeric::FromUnscaled(out, scale);
  }
  return Numeric::FromUnscaled(ScaleDown(u, v.scale - scale, round), scale);
}

void AppendUnsigned(UInt128 v, std::string& out) {
  char buffer[48];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  while (n > 0)
    out.push_back(buffer[--n]);
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

Status BadInput(std::string_view text) {
  return Status::Error(ErrorCode::kInvalidTextRepresentation,
                       "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

Status DivisionByZero() {
  return Status::Error(ErrorCode::kDivisionByZero, "division by zero");
}

int SpecialRank(Kind kind) {
  switch (kind) {
    case Kind::kMinusInfinity:
      return -1;
    case Kind::kFinite:
      return 0;
    case Kind::kInfinity:
      return 1;
    case Kind::kNaN:
      return 2;
  }
  return 0;
}

Numeric Nan() {
  return Numeric::Special(Kind::kNaN);
}

Numeric InfinityWithSign(int sign) {
  return Numeric::Special(sign < 0 ? Kind::kMinusInfinity : Kind::kInfinity);
}

// PostgreSQL's numeric digit groups: the value in base 10000 with groups
// aligned at the decimal point. Weight of the first nonzero group and its
// value (0 and 0 for zero), as select_div_scale reads them.
void LeadingGroup(const Numeric& v, int& weight, int& first) {
  weight = 0;
  first = 0;
  const UInt128 m = Magnitude(v.unscaled());
  if (m == 0) return;
  int digits = 0;
  for (UInt128 x = m; x != 0; x /= 10)
    ++digits;
  const int exponent = digits - 1 - v.scale;  // of the leading decimal digit
  weight = exponent >= 0 ? exponent / 4 : -((-exponent + 3) / 4);
  const int drop = 4 * weight + v.scale;  // decimal digits below the group
  first = drop >= 0 ? static_cast<int>(m / static_cast<UInt128>(Pow10(drop)))
                    : static_cast<int>(m * static_cast<UInt128>(Pow10(-drop)));
}

int SelectDivScale(const Numeric& a, const Numeric& b) {
  int weight1 = 0;
  int first1 = 0;
  int weight2 = 0;
  int first2 = 0;
  LeadingGroup(a, weight1, first1);
  LeadingGroup(b, weight2, first2);
  int qweight = weight1 - weight2;
  if (first1 <= first2) --qweight;
  constexpr int kMinSignificantDigits = 16;
  int scale = kMinSignificantDigits - qweight * 4;
  scale = std::max<int>(scale, a.scale);
  scale = std::max<int>(scale, b.scale);
  return std::max(scale, 0);
}

// round (half away from zero) or trunc to `digits` fractional digits; left
// of the point for negative digits, to a multiple of 10^-digits shown with
// scale 0.
Result<Numeric> ToDigits(const Numeric& v, int digits, bool round) {
  if (!v.finite()) return v;
  const int scale = std::clamp(digits, -Numeric::kMaxDigits - 1, Numeric::kMaxScale + 1);
  if (scale >= 0) return Rescale(v, scale, round);
  const Int128 cut = ScaleDown(v.unscaled(), v.scale - scale, round);
  Int128 out = 0;
  if (!ScaleUp(cut, -scale, out)) return NumericOverflow();
  return Numeric::FromUnscaled(out, 0);
}

}  // namespace

Status NumericOverflow() {
  return Status::Error(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
}

int Numeric::Sign() const {
  switch (kind) {
    case Kind::kNaN:
      return 0;
    case Kind::kInfinity:
      return 1;
    case Kind::kMinusInfinity:
      return -1;
    case Kind::kFinite:
      break;
  }
  const Int128 u = unscaled();
  return (u > 0) - (u < 0);
}

Result<Numeric> ParseNumeric(std::string_view original) {
  std::string_view text = original;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (EqualsIgnoringCase(text, "nan")) return Nan();
  bool negative = false;
  std::string_view body = text;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (EqualsIgnoringCase(body, "infinity") || EqualsIgnoringCase(body, "inf")) {
    return InfinityWithSign(negative ? -1 : 1);
  }
  Int128 mantissa = 0;
  int significant = 0;
  int fraction = 0;
  bool any_digit = false;
  bool seen_point = false;
  size_t i = 0;
  for (; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (seen_point) ++fraction;
    if (significant > 0 || c != '0') ++significant;
    if (significant > Numeric::kMaxDigits) return NumericOverflow();
    mantissa = mantissa * 10 + (c - '0');
  }
  if (!any_digit) return BadInput(original);
  int64_t exponent = 0;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) {
      exponent_negative = body[i] == '-';
      ++i;
    }
    if (i == body.size() || body[i] < '0' || body[i] > '9') return BadInput(original);
    for (; i < body.size() && body[i] >= '0' && body[i] <= '9'; ++i) {
      exponent = std::min<int64_t>(exponent * 10 + (body[i] - '0'), INT32_MAX);
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (i != body.size()) return BadInput(original);
  // PostgreSQL's bound on the exponent, even for a zero mantissa.
  if (exponent >= INT32_MAX / 2 || exponent <= -(INT32_MAX / 2)) return NumericOverflow();
  if (negative) mantissa = -mantissa;
  const int64_t scale = fraction - exponent;
  if (mantissa == 0) return Finite(0, static_cast<int>(std::max<int64_t>(scale, 0)));
  if (scale >= 0) return Finite(mantissa, static_cast<int>(scale));
  Int128 unscaled = 0;
  if (!ScaleUp(mantissa, static_cast<int>(-scale), unscaled)) return NumericOverflow();
  return Numeric::FromUnscaled(unscaled, 0);
}

void FormatNumeric(const Numeric& v, std::string& out) {
  switch (v.kind) {
    case Kind::kNaN:
      out += "NaN";
      return;
    case Kind::kInfinity:
      out += "Infinity";
      return;
    case Kind::kMinusInfinity:
      out += "-Infinity";
      return;
    case Kind::kFinite:
      break;
  }
  const Int128 u = v.unscaled();
  if (u < 0) out.push_back('-');
  std::string digits;
  AppendUnsigned(Magnitude(u), digits);
  if (v.scale == 0) {
    out += digits;
    return;
  }
  if (digits.size() <= static_cast<size_t>(v.scale)) {
    digits.insert(0, static_cast<size_t>(v.scale) + 1 - digits.size(), '0');
  }
  const size_t point = digits.size() - static_cast<size_t>(v.scale);
  out.append(digits, 0, point);
  out.push_back('.');
  out.append(digits, point);
}

std::string NumericToString(const Numeric& v) {
  std::string out;
  FormatNumeric(v, out);
  return out;
}

int CompareNumeric(const Numeric& a, const Numeric& b) {
  if (!a.finite() || !b.finite()) {
    const int x = SpecialRank(a.kind);
    const int y = SpecialRank(b.kind);
    return (x > y) - (x < y);
  }
  // Integer parts first: aligning the scales could leave 128 bits.
  const Int128 ua = a.unscaled();
  const Int128 ub = b.unscaled();
  const Int128 pa = Pow10(a.scale);
  const Int128 pb = Pow10(b.scale);
  const Int128 ia = ua / pa;
  const Int128 ib = ub / pb;
  if (ia != ib) return ia < ib ? -1 : 1;
  const int scale = std::max(a.scale, b.scale);
  const Int128 fa = (ua % pa) * Pow10(scale - a.scale);
  const Int128 fb = (ub % pb) * Pow10(scale - b.scale);
  return (fa > fb) - (fa < fb);
}

Result<Numeric> Numeric::FromInt128(Int128 v) {
  return Finite(v, 0);
}

Numeric Numeric::Canonical() const {
  if (!finite()) return Special(kind);
  Int128 u = unscaled();
  int s = scale;
  while (s > 0 && u % 10 == 0) {
    u /= 10;
    --s;
  }
  return FromUnscaled(u, s);
}

uint64_t HashNumeric(const Numeric& v) {
  const Numeric key = v.Canonical();
  return XXH3_64bits(&key, sizeof(key));
}

Result<Numeric> AddNumeric(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) return Nan();
  if (!a.finite() || !b.finite()) {
    if (!a.finite() && !b.finite() && a.kind != b.kind) return Nan();
    return a.finite() ? b : a;
  }
  const int scale = std::max(a.scale, b.scale);
  Int128 x = 0;
  Int128 y = 0;
  if (!ScaleUp(a.unscaled(), scale - a.scale, x) || !ScaleUp(b.unscaled(), scale - b.scale, y)) {
    return NumericOverflow();
  }
  return Finite(x + y, scale);
}

Result<Numeric> SubtractNumeric(const Numeric& a, const Numeric& b) {
  return AddNumeric(a, NegateNumeric(b));
}

Result<Numeric> MultiplyNumeric(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) return Nan();
  if (!a.finite() || !b.finite()) {
    const int sign = a.Sign() * b.Sign();
    if (sign == 0) return Nan();  // infinity times zero
    return InfinityWithSign(sign);
  }
  const Int128 ua = a.unscaled();
  const Int128 ub = b.unscaled();
  const Wide product = MultiplyWide(Magnitude(ua), Magnitude(ub));
  if (!product.FitsIn128() || product.Low128() >= static_cast<UInt128>(kLimit)) {
    return NumericOverflow();
  }
  const Int128 magnitude = static_cast<Int128>(product.Low128());
  return Finite((ua < 0) != (ub < 0) ? -magnitude : magnitude, a.scale + b.scale);
}

Result<Numeric> DivideNumericToScale(const Numeric& a, const Numeric& b, int scale) {
  if (a.is_nan() || b.is_nan()) return Nan();
  if (b.finite() && b.Sign() == 0) return DivisionByZero();
  if (!a.finite()) {
    if (!b.finite()) return Nan();
    return InfinityWithSign(a.Sign() * b.Sign());
  }
  if (!b.finite()) return Numeric::FromUnscaled(0, 0);
  if (scale > Numeric::kMaxScale) return NumericOverflow();
  // a / b * 10^scale = ua * 10^(scale + sb - sa) / ub; scale >= sa in every
  // caller but trunc division, which passes 0.
  const Int128 ua = a.unscaled();
  const Int128 ub = b.unscaled();
  const int shift = scale + b.scale - a.scale;
  Wide dividend = Wide::Of(Magnitude(ua));
  UInt128 divisor = Magnitude(ub);
  if (shift >= 0) {
    if (!dividend.MultiplyPow10(shift)) return NumericOverflow();
  } else {
    Wide wide_divisor = Wide::Of(divisor);
    if (!wide_divisor.MultiplyPow10(-shift) || !wide_divisor.FitsIn128()) {
      return Numeric::FromUnscaled(0, scale);  // |a| < |divisor| / 2
    }
    divisor = wide_divisor.Low128();
  }
  UInt128 q = 0;
  if (!DivideRounded(dividend, divisor, q) || q >= static_cast<UInt128>(kLimit)) {
    return NumericOverflow();
  }
  const Int128 magnitude = static_cast<Int128>(q);
  return Numeric::FromUnscaled((ua < 0) != (ub < 0) ? -magnitude : magnitude, scale);
}

Result<Numeric> DivideNumeric(const Numeric& a, const Numeric& b) {
  if (!a.finite() || !b.finite()) return DivideNumericToScale(a, b, 0);
  return DivideNumericToScale(a, b, SelectDivScale(a, b));
}

Result<Numeric> ModuloNumeric(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) return Nan();
  if (b.finite() && b.Sign() == 0) return DivisionByZero();
  if (!a.finite()) return Nan();
  if (!b.finite()) return a;
  const int scale = std::max(a.scale, b.scale);
  // Both aligned to the common scale; only the one with the smaller scale
  // grows, and a divisor beyond 128 bits exceeds |a|, leaving a itself.
  Wide x = Wide::Of(Magnitude(a.unscaled()));
  Wide y = Wide::Of(Magnitude(b.unscaled()));
  if (!x.MultiplyPow10(scale - a.scale)) return NumericOverflow();
  if (!y.MultiplyPow10(scale - b.scale) || !y.FitsIn128()) return Rescale(a, scale, false);
  const UInt128 d = y.Low128();
  UInt128 r = 0;
  if (x.FitsIn128()) {
    r = x.Low128() % d;
  } else {
    for (int bit = 255; bit >= 0; --bit) {
      const bool carry = (r >> 127) != 0;
      r = (r << 1) | static_cast<UInt128>(x.Bit(bit));
      if (carry || r >= d) r -= d;
    }
  }
  const Int128 magnitude = static_cast<Int128>(r);
  return Finite(a.unscaled() < 0 ? -magnitude : magnitude, scale);
}

Numeric NegateNumeric(const Numeric& v) {
  switch (v.kind) {
    case Kind::kInfinity:
      return InfinityWithSign(-1);
    case Kind::kMinusInfinity:
      return InfinityWithSign(1);
    case Kind::kNaN:
      return v;
    case Kind::kFinite:
      break;
  }
  return Numeric::FromUnscaled(-v.unscaled(), v.scale);
}

Numeric AbsNumeric(const Numeric& v) {
  return v.Sign() < 0 ? NegateNumeric(v) : v;
}

Result<Numeric> RoundNumeric(const Numeric& v, int digits) {
  return ToDigits(v, digits, true);
}

Result<Numeric> TruncNumeric(const Numeric& v, int digits) {
  return ToDigits(v, digits, false);
}

Result<Numeric> CeilNumeric(const Numeric& v) {
  if (!v.finite()) return v;
  ASSIGN_OR_RETURN(Numeric cut, Rescale(v, 0, false));
  if (v.Sign() > 0 && CompareNumeric(cut, v) != 0) return Finite(cut.unscaled() + 1, 0);
  return cut;
}

Result<Numeric> FloorNumeric(const Numeric& v) {
  ASSIGN_OR_RETURN(Numeric ceil, CeilNumeric(NegateNumeric(v)));
  return NegateNumeric(ceil);
}

Result<Numeric> ApplyNumericTypmod(const Numeric& v, int precision, int scale) {
  if (v.is_nan()) return v;
  if (!v.finite()) {
    return Status::Error(ErrorCode::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail("A field with precision " + std::to_string(precision) + ", scale " +
                    std::to_string(scale) + " cannot hold an infinite value.");
  }
  ASSIGN_OR_RETURN(Numeric rounded, Rescale(v, scale, true));
  const int integer_digits = precision - scale;
  if (Magnitude(rounded.unscaled()) >= static_cast<UInt128>(Pow10(precision))) {
    return Status::Error(ErrorCode::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail(
            "A field with precision " + std::to_string(precision) + ", scale " +
            std::to_string(scale) + " must round to an absolute value less than " +
            (integer_digits == 0 ? std::string("1") : "10^" + std::to_string(integer_digits)) +
            ".");
  }
  return rounded;
}

bool NumericToInt64(const Numeric& v, int64_t& out) {
  if (!v.finite()) return false;
  const Int128 r = ScaleDown(v.unscaled(), v.scale, true);
  if (r < INT64_MIN || r > INT64_MAX) return false;
  out = static_cast<int64_t>(r);
  return true;
}

double NumericToDouble(const Numeric& v) {
  switch (v.kind) {
    case Kind::kNaN:
      return std::nan("");
    case Kind::kInfinity:
      return HUGE_VAL;
    case Kind::kMinusInfinity:
      return -HUGE_VAL;
    case Kind::kFinite:
      break;
  }
  const std::string text = NumericToString(v);
  return std::strtod(text.c_str(), nullptr);
}

Result<Numeric> NumericFromDouble(double v, int significant_digits) {
  if (std::isnan(v)) return Nan();
  if (std::isinf(v)) return InfinityWithSign(v < 0 ? -1 : 1);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*g", significant_digits, v);
  return ParseNumeric(buffer);
}

}  // namespace sundial
