#include "exec/aggregates/collecting_aggregate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <numeric>

#include "common/value.h"
#include "exec/aggregates/typed_aggregate.h"
#include "exec/time_math.h"
#include "exec/value_order.h"

namespace sundial::exec {
namespace {

// Collected rows, `width` values each, back to back.
struct Collection {
  std::vector<Value> values;
  // ValueBytes summed over `values`, kept as they change: the hash
  // aggregate asks for it after every batch, so walking the values each
  // time would cost rows x collected values.
  size_t value_bytes = 0;
  // DISTINCT: the leading rows already sorted and free of duplicates.
  size_t unique_rows = 0;
};

// Compares two non-NULL values of the same type in PostgreSQL's order.
int CompareNonNull(const Value& a, const Value& b) {
  switch (a.type().id) {
    case TypeId::kBool:
      return CompareValues(a.bool_value(), b.bool_value());
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return CompareValues(a.float_value(), b.float_value());
    case TypeId::kInterval:
      return CompareValues(a.interval_value(), b.interval_value());
    case TypeId::kNumeric:
      return CompareNumeric(a.numeric_value(), b.numeric_value());
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      return CompareValues(std::string_view(a.text_value()), std::string_view(b.text_value()));
    default:
      return CompareValues(a.int_value(), b.int_value());
  }
}

// NULLs compare equal to each other and sort last.
int CompareNullsLast(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return static_cast<int>(a.is_null()) - b.is_null();
  return CompareNonNull(a, b);
}

void PutValue(std::string& out, const Value& v) {
  PutStateField(out, v.is_null());
  if (v.is_null()) return;
  switch (v.type().id) {
    case TypeId::kBool:
      PutStateField(out, v.bool_value());
      return;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      PutStateField(out, v.float_value());
      return;
    case TypeId::kInterval:
      PutStateField(out, v.interval_value());
      return;
    case TypeId::kNumeric:
      PutStateField(out, v.numeric_value());
      return;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      PutStateField(out, v.text_value());
      return;
    default:
      PutStateField(out, v.int_value());
  }
}

bool GetValue(std::string_view& in, DataType type, Value& v) {
  bool is_null;
  if (!GetStateField(in, is_null)) return false;
  if (is_null) {
    v = Value::Null(type);
    return true;
  }
  switch (type.id) {
    case TypeId::kBool: {
      bool b;
      if (!GetStateField(in, b)) return false;
      v = Value::Bool(b);
      return true;
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d;
      if (!GetStateField(in, d)) return false;
      v = Value::Float(type.id, d);
      return true;
    }
    case TypeId::kInterval: {
      Interval i;
      if (!GetStateField(in, i)) return false;
      v = Value::OfInterval(i);
      return true;
    }
    case TypeId::kNumeric: {
      Numeric n;
      if (!GetStateField(in, n)) return false;
      v = Value::OfNumeric(n, type);
      return true;
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown: {
      std::string s;
      if (!GetStateField(in, s)) return false;
      v = Value::Text(std::move(s), type);
      return true;
    }
    default: {
      int64_t i;
      if (!GetStateField(in, i)) return false;
      v = Value::Int(type.id, i);
      return true;
    }
  }
}

size_t ValueBytes(const Value& v) {
  size_t bytes = sizeof(Value);
  if (!v.is_null() && IsString(v.type().id)) bytes += v.text_value().capacity();
  return bytes;
}

// The shared machinery: a state holding a Collection, rows in and out.
class CollectingBase : public AggregateFunction {
 public:
  size_t state_size() const override { return sizeof(Collection); }
  void Init(uint8_t* state) const override {
    std::construct_at(reinterpret_cast<Collection*>(state));
  }
  void Destroy(uint8_t* state) const override { std::destroy_at(&Get(state)); }

  void Update(uint8_t* const* states, const ColumnVector* args, size_t count) const override {
    for (size_t i = 0; i < count; ++i) {
      if (skip_null_first_ && args[0].IsNull(i)) continue;
      Collection& c = Get(states[i]);
      for (size_t column = 0; column < columns_.size(); ++column) {
        c.values.push_back(Value::FromVector(args[column], i));
        c.value_bytes += ValueBytes(c.values.back());
      }
      MaybeDeduplicate(c);
    }
  }
  void Combine(const uint8_t* source, uint8_t* target) const override {
    const Collection& s = Get(source);
    Collection& t = Get(target);
    t.values.insert(t.values.end(), s.values.begin(), s.values.end());
    t.value_bytes += s.value_bytes;
    MaybeDeduplicate(t);
  }
  void Serialize(const uint8_t* state, std::string& out) const override {
    const Collection& c = Get(state);
    PutStateField(out, static_cast<uint64_t>(c.values.size() / columns_.size()));
    for (const Value& v : c.values)
      PutValue(out, v);
  }
  Status Deserialize(std::string_view& in, uint8_t* state) const override {
    Collection& c = Get(state);
    uint64_t rows;
    if (!GetStateField(in, rows)) return Truncated();
    for (uint64_t r = 0; r < rows; ++r) {
      for (const DataType& type : columns_) {
        Value v;
        if (!GetValue(in, type, v)) return Truncated();
        c.values.push_back(std::move(v));
        c.value_bytes += ValueBytes(c.values.back());
      }
    }
    return Status::Ok();
  }
  bool owns_memory() const override { return true; }
  size_t OwnedBytes(const uint8_t* state) const override {
    const Collection& c = Get(state);
    return (c.values.capacity() - c.values.size()) * sizeof(Value) + c.value_bytes;
  }

 protected:
  CollectingBase(std::string name, std::vector<DataType> columns, DataType return_type,
                 std::vector<CollectedOrder> order, bool distinct, bool skip_null_first)
      : AggregateFunction(std::move(name), columns, return_type),
        columns_(std::move(columns)),
        order_(std::move(order)),
        distinct_(distinct),
        skip_null_first_(skip_null_first) {}

  static Collection& Get(uint8_t* state) {
    return *std::launder(reinterpret_cast<Collection*>(state));
  }
  static const Collection& Get(const uint8_t* state) {
    return *std::launder(reinterpret_cast<const Collection*>(state));
  }

  // Row indexes of `c` in the aggregate's order, duplicates dropped for
  // DISTINCT.
  std::vector<size_t> SortedRows(const Collection& c) const {
    const size_t width = columns_.size();
    std::vector<size_t> rows(c.values.size() / width);
    std::iota(rows.begin(), rows.end(), size_t{0});
    const Value* values = c.values.data();
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
      return CompareRows(values + a * width, values + b * width) < 0;
    });
    if (distinct_) {
      auto end = std::unique(rows.begin(), rows.end(), [&](size_t a, size_t b) {
        return CompareRows(values + a * width, values + b * width) == 0;
      });
      rows.erase(end, rows.end());
    }
    return rows;
  }

