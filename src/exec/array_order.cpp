#include "exec/array_order.h"

#include <cmath>
#include <vector>

#include "common/array_text.h"
#include "common/value_text.h"

namespace sundial::exec {

int CompareArrayElements(const Value& a, const Value& b) {
  switch (a.type().id) {
    case TypeId::kBool:
      return static_cast<int>(a.bool_value()) - static_cast<int>(b.bool_value());
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      const double x = a.float_value();
      const double y = b.float_value();
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) - std::isnan(y);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    case TypeId::kText:
    case TypeId::kVarchar: {
      const int c = a.text_value().compare(b.text_value());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default:
      return a.int_value() < b.int_value() ? -1 : (a.int_value() > b.int_value() ? 1 : 0);
  }
}

int CompareArrayTexts(std::string_view a, std::string_view b, DataType array) {
  // Arrays in vectors are canonical, so they split and their elements parse.
  Result<std::vector<ArrayElement>> left = SplitArrayText(a);
  Result<std::vector<ArrayElement>> right = SplitArrayText(b);
  if (!left.ok() || !right.ok()) return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  const DataType type = array.ElementType();
  for (size_t k = 0; k < left->size() && k < right->size(); ++k) {
    const ArrayElement& x = (*left)[k];
    const ArrayElement& y = (*right)[k];
    if (!x || !y) {
      const int c = static_cast<int>(!x) - static_cast<int>(!y);
      if (c != 0) return c;
      continue;
    }
    Result<Value> vx = ParseTextValue(*x, type, TimeZone::Utc());
    Result<Value> vy = ParseTextValue(*y, type, TimeZone::Utc());
    if (!vx.ok() || !vy.ok()) continue;
    const int c = CompareArrayElements(*vx, *vy);
    if (c != 0) return c;
  }
  return left->size() < right->size() ? -1 : (left->size() > right->size() ? 1 : 0);
}

}  // namespace sundial::exec
