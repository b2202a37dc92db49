#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/types.h"
#include "ts/engine.h"
#include "ts/segment_reader.h"

namespace sundial::ts {

// The values of one column over a run of rows as a scan sees them: a decoded
// segment block or the rows of a memtable block. Non-owning.
struct ColumnView {
  TypeId type = TypeId::kUnknown;
  // Physical values (std::string_view for text without codes); nullptr for a
  // column the source does not have (every row NULL).
  const char* values = nullptr;
  const uint64_t* validity = nullptr;   // bit set = valid, or nullptr
  const uint8_t* null_bytes = nullptr;  // 1 = NULL, or nullptr
  // Dictionary-coded text: codes index `dictionary`.
  const uint32_t* codes = nullptr;
  const std::vector<std::string_view>* dictionary = nullptr;
  // Keeps the bytes text views point into alive.
  const ColumnVector* string_owner = nullptr;

  bool missing() const { return values == nullptr && codes == nullptr; }
  bool may_have_nulls() const { return missing() || validity != nullptr || null_bytes != nullptr; }
  bool IsNull(size_t row) const {
    if (missing()) return true;
    if (validity != nullptr) return ((validity[row >> 6] >> (row & 63)) & 1) == 0;
    return null_bytes != nullptr && null_bytes[row] != 0;
  }
};

// A ScanPredicate checked against its column's type and ready to run over
// column views and block min/max.
class CompiledPredicate {
 public:
  // kFeatureNotSupported for predicates the store cannot evaluate (text
  // ordering, bool, interval, NaN constants); kDatatypeMismatch when a value
  // does not fit the column.
  static Result<CompiledPredicate> Compile(const ScanPredicate& predicate, DataType column_type);

  int column() const { return column_; }
  bool is_text() const { return IsString(type_); }

  // False when no value between the block's min and max can match.
  bool MayMatch(const SegmentReader::Block& block) const;
  // True when every non-NULL value of the block matches.
  bool AllMatch(const SegmentReader::Block& block) const;

  // Keeps the rows that match and are not NULL. The candidate rows are
  // [0, count) when `all` is set, else sel[0, count); the survivors are
  // written to sel in order. Returns their number.
  size_t Refine(const ColumnView& column, bool all, size_t count, uint32_t* sel) const;

 private:
  int column_ = 0;
  ScanCompare op_ = ScanCompare::kEq;
  TypeId type_ = TypeId::kUnknown;
  std::vector<int64_t> ints_;
  std::vector<double> floats_;
  std::vector<std::string> strings_;
};

// Copies rows of `source` into a fresh vector of `type`: rows[0, n) when
// `rows` is set, else the contiguous rows [begin, begin + n).
ColumnVector GatherColumn(const ColumnView& source, DataType type, const uint32_t* rows,
                          size_t begin, size_t n);

}  // namespace sundial::ts
