#include "exec/cast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "common/datetime.h"
#include "common/numeric.h"
#include "common/physical_type.h"
#include "common/value_text.h"
#include "exec/kernel_util.h"
#include "exec/time_math.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

bool IsJson(TypeId id) {
  return id == TypeId::kJson || id == TypeId::kJsonb;
}

bool IsStringLike(TypeId id) {
  return IsString(id) || id == TypeId::kUnknown;
}
bool IsDateTime(TypeId id) {
  return id == TypeId::kDate || IsTimestamp(id);
}

// Ranks for implicit promotion, PostgreSQL's: int2 < int4 < int8 <
// numeric < float4 < float8.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kInt16:
      return 1;
    case TypeId::kInt32:
      return 2;
    case TypeId::kInt64:
      return 3;
    case TypeId::kNumeric:
      return 4;
    case TypeId::kFloat32:
      return 5;
    case TypeId::kFloat64:
      return 6;
    default:
      return 0;
  }
}

bool IsNumberType(TypeId id) {
  return IsNumeric(id) || id == TypeId::kNumeric;
}

Status CannotCast(DataType from, DataType to) {
  return Status::Error(ErrorCode::kDatatypeMismatch,
                       "cannot cast type " + TypeName(from) + " to " + TypeName(to));
}

template <typename From, typename To>
bool ConvertNumber(From v, To& out) {
  if constexpr (std::is_floating_point_v<To>) {
    out = static_cast<To>(v);
    if constexpr (sizeof(To) < sizeof(From)) {
      return !(std::isinf(out) && !std::isinf(v));
    }
    return true;
  } else if constexpr (std::is_floating_point_v<From>) {
    // PostgreSQL rounds to nearest, ties to even (rint), then range-checks.
    double rounded = std::nearbyint(static_cast<double>(v));
    if (!(rounded >= -std::ldexp(1.0, sizeof(To) * 8 - 1) &&
          rounded < std::ldexp(1.0, sizeof(To) * 8 - 1))) {
      return false;
    }
    out = static_cast<To>(rounded);
    return true;
  } else {
    if (v < std::numeric_limits<To>::min() || v > std::numeric_limits<To>::max()) return false;
    out = static_cast<To>(v);
    return true;
  }
}

