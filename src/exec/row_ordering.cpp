#include "exec/row_ordering.h"

#include "exec/array_order.h"
#include "exec/value_order.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

template <typename T>
int CompareTyped(const ColumnVector& a, size_t i, const ColumnVector& b, size_t j) {
  return CompareValues(a.data<T>()[i], b.data<T>()[j]);
}

int CompareArrays(const ColumnVector& a, size_t i, const ColumnVector& b, size_t j) {
  return CompareArrayTexts(a.data<std::string_view>()[i], b.data<std::string_view>()[j], a.type());
}

}  // namespace

RowOrdering::RowOrdering(const std::vector<SortKey>& keys) {
  keys_.reserve(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    ValueCompare compare = DispatchPhysical(keys[k].expr->type.id, [](auto tag) -> ValueCompare {
      return CompareTyped<decltype(tag)>;
    });
    if (keys[k].expr->type.id == TypeId::kArray) compare = CompareArrays;
    keys_.push_back(Key{.index = k,
                        .compare = compare,
                        .descending = keys[k].descending,
                        .nulls_first = keys[k].nulls_first});
  }
}

}  // namespace sundial::exec
