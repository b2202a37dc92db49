#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/datetime.h"
#include "common/value.h"
#include "exec/expression.h"
#include "exec/function_registry.h"
#include "exec/operator.h"
#include "exec/plan.h"

namespace sundial::exec::testing {

inline const DataType kInt32 = DataType::Of(TypeId::kInt32);
inline const DataType kInt64 = DataType::Of(TypeId::kInt64);
inline const DataType kFloat64 = DataType::Of(TypeId::kFloat64);
inline const DataType kText = DataType::Of(TypeId::kText);
inline const DataType kBool = DataType::Of(TypeId::kBool);
inline const DataType kTimestampTz = DataType::Of(TypeId::kTimestampTz);

// A call resolved the way the binder does it: pick the overload, cast args.
inline ExprPtr Call(std::string_view name, std::vector<ExprPtr> args) {
  std::vector<DataType> types;
  for (const ExprPtr& arg : args)
    types.push_back(arg->type);
  auto resolved = FunctionRegistry::Instance().ResolveScalar(name, types);
  INFO(std::string(name) << ": " << resolved.status().message());
  REQUIRE(resolved.ok());
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i]->type != resolved->arg_types[i]) {
      args[i] = MakeCast(args[i], resolved->arg_types[i]);
    }
  }
  return MakeCall(resolved->function, std::move(args));
}

inline ExprPtr Lit(Value v) {
  return MakeConstant(std::move(v));
}
inline ExprPtr Int(int64_t v) {
  return Lit(Value::Int(TypeId::kInt32, v));
}
inline ExprPtr Big(int64_t v) {
  return Lit(Value::Int64(v));
}
inline ExprPtr Dbl(double v) {
  return Lit(Value::Float64(v));
}
inline ExprPtr Txt(std::string v) {
  return Lit(Value::Text(std::move(v)));
}
inline ExprPtr Untyped(std::string v) {
  return Lit(Value::Text(std::move(v), DataType::Of(TypeId::kUnknown)));
}
inline ExprPtr Null(DataType type) {
  return Lit(Value::Null(type));
}
inline ExprPtr Bool(bool v) {
  return Lit(Value::Bool(v));
}

inline Value Iv(std::string_view text) {
  auto parsed = ParseInterval(text);
  REQUIRE(parsed.ok());
  return Value::OfInterval(*parsed);
}
inline Value Tstz(std::string_view text) {
  auto parsed = ParseTimestampTz(text, TimeZone::Utc());
  INFO(std::string(text));
  REQUIRE(parsed.ok());
  return Value::TimestampTz(*parsed);
}
inline Value Ts(std::string_view text) {
  auto parsed = ParseTimestamp(text);
  REQUIRE(parsed.ok());
  return Value::Timestamp(*parsed);
}
inline Value Date(std::string_view text) {
  auto parsed = ParseDate(text);
  REQUIRE(parsed.ok());
  return Value::Date(*parsed);
}

inline Result<Value> Eval(const ExprPtr& expr, const EvalContext& context = {}) {
  return EvaluateConstant(*expr, context);
}

// A storage engine that only scans: tests derive from it and implement Scan;
// everything else answers kFeatureNotSupported.
class ScanOnlyEngine : public ts::Engine {
 public:
  Result<ts::TableSchema> CreateTable(ts::TableSchema) override { return Unsupported(); }
  Status DropTable(const std::string&) override { return Unsupported(); }
  Result<ts::TableSchema> MakeHypertable(const std::string&, int, int64_t) override {
    return Unsupported();
  }
  std::optional<ts::TableSchema> FindTable(const std::string&) const override { return {}; }
  std::vector<ts::TableSchema> ListTables() const override { return {}; }
  Status AppendTables(const std::vector<ts::TableAppend>&) override { return Unsupported(); }
  Result<TableStats> Stats(uint32_t) const override { return Unsupported(); }
  Status Checkpoint() override { return Unsupported(); }

 private:
  static Status Unsupported() {
    return Status::Error(ErrorCode::kFeatureNotSupported, "scan-only test engine");
  }
};