Status NumericToNumeric(const ColumnVector& in, size_t n, ColumnVector& out) {
  TypeId target = out.type().id;
  return VisitNumericPhysicalType(in.type().id, [&](auto from_tag) {
    using From = decltype(from_tag);
    return VisitNumericPhysicalType(target, [&](auto to_tag) {
      using To = decltype(to_tag);
      bool ok = CheckedUnaryLoop<From, To>(in, n, out, ConvertNumber<From, To>);
      if (ok) return Status::Ok();
      if (std::is_floating_point_v<To>) {
        return Status::Error(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
      }
      return IntegerOutOfRange(target);
    });
  });
}

// Casts from and to numeric: integers exactly (back with rounding half away
// from zero), floats through their 15 (float4: 6) significant digits and
// back through the digits, numeric(p, s) by rounding and a precision check.
Status NumericCast(const ColumnVector& in, size_t n, ColumnVector& out) {
  const TypeId from = in.type().id;
  const DataType target = out.type();
  if (from == TypeId::kNumeric) {
    const Numeric* values = in.data<Numeric>();
    if (target.id == TypeId::kNumeric) {
      const int precision = NumericTypmodPrecision(target.max_length);
      const int scale = NumericTypmodScale(target.max_length);
      for (size_t i = 0; i < n; ++i) {
        if (in.IsNull(i)) continue;
        ASSIGN_OR_RETURN(out.data<Numeric>()[i], ApplyNumericTypmod(values[i], precision, scale));
      }
      return Status::Ok();
    }
    return VisitNumericPhysicalType(target.id, [&](auto tag) -> Status {
      using To = decltype(tag);
      To* result = out.data<To>();
      for (size_t i = 0; i < n; ++i) {
        if (in.IsNull(i)) continue;
        if constexpr (std::is_floating_point_v<To>) {
          const double d = NumericToDouble(values[i]);
          if (!ConvertNumber<double, To>(d, result[i])) {
            return Status::Error(ErrorCode::kNumericValueOutOfRange,
                                 "value out of range: overflow");
          }
        } else {
          int64_t v = 0;
          if (values[i].is_nan()) {
            return Status::Error(ErrorCode::kFeatureNotSupported,
                                 "cannot convert NaN to " + TypeName(target));
          }
          if (!values[i].finite()) {
            return Status::Error(ErrorCode::kFeatureNotSupported,
                                 "cannot convert infinity to " + TypeName(target));
          }
          if (!NumericToInt64(values[i], v) || !ConvertNumber<int64_t, To>(v, result[i])) {
            return IntegerOutOfRange(target.id);
          }
        }
      }
      return Status::Ok();
    });
  }
  Numeric* result = out.data<Numeric>();
  const bool constrained = target.max_length >= 0;
  return VisitNumericPhysicalType(from, [&](auto tag) -> Status {
    using From = decltype(tag);
    const From* values = in.data<From>();
    for (size_t i = 0; i < n; ++i) {
      if (in.IsNull(i)) continue;
      Numeric v;
      if constexpr (std::is_floating_point_v<From>) {
        ASSIGN_OR_RETURN(v, NumericFromDouble(values[i], std::is_same_v<From, float> ? 6 : 15));
      } else {
        v = Numeric::FromInt(values[i]);
      }
      if (constrained) {
        ASSIGN_OR_RETURN(v, ApplyNumericTypmod(v, NumericTypmodPrecision(target.max_length),
                                               NumericTypmodScale(target.max_length)));
      }
      result[i] = v;
    }
    return Status::Ok();
  });
}

Status BoolToInteger(const ColumnVector& in, size_t n, ColumnVector& out) {
  VisitNumericPhysicalType(out.type().id, [&](auto tag) {
    using To = decltype(tag);
    UnaryLoop<uint8_t, To>(in, n, out, [](uint8_t v) { return static_cast<To>(v != 0); });
  });
  return Status::Ok();
}

Status IntegerToBool(const ColumnVector& in, size_t n, ColumnVector& out) {
  VisitNumericPhysicalType(in.type().id, [&](auto tag) {
    using From = decltype(tag);
    UnaryLoop<From, uint8_t>(in, n, out, [](From v) { return static_cast<uint8_t>(v != 0); });
  });
  return Status::Ok();
}

Status ToText(const ColumnVector& in, size_t n, const EvalContext& context, ColumnVector& out) {
  std::string buffer;
  auto* values = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (in.IsNull(i)) continue;
    buffer.clear();
    FormatText(in, i, context.time_zone, buffer);
    values[i] = out.AddString(buffer);
  }
  return Status::Ok();
}

Status FromText(const ColumnVector& in, size_t n, const EvalContext& context, ColumnVector& out) {
  const auto* values = in.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    if (in.IsNull(i)) continue;
    RETURN_IF_ERROR(ParseTextInto(values[i], out.type(), context.time_zone, out, i));
  }
  return Status::Ok();
}

// Explicit casts to varchar(n) silently cut the value to n characters.
void TruncateToLength(const ColumnVector& in, size_t n, int32_t max_length, ColumnVector& out) {
  const auto* values = in.data<std::string_view>();
  auto* result = out.data<std::string_view>();
  for (size_t i = 0; i < n; ++i) {
    std::string_view s = values[i];
    size_t chars = 0;
    size_t byte = 0;
    while (byte < s.size() && chars < static_cast<size_t>(max_length)) {
      unsigned char c = static_cast<unsigned char>(s[byte]);
      byte += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      ++chars;
    }
    result[i] = s.substr(0, std::min(byte, s.size()));
  }
  out.KeepStringsOf(in);
}