  const std::vector<DataType>& columns() const { return columns_; }

 private:
  // The order keys, then (DISTINCT) every column, so equal rows are adjacent.
  int CompareRows(const Value* a, const Value* b) const {
    for (const CollectedOrder& key : order_) {
      const Value& x = a[key.column];
      const Value& y = b[key.column];
      int c;
      if (x.is_null() || y.is_null()) {
        c = static_cast<int>(x.is_null()) - y.is_null();
        if (key.nulls_first) c = -c;
      } else {
        c = CompareNonNull(x, y);
        if (key.descending) c = -c;
      }
      if (c != 0) return c;
    }
    if (distinct_) {
      for (size_t column = 0; column < columns_.size(); ++column) {
        int c = CompareNullsLast(a[column], b[column]);
        if (c != 0) return c;
      }
    }
    return 0;
  }

  // Keeps a DISTINCT collection near its number of distinct rows: once it
  // has doubled since the last pass, sort and drop duplicates again.
  void MaybeDeduplicate(Collection& c) const {
    if (!distinct_) return;
    const size_t width = columns_.size();
    const size_t rows = c.values.size() / width;
    if (rows < 2 * c.unique_rows + 256) return;
    std::vector<size_t> order = SortedRows(c);
    std::vector<Value> kept;
    kept.reserve(order.size() * width);
    for (size_t row : order) {
      for (size_t column = 0; column < width; ++column)
        kept.push_back(std::move(c.values[row * width + column]));
    }
    c.values = std::move(kept);
    c.value_bytes = 0;
    for (const Value& v : c.values)
      c.value_bytes += ValueBytes(v);
    c.unique_rows = order.size();
  }

