#include "ts/scan_predicate.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/physical_type.h"

namespace sundial::ts {
namespace {

bool IsIntegerLike(TypeId id) {
  switch (id) {
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return true;
    default:
      return false;
  }
}

// Writes the candidate rows for which keep(row) holds (and that are not
// NULL) to sel; branch-free so the loops vectorize.
template <typename Keep>
size_t RefineWith(const ColumnView& column, bool all, size_t count, uint32_t* sel, Keep keep) {
  size_t kept = 0;
  bool nulls = column.may_have_nulls();
  if (all) {
    if (!nulls) {
      for (size_t r = 0; r < count; ++r) {
        sel[kept] = static_cast<uint32_t>(r);
        kept += keep(r);
      }
    } else {
      for (size_t r = 0; r < count; ++r) {
        sel[kept] = static_cast<uint32_t>(r);
        kept += static_cast<size_t>(keep(r)) & static_cast<size_t>(!column.IsNull(r));
      }
    }
    return kept;
  }
  for (size_t k = 0; k < count; ++k) {
    uint32_t r = sel[k];
    sel[kept] = r;
    kept += static_cast<size_t>(keep(r)) & static_cast<size_t>(!nulls || !column.IsNull(r));
  }
  return kept;
}

// PostgreSQL orders NaN above every number: NaN > x and NaN >= x hold for
// all non-NaN x, and the constants here are never NaN.
template <typename T>
bool Greater(T v, double c) {
  if constexpr (std::is_floating_point_v<T>) return static_cast<double>(v) > c || v != v;
  return static_cast<double>(v) > c;
}

template <typename T>
size_t RefineNumeric(const ColumnView& column, ScanCompare op, const std::vector<int64_t>& ints,
                     const std::vector<double>& floats, bool all, size_t count, uint32_t* sel) {
  const T* v = reinterpret_cast<const T*>(column.values);
  if constexpr (std::is_floating_point_v<T>) {
    double c = floats[0];
    switch (op) {
      case ScanCompare::kEq:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] == c; });
      case ScanCompare::kLt:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] < c; });
      case ScanCompare::kLe:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] <= c; });
      case ScanCompare::kGt:
        return RefineWith(column, all, count, sel,
                          [&](size_t r) { return v[r] > c || v[r] != v[r]; });
      case ScanCompare::kGe:
        return RefineWith(column, all, count, sel,
                          [&](size_t r) { return v[r] >= c || v[r] != v[r]; });
      case ScanCompare::kIn:
        return RefineWith(column, all, count, sel, [&](size_t r) {
          double x = v[r];
          return std::find(floats.begin(), floats.end(), x) != floats.end();
        });
    }
  } else {
    int64_t c = ints[0];
    switch (op) {
      case ScanCompare::kEq:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] == c; });
      case ScanCompare::kLt:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] < c; });
      case ScanCompare::kLe:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] <= c; });
      case ScanCompare::kGt:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] > c; });
      case ScanCompare::kGe:
        return RefineWith(column, all, count, sel, [&](size_t r) { return v[r] >= c; });
      case ScanCompare::kIn:
        return RefineWith(column, all, count, sel, [&](size_t r) {
          int64_t x = v[r];
          return std::find(ints.begin(), ints.end(), x) != ints.end();
        });
    }
  }
  return 0;
}

bool InRange(double lo, double hi, double c) {
  return lo <= c && c <= hi;
}

}  // namespace

