#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sundial {

__extension__ typedef __int128 Int128;

// An exact decimal: PostgreSQL's numeric within 38 significant digits.
// A finite value is unscaled * 10^-scale; `scale` is also the display scale
// (PostgreSQL's dscale): 1.50 and 1.5 are equal but print differently.
// Invariants: |unscaled| < 10^38, 0 <= scale <= kMaxScale; NaN and the
// infinities keep unscaled = 0 and scale = 0. Stored as two 64-bit halves so
// a vector of them needs only 8-byte alignment.
struct Numeric {
  enum class Kind : uint8_t { kFinite, kNaN, kInfinity, kMinusInfinity };

  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxScale = 38;

  uint64_t low = 0;
  int64_t high = 0;
  int32_t scale = 0;
  Kind kind = Kind::kFinite;
  // Explicit so every byte is defined: group keys compare values bytewise.
  uint8_t unused[3] = {0, 0, 0};

  static Numeric FromUnscaled(Int128 unscaled, int scale) {
    const auto bits = static_cast<unsigned __int128>(unscaled);
    return Numeric{.low = static_cast<uint64_t>(bits),
                   .high = static_cast<int64_t>(bits >> 64),
                   .scale = scale};
  }
  // An integer, or 22003 beyond 38 digits.
  static Result<Numeric> FromInt128(Int128 v);
  static Numeric Special(Kind kind) { return Numeric{.kind = kind}; }
  static Numeric FromInt(int64_t v) { return FromUnscaled(v, 0); }

  Int128 unscaled() const {
    return static_cast<Int128>((static_cast<unsigned __int128>(static_cast<uint64_t>(high)) << 64) |
                               low);
  }
  bool finite() const { return kind == Kind::kFinite; }
  bool is_nan() const { return kind == Kind::kNaN; }
  // -1, 0 or 1; NaN gives 0.
  int Sign() const;

  // The same value with trailing fractional zeros dropped (1.50 -> 1.5):
  // equal values have equal canonical bytes (group keys, hashing).
  Numeric Canonical() const;

  // Bit-exact equality (same scale); use CompareNumeric for SQL equality.
  friend bool operator==(const Numeric&, const Numeric&) = default;
};

// PostgreSQL's numeric_in: spaces around, a sign, digits with an optional
// point, an exponent; 'NaN', 'Infinity', 'inf' (any case). 22P02 for bad
// text, 22003 beyond 38 significant digits or a scale beyond kMaxScale.
Result<Numeric> ParseNumeric(std::string_view text);
// numeric_out: every digit down to the display scale, "NaN", "Infinity".
void FormatNumeric(const Numeric& v, std::string& out);
std::string NumericToString(const Numeric& v);

// Total order of numeric_cmp: by value (1.5 = 1.50), -Infinity < finite <
// Infinity < NaN, NaN equal to NaN. Returns <0, 0, >0.
int CompareNumeric(const Numeric& a, const Numeric& b);
// Equal values (by CompareNumeric) hash alike.
uint64_t HashNumeric(const Numeric& v);

// Arithmetic with PostgreSQL's result scales: + and - keep the larger
// scale, * adds them, / chooses select_div_scale's (at least 16 significant
// digits), % keeps the larger. 22003 when the exact result needs more than
// 38 digits, 22012 for a zero divisor.
Result<Numeric> AddNumeric(const Numeric& a, const Numeric& b);
Result<Numeric> SubtractNumeric(const Numeric& a, const Numeric& b);
Result<Numeric> MultiplyNumeric(const Numeric& a, const Numeric& b);
Result<Numeric> DivideNumeric(const Numeric& a, const Numeric& b);
Result<Numeric> ModuloNumeric(const Numeric& a, const Numeric& b);
// Division with a given result scale (avg uses select_div_scale through
// DivideNumeric; this is its building block), rounded half away from zero.
Result<Numeric> DivideNumericToScale(const Numeric& a, const Numeric& b, int scale);
Numeric NegateNumeric(const Numeric& v);
Numeric AbsNumeric(const Numeric& v);

// round(v, digits): half away from zero; the display scale becomes digits
// (0 when negative). trunc(v, digits) cuts toward zero the same way.
Result<Numeric> RoundNumeric(const Numeric& v, int digits);
Result<Numeric> TruncNumeric(const Numeric& v, int digits);
Result<Numeric> CeilNumeric(const Numeric& v);
Result<Numeric> FloorNumeric(const Numeric& v);

// The cast to numeric(precision, scale): rounds to `scale` digits, then
// 22003 "numeric field overflow" when the integer part needs more than
// precision - scale digits (or the value is infinite).
Result<Numeric> ApplyNumericTypmod(const Numeric& v, int precision, int scale);

// Conversions as PostgreSQL's casts do them. To integers: rounded half away
// from zero; nullopt-like errors are reported by the caller with its type's
// message, so these return false when the value does not fit.
bool NumericToInt64(const Numeric& v, int64_t& out);
double NumericToDouble(const Numeric& v);
// float8 -> numeric through 15 significant digits (float4: 6), as
// PostgreSQL's float8_numeric; NaN and infinities map to theirs.
Result<Numeric> NumericFromDouble(double v, int significant_digits = 15);

// numeric(p, s) type modifiers live in DataType::max_length as
// (p << 16) | s, -1 for an unconstrained numeric.
inline int32_t NumericTypmod(int precision, int scale) {
  return (precision << 16) | scale;
}
inline int NumericTypmodPrecision(int32_t typmod) {
  return typmod >> 16;
}
inline int NumericTypmodScale(int32_t typmod) {
  return typmod & 0xffff;
}

Status NumericOverflow();

}  // namespace sundial