  Status Truncated() const {
    return Status::Error(ErrorCode::kCorruption, "truncated state of aggregate " + name());
  }

  std::vector<DataType> columns_;
  std::vector<CollectedOrder> order_;
  bool distinct_;
  bool skip_null_first_;
};

// f(DISTINCT ...) and f(... ORDER BY ...) over a registry aggregate.
class CollectingAggregate final : public CollectingBase {
 public:
  CollectingAggregate(const AggregateFunction& inner, std::vector<DataType> columns,
                      std::vector<CollectedOrder> order, bool distinct)
      : CollectingBase(inner.name(), std::move(columns), inner.return_type(), std::move(order),
                       distinct, false),
        inner_(inner) {}

  Status CheckFinalize(const uint8_t* state) const override {
    return Finish(Get(state), nullptr, 0);
  }
  Status FinalizeChecked(const uint8_t* state, ColumnVector& out, size_t row) const override {
    return Finish(Get(state), &out, row);
  }
  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    // Only reached through FinalizeChecked's default, which this class
    // replaces; an error here would already have come from CheckFinalize.
    Finish(Get(state), &out, row).IgnoreError();
  }

 private:
  // Runs the inner aggregate over the sorted rows; writes the result when
  // `out` is set, else only reports its error.
  Status Finish(const Collection& c, ColumnVector* out, size_t row) const {
    std::vector<std::max_align_t> storage(
        (inner_.state_size() + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t) + 1);
    uint8_t* state = reinterpret_cast<uint8_t*>(storage.data());
    inner_.Init(state);
    const std::vector<size_t> rows = SortedRows(c);
    const size_t width = columns().size();
    const size_t arity = inner_.arg_types().size();
    std::vector<uint8_t*> states(std::min(rows.size(), kBatchCapacity), state);
    for (size_t begin = 0; begin < rows.size(); begin += kBatchCapacity) {
      const size_t n = std::min(kBatchCapacity, rows.size() - begin);
      std::vector<ColumnVector> args;
      for (size_t a = 0; a < arity; ++a) {
        ColumnVector column(inner_.arg_types()[a], n);
        column.SetSize(n);
        for (size_t i = 0; i < n; ++i)
          c.values[rows[begin + i] * width + a].WriteTo(column, i);
        args.push_back(std::move(column));
      }
      inner_.Update(states.data(), args.data(), n);
    }
    Status status = inner_.CheckFinalize(state);
    if (status.ok() && out != nullptr) inner_.Finalize(state, *out, row);
    inner_.Destroy(state);
    return status;
  }

  const AggregateFunction& inner_;
};

class OrderedSetAggregate final : public CollectingBase {
 public:
  OrderedSetAggregate(OrderedSetKind kind, DataType type, CollectedOrder order,
                      std::optional<double> fraction)
      : CollectingBase(NameOf(kind), {type}, type, {order}, false, true),
        kind_(kind),
        fraction_(fraction) {}