int32_t LocalMicrosToDate(int64_t micros) {
  if (micros == kTimestampInfinity) return std::numeric_limits<int32_t>::max();
  if (micros == kTimestampMinusInfinity) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay));
}

Status DateTimeToDateTime(const ColumnVector& in, size_t n, const EvalContext& context,
                          ColumnVector& out) {
  TypeId from = in.type().id;
  TypeId to = out.type().id;
  const TimeZone& zone = context.time_zone;
  auto to_utc = [&zone](int64_t local) {
    return IsFiniteTimestamp(local) ? zone.LocalToUtc(local) : local;
  };
  auto to_local = [&zone](int64_t utc) {
    return IsFiniteTimestamp(utc) ? UtcToLocal(utc, zone) : utc;
  };
  if (from == TypeId::kDate) {
    const int32_t* days = in.data<int32_t>();
    int64_t* micros = out.data<int64_t>();
    for (size_t i = 0; i < n; ++i) {
      if (out.IsNull(i)) continue;
      ASSIGN_OR_RETURN(micros[i], DateToLocalMicros(days[i]));
      if (to == TypeId::kTimestampTz) micros[i] = to_utc(micros[i]);
    }
  } else if (from == TypeId::kTimestamp) {
    if (to == TypeId::kDate) {
      UnaryLoop<int64_t, int32_t>(in, n, out, LocalMicrosToDate);
    } else {
      UnaryLoop<int64_t, int64_t>(in, n, out, to_utc);
    }
  } else {
    if (to == TypeId::kDate) {
      UnaryLoop<int64_t, int32_t>(in, n, out,
                                  [&](int64_t t) { return LocalMicrosToDate(to_local(t)); });
    } else {
      UnaryLoop<int64_t, int64_t>(in, n, out, to_local);
    }
  }
  return Status::Ok();
}

// time from a timestamp's wall clock (timestamptz: in the session's zone) or
// an interval's time part (days and months dropped, as PostgreSQL does), and
// time to an interval.
Status TimeOfDayCast(const ColumnVector& in, size_t n, const EvalContext& context,
                     ColumnVector& out) {
  const TypeId from = in.type().id;
  if (out.type().id == TypeId::kInterval) {
    UnaryLoop<int64_t, Interval>(in, n, out, [](int64_t t) { return Interval{.micros = t}; });
    return Status::Ok();
  }
  if (from == TypeId::kInterval) {
    UnaryLoop<Interval, int64_t>(in, n, out,
                                 [](const Interval& v) { return WrapToTimeOfDay(v.micros); });
    return Status::Ok();
  }
  const TimeZone& zone = context.time_zone;
  const int64_t* times = in.data<int64_t>();
  int64_t* r = out.data<int64_t>();
  for (size_t i = 0; i < n; ++i) {
    if (out.IsNull(i)) continue;
    if (!IsFiniteTimestamp(times[i])) {
      return Status::Error(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
    }
    const int64_t local = from == TypeId::kTimestampTz ? UtcToLocal(times[i], zone) : times[i];
    r[i] = WrapToTimeOfDay(local);
  }
  return Status::Ok();
}

}  // namespace

Status IntegerOutOfRange(TypeId id) {
  const char* name = id == TypeId::kInt16   ? "smallint"
                     : id == TypeId::kInt32 ? "integer"
                                            : "bigint";
  return Status::Error(ErrorCode::kNumericValueOutOfRange, std::string(name) + " out of range");
}