// Serves the integers 0 .. rows-1 as one int8 column, in batches of 1000.
class CountingEngine final : public ScanOnlyEngine {
 public:
  explicit CountingEngine(size_t rows) : rows_(rows) {}

  Result<std::unique_ptr<ts::TableScanner>> Scan(const ts::ScanSpec&) override {
    return std::unique_ptr<ts::TableScanner>(std::make_unique<Scanner>(rows_));
  }

 private:
  class Scanner final : public ts::TableScanner {
   public:
    explicit Scanner(size_t rows) : rows_(rows) {}
    Result<bool> Next(DataChunk& out) override {
      if (next_ >= rows_) return false;
      size_t n = std::min<size_t>(1000, rows_ - next_);
      out = DataChunk::Make({kInt64}, n);
      for (size_t i = 0; i < n; ++i)
        out.columns[0].data<int64_t>()[i] = static_cast<int64_t>(next_ + i);
      out.SetSize(n);
      next_ += n;
      return true;
    }

   private:
    size_t rows_;
    size_t next_ = 0;
  };
  size_t rows_;
};

// A VALUES plan over constant rows of the given column types.
inline std::shared_ptr<ValuesPlan> ValuesOf(std::vector<DataType> types,
                                            const std::vector<std::vector<Value>>& rows) {
  auto plan = std::make_shared<ValuesPlan>();
  plan->output_types = std::move(types);
  for (const auto& row : rows) {
    std::vector<ExprPtr> exprs;
    for (size_t c = 0; c < row.size(); ++c) {
      exprs.push_back(row[c].is_null() ? MakeConstant(Value::Null(plan->output_types[c]))
                                       : MakeConstant(row[c]));
    }
    plan->rows.push_back(std::move(exprs));
  }
  return plan;
}

// A window call of aggregate `name` over input columns `args` of `arg_type`.
inline WindowCall WindowAggregate(std::string_view name, std::vector<int> args, DataType arg_type,
                                  WindowFrame frame = {}) {
  std::vector<DataType> types(args.size(), arg_type);
  auto resolved = FunctionRegistry::Instance().ResolveAggregate(name, types);
  REQUIRE(resolved.ok());
  return WindowCall{.name = std::string(name),
                    .kind = WindowFunctionKind::kAggregate,
                    .aggregate = resolved->function,
                    .args = std::move(args),
                    .type = resolved->function->return_type(),
                    .frame = frame};
}

// A call of aggregate `name` resolved for the argument types.
inline AggregateCall Agg(std::string_view name, std::vector<ExprPtr> args) {
  std::vector<DataType> types;
  for (const ExprPtr& arg : args)
    types.push_back(arg->type);
  auto resolved = FunctionRegistry::Instance().ResolveAggregate(name, types);
  REQUIRE(resolved.ok());
  return AggregateCall{.function = resolved->function, .args = std::move(args)};
}

// A scan of table column 0 as int8 (CountingEngine's rows).
inline std::shared_ptr<ScanPlan> ScanOf() {
  auto scan = std::make_shared<ScanPlan>();
  scan->output_types = {kInt64};
  scan->spec.columns = {0};
  return scan;
}

// Runs a plan to completion and returns its rows as boxed values.
inline Result<std::vector<std::vector<Value>>> RunPlan(const PlanNode& plan, ExecContext& context) {
  ASSIGN_OR_RETURN(std::unique_ptr<Operator> op, BuildOperator(plan, context));
  std::vector<std::vector<Value>> rows;
  DataChunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, op->Next(chunk));
    if (!more) break;
    for (size_t r = 0; r < chunk.size(); ++r) {
      std::vector<Value> row;
      for (const ColumnVector& column : chunk.columns)
        row.push_back(Value::FromVector(column, r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

inline std::vector<std::vector<Value>> MustRun(const PlanNode& plan) {
  ExecContext context;
  auto rows = RunPlan(plan, context);
  INFO(rows.status().message());
  REQUIRE(rows.ok());
  return std::move(rows).value();
}

}  // namespace sundial::exec::testing