Result<CompiledPredicate> CompiledPredicate::Compile(const ScanPredicate& predicate,
                                                     DataType column_type) {
  CompiledPredicate out;
  out.column_ = predicate.column;
  out.op_ = predicate.op;
  out.type_ = column_type.id;
  if (predicate.values.empty() ||
      (predicate.op != ScanCompare::kIn && predicate.values.size() != 1)) {
    return Status::Error(ErrorCode::kInternal, "scan predicate has the wrong number of values");
  }
  bool text = IsString(column_type.id);
  bool integer = IsIntegerLike(column_type.id);
  bool floating = IsFloat(column_type.id);
  if (!text && !integer && !floating) {
    return Status::Error(
        ErrorCode::kFeatureNotSupported,
        std::string("scan predicates on ") + TypeName(column_type) + " columns are not supported");
  }
  if (text && predicate.op != ScanCompare::kEq && predicate.op != ScanCompare::kIn) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "ordering scan predicates on text are not supported");
  }
  for (const Value& value : predicate.values) {
    if (value.is_null()) {
      return Status::Error(ErrorCode::kDatatypeMismatch, "scan predicate value is NULL");
    }
    TypeId id = value.type().id;
    if (text && IsString(id)) {
      out.strings_.push_back(value.text_value());
    } else if (integer && IsIntegerLike(id)) {
      out.ints_.push_back(value.int_value());
    } else if (floating && IsFloat(id)) {
      if (std::isnan(value.float_value())) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "NaN scan predicate values are not supported");
      }
      out.floats_.push_back(value.float_value());
    } else {
      return Status::Error(ErrorCode::kDatatypeMismatch,
                           std::string("scan predicate value does not match a ") +
                               TypeName(column_type) + " column");
    }
  }
  return out;
}

bool CompiledPredicate::MayMatch(const SegmentReader::Block& block) const {
  if (is_text()) {
    // Text predicates are = and IN, so byte order bounds them whatever the collation.
    if (!block.has_text_bounds) return true;
    return std::any_of(strings_.begin(), strings_.end(), [&](const std::string& value) {
      return block.text_min <= value && value <= block.text_max;
    });
  }
  bool floating = IsFloat(type_);
  double lo = floating ? block.min_float : static_cast<double>(block.min);
  double hi = floating ? block.max_float : static_cast<double>(block.max);
  if (!floating) {
    int64_t min = block.min;
    int64_t max = block.max;
    switch (op_) {
      case ScanCompare::kEq:
      case ScanCompare::kIn:
        return std::any_of(ints_.begin(), ints_.end(),
                           [&](int64_t c) { return min <= c && c <= max; });
      case ScanCompare::kLt:
        return min < ints_[0];
      case ScanCompare::kLe:
        return min <= ints_[0];
      case ScanCompare::kGt:
        return max > ints_[0];
      case ScanCompare::kGe:
        return max >= ints_[0];
    }
    return true;
  }
  // A block holding NaN has max NaN, which matches > and >=.
  switch (op_) {
    case ScanCompare::kEq:
    case ScanCompare::kIn:
      return std::isnan(hi) || std::any_of(floats_.begin(), floats_.end(),
                                           [&](double c) { return InRange(lo, hi, c); });
    case ScanCompare::kLt:
      return !(lo >= floats_[0]);
    case ScanCompare::kLe:
      return !(lo > floats_[0]);
    case ScanCompare::kGt:
      return !(hi <= floats_[0]);
    case ScanCompare::kGe:
      return !(hi < floats_[0]);
  }
  return true;
}

bool CompiledPredicate::AllMatch(const SegmentReader::Block& block) const {
  if (is_text()) {
    // A block holding one value (a series' rows stored together) matches
    // as a whole. Equal bounds mean one value: a smallest value that was cut
    // to a prefix sorts above that prefix, so no largest value can equal it.
    return block.has_text_bounds && block.text_min == block.text_max &&
           std::find(strings_.begin(), strings_.end(), block.text_min) != strings_.end();
  }
  if (IsFloat(type_)) {
    double lo = block.min_float;
    double hi = block.max_float;
    if (std::isnan(lo) || std::isnan(hi)) return false;
    switch (op_) {
      case ScanCompare::kLt:
        return hi < floats_[0];
      case ScanCompare::kLe:
        return hi <= floats_[0];
      case ScanCompare::kGt:
        return lo > floats_[0];
      case ScanCompare::kGe:
        return lo >= floats_[0];
      default:
        return false;
    }
  }
  switch (op_) {
    case ScanCompare::kEq:
    case ScanCompare::kIn:
      return block.min == block.max &&
             std::find(ints_.begin(), ints_.end(), block.min) != ints_.end();
    case ScanCompare::kLt:
      return block.max < ints_[0];
    case ScanCompare::kLe:
      return block.max <= ints_[0];
    case ScanCompare::kGt:
      return block.min > ints_[0];
    case ScanCompare::kGe:
      return block.min >= ints_[0];
  }
  return false;
}