bool CanCast(DataType from, DataType to) {
  if (from.id == TypeId::kArray && to.id == TypeId::kArray) {
    return CanCast(from.ElementType(), to.ElementType());
  }
  if (from.id == to.id || from.id == TypeId::kUnknown) return true;
  if (IsStringLike(from.id) || IsStringLike(to.id)) return true;
  if (IsNumberType(from.id) && IsNumberType(to.id)) return true;
  if ((from.id == TypeId::kBool && IsInteger(to.id)) ||
      (IsInteger(from.id) && to.id == TypeId::kBool)) {
    return true;
  }
  if (IsJson(from.id) && IsJson(to.id)) return true;
  if (to.id == TypeId::kTime) return IsTimestamp(from.id) || from.id == TypeId::kInterval;
  if (from.id == TypeId::kTime) return to.id == TypeId::kInterval;
  return IsDateTime(from.id) && IsDateTime(to.id);
}

bool CanImplicitlyCast(DataType from, DataType to) {
  if (from.id == TypeId::kArray && to.id == TypeId::kArray) {
    return from.element == to.element || (IsString(from.element) && IsString(to.element));
  }
  if (from.id == to.id || from.id == TypeId::kUnknown) return true;
  if (IsString(from.id) && IsString(to.id)) return true;
  int from_rank = NumericRank(from.id);
  int to_rank = NumericRank(to.id);
  if (from_rank > 0 && to_rank > 0) return from_rank < to_rank;
  if (from.id == TypeId::kDate) return IsTimestamp(to.id);
  return IsTimestamp(from.id) && IsTimestamp(to.id);
}

Status CastVector(const ColumnVector& in, size_t n, DataType target, const EvalContext& context,
                  ColumnVector& out) {
  TypeId from = in.type().id;
  TypeId to = target.id;
  if (!CanCast(in.type(), target)) return CannotCast(in.type(), target);
  bool truncates = IsString(to) && target.max_length >= 0;
  if (from == TypeId::kArray && to == TypeId::kArray && in.type().element != target.element) {
    // Element by element through their text, as the element casts from text read it.
    out = ColumnVector(target, std::max<size_t>(n, 1));
    out.SetSize(n);
    PropagateNulls(in, n, out);
    for (size_t i = 0; i < n; ++i) {
      if (in.IsNull(i)) continue;
      RETURN_IF_ERROR(
          ParseTextInto(in.data<std::string_view>()[i], target, context.time_zone, out, i));
    }
    return Status::Ok();
  }
  const bool constrains = to == TypeId::kNumeric && target.max_length >= 0;
  if (from == to && !truncates && !constrains) {
    out = in;
    return Status::Ok();
  }
  if (IsStringLike(from) && IsStringLike(to) && !truncates) {
    // Same bytes under another type name (unknown -> text, varchar -> text).
    ColumnVector relabeled(target, std::max<size_t>(n, 1));
    relabeled.SetSize(n);
    std::copy(in.data<std::string_view>(), in.data<std::string_view>() + n,
              relabeled.data<std::string_view>());
    PropagateNulls(in, n, relabeled);
    relabeled.KeepStringsOf(in);
    out = std::move(relabeled);
    return Status::Ok();
  }
  out = ColumnVector(target, std::max<size_t>(n, 1));
  out.SetSize(n);
  PropagateNulls(in, n, out);
  // jsonb text is valid json; json becomes jsonb by normalizing its text.
  if (IsJson(from) && IsJson(to)) return FromText(in, n, context, out);
  if (IsStringLike(from) && IsString(to)) {
    TruncateToLength(in, n, target.max_length, out);
    return Status::Ok();
  }
  if (IsString(to) || to == TypeId::kUnknown) return ToText(in, n, context, out);
  if (IsStringLike(from)) return FromText(in, n, context, out);
  if (from == TypeId::kTime || to == TypeId::kTime) return TimeOfDayCast(in, n, context, out);
  if (IsNumeric(from) && IsNumeric(to)) return NumericToNumeric(in, n, out);
  if (IsNumberType(from) && IsNumberType(to)) return NumericCast(in, n, out);
  if (from == TypeId::kBool) return BoolToInteger(in, n, out);
  if (to == TypeId::kBool) return IntegerToBool(in, n, out);
  return DateTimeToDateTime(in, n, context, out);
}

}  // namespace sundial::exec
