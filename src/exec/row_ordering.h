#pragma once

#include <cstddef>
#include <vector>

#include "common/column_vector.h"
#include "exec/plan.h"

namespace sundial::exec {

// Compares rows under ORDER BY keys whose values are already evaluated into
// key vectors. The type dispatch happens once per key when the ordering is
// built; each comparison is a call through a typed function pointer.
class RowOrdering {
 public:
  explicit RowOrdering(const std::vector<SortKey>& keys);

  // <0, 0, >0 comparing row i of keys `a` with row j of keys `b` (one vector
  // per sort key, in key order).
  int Compare(const std::vector<ColumnVector>& a, size_t i, const std::vector<ColumnVector>& b,
              size_t j) const {
    for (const Key& key : keys_) {
      int c = CompareKey(key, a[key.index], i, b[key.index], j);
      if (c != 0) return c;
    }
    return 0;
  }

 private:
  using ValueCompare = int (*)(const ColumnVector&, size_t, const ColumnVector&, size_t);
  struct Key {
    size_t index;
    ValueCompare compare;
    bool descending;
    bool nulls_first;
  };

  static int CompareKey(const Key& key, const ColumnVector& a, size_t i, const ColumnVector& b,
                        size_t j) {
    bool a_null = a.IsNull(i);
    bool b_null = b.IsNull(j);
    if (a_null || b_null) {
      if (a_null && b_null) return 0;
      return a_null == key.nulls_first ? -1 : 1;
    }
    int c = key.compare(a, i, b, j);
    return key.descending ? -c : c;
  }

  std::vector<Key> keys_;
};

}  // namespace sundial::exec