size_t CompiledPredicate::Refine(const ColumnView& column, bool all, size_t count,
                                 uint32_t* sel) const {
  if (column.missing()) return 0;
  if (is_text()) {
    auto matches = [&](std::string_view s) {
      return std::find(strings_.begin(), strings_.end(), s) != strings_.end();
    };
    if (column.codes != nullptr) {
      // Once per distinct value, then one table lookup per row.
      std::vector<uint8_t> hit(column.dictionary->size());
      bool any = false;
      for (size_t i = 0; i < hit.size(); ++i) {
        hit[i] = matches((*column.dictionary)[i]);
        any |= hit[i] != 0;
      }
      if (!any) return 0;
      const uint32_t* codes = column.codes;
      const uint8_t* h = hit.data();
      return RefineWith(column, all, count, sel, [&](size_t r) { return h[codes[r]] != 0; });
    }
    const auto* v = reinterpret_cast<const std::string_view*>(column.values);
    return RefineWith(column, all, count, sel, [&](size_t r) { return matches(v[r]); });
  }
  return VisitNumericPhysicalType(type_, [&](auto tag) {
    using T = decltype(tag);
    return RefineNumeric<T>(column, op_, ints_, floats_, all, count, sel);
  });
}

ColumnVector GatherColumn(const ColumnView& source, DataType type, const uint32_t* rows,
                          size_t begin, size_t n) {
  if (source.missing()) {
    ColumnVector out(type, std::max<size_t>(n, 1));
    out.SetSize(n);
    for (size_t i = 0; i < n; ++i)
      out.SetNull(i, true);
    return out;
  }
  ColumnVector out = ColumnVector::ForOverwrite(type, std::max<size_t>(n, 1));
  out.SetSize(n);
  auto row_at = [&](size_t i) -> size_t { return rows != nullptr ? rows[i] : begin + i; };
  if (source.codes != nullptr) {
    auto* dst = out.data<std::string_view>();
    const std::vector<std::string_view>& dictionary = *source.dictionary;
    for (size_t i = 0; i < n; ++i)
      dst[i] = dictionary[source.codes[row_at(i)]];
  } else {
    size_t width = PhysicalSize(type.id);
    char* dst = out.data<char>();
    if (rows == nullptr) {
      std::memcpy(dst, source.values + begin * width, n * width);
    } else {
      auto gather = [&](auto tag) {
        using T = decltype(tag);
        const T* src = reinterpret_cast<const T*>(source.values);
        T* d = reinterpret_cast<T*>(dst);
        for (size_t i = 0; i < n; ++i)
          d[i] = src[rows[i]];
      };
      switch (width) {
        case 1:
          gather(uint8_t{});
          break;
        case 2:
          gather(uint16_t{});
          break;
        case 4:
          gather(uint32_t{});
          break;
        case 8:
          gather(uint64_t{});
          break;
        default:
          for (size_t i = 0; i < n; ++i)
            std::memcpy(dst + i * width, source.values + rows[i] * width, width);
      }
    }
  }
  if (source.may_have_nulls()) {
    for (size_t i = 0; i < n; ++i) {
      if (source.IsNull(row_at(i))) out.SetNull(i, true);
    }
  }
  if (HasStringHeap(type.id) && source.string_owner != nullptr) {
    out.KeepStringsOf(*source.string_owner);
  }
  return out;
}

}  // namespace sundial::ts