  Status CheckFinalize(const uint8_t* /*state*/) const override {
    if (kind_ == OrderedSetKind::kMode || !fraction_.has_value()) return Status::Ok();
    double f = *fraction_;
    if (f < 0 || f > 1 || std::isnan(f)) {
      char text[64];
      std::snprintf(text, sizeof(text), "%g", f);
      return Status::Error(ErrorCode::kNumericValueOutOfRange,
                           std::string("percentile value ") + text + " is not between 0 and 1");
    }
    return Status::Ok();
  }

  void Finalize(const uint8_t* state, ColumnVector& out, size_t row) const override {
    const Collection& c = Get(state);
    const std::vector<size_t> rows = SortedRows(c);
    if (rows.empty() || (kind_ != OrderedSetKind::kMode && !fraction_.has_value())) {
      out.SetNull(row, true);
      return;
    }
    const auto n = static_cast<double>(rows.size());
    switch (kind_) {
      case OrderedSetKind::kPercentileDisc: {
        auto rank = static_cast<size_t>(std::ceil(*fraction_ * n));
        c.values[rows[rank <= 1 ? 0 : rank - 1]].WriteTo(out, row);
        return;
      }
      case OrderedSetKind::kPercentileCont: {
        double position = *fraction_ * (n - 1);
        double first = std::floor(position);
        const Value& lo = c.values[rows[static_cast<size_t>(first)]];
        const Value& hi = c.values[rows[static_cast<size_t>(std::ceil(position))]];
        Interpolate(lo, hi, position - first).WriteTo(out, row);
        return;
      }
      case OrderedSetKind::kMode: {
        size_t best = rows[0];
        size_t best_count = 0;
        for (size_t i = 0; i < rows.size();) {
          size_t j = i + 1;
          while (j < rows.size() && CompareNonNull(c.values[rows[j]], c.values[rows[i]]) == 0)
            ++j;
          if (j - i > best_count) {
            best = rows[i];
            best_count = j - i;
          }
          i = j;
        }
        c.values[best].WriteTo(out, row);
        return;
      }
    }
  }

 private:
  static std::string NameOf(OrderedSetKind kind) {
    switch (kind) {
      case OrderedSetKind::kPercentileCont:
        return "percentile_cont";
      case OrderedSetKind::kPercentileDisc:
        return "percentile_disc";
      case OrderedSetKind::kMode:
        return "mode";
    }
    return "mode";
  }

  // lo + (hi - lo) * proportion, as PostgreSQL interpolates; equal rows give
  // lo itself.
  static Value Interpolate(const Value& lo, const Value& hi, double proportion) {
    if (proportion == 0) return lo;
    if (lo.type().id != TypeId::kInterval) {
      return Value::Float64(lo.float_value() + (hi.float_value() - lo.float_value()) * proportion);
    }
    Interval a = lo.interval_value();
    Interval b = hi.interval_value();
    Interval diff{
        .micros = b.micros - a.micros, .days = b.days - a.days, .months = b.months - a.months};
    Interval scaled;
    if (!ScaleInterval(diff, proportion, scaled)) return hi;
    return Value::OfInterval(Interval{.micros = a.micros + scaled.micros,
                                      .days = a.days + scaled.days,
                                      .months = a.months + scaled.months});
  }

  OrderedSetKind kind_;
  std::optional<double> fraction_;
};

}  // namespace

std::shared_ptr<const AggregateFunction> MakeCollectingAggregate(
    const AggregateFunction& inner, std::vector<DataType> extra_columns,
    std::vector<CollectedOrder> order, bool distinct) {
  std::vector<DataType> columns = inner.arg_types();
  columns.insert(columns.end(), extra_columns.begin(), extra_columns.end());
  return std::make_shared<CollectingAggregate>(inner, std::move(columns), std::move(order),
                                               distinct);
}

std::shared_ptr<const AggregateFunction> MakeOrderedSetAggregate(OrderedSetKind kind, DataType type,
                                                                 CollectedOrder order,
                                                                 std::optional<double> fraction) {
  return std::make_shared<OrderedSetAggregate>(kind, type, order, fraction);
}

}  // namespace sundial::exec
