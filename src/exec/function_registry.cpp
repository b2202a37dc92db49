#include "exec/function_registry.h"

#include <limits>
#include <string>
#include <unordered_map>

#include "exec/expression.h"
#include "exec/function_catalog.h"

namespace sundial::exec {
namespace {

constexpr int kNotCastable = std::numeric_limits<int>::max();

int IntegerWidth(TypeId id) {
  return id == TypeId::kInt16 ? 1 : id == TypeId::kInt32 ? 2 : id == TypeId::kInt64 ? 3 : 0;
}

// How much an implicit conversion from `from` to `to` costs when choosing an
// overload. Lower is preferred; the numbers encode PostgreSQL's preferences
// (an unknown literal adopts the other argument's type, then text; float8 is
// the preferred numeric type, timestamptz the preferred datetime type).
int CastCost(DataType from, DataType to, const std::vector<DataType>& args) {
  if (from.id == TypeId::kArray || to.id == TypeId::kArray) {
    // Arrays match by element type; an untyped literal takes the array type
    // another argument has, else text[].
    if (from.id == TypeId::kUnknown) {
      for (const DataType& other : args) {
        if (other == to) return 1;
      }
      return to.element == TypeId::kText ? 2 : 3;
    }
    if (from.id != to.id) return kNotCastable;
    if (from.element == to.element) return 0;
    return IsString(from.element) && IsString(to.element) ? 1 : kNotCastable;
  }
  if (from.id == to.id) return 0;
  if (from.id == TypeId::kUnknown) {
    for (const DataType& other : args) {
      if (other.id == to.id) return 1;
    }
    return to.id == TypeId::kText ? 2 : 3;
  }
  if (from.id == TypeId::kVarchar && to.id == TypeId::kText) return 1;
  if (from.id == TypeId::kText && to.id == TypeId::kVarchar) return 2;
  // Integers reach numeric, the exact type, but float8 is PostgreSQL's
  // preferred numeric type: round(int) is round(float8). With one argument
  // already numeric, int + numeric (5) still beats float8 + float8 (4 + 2).
  int from_width = IntegerWidth(from.id);
  if (from_width > 0) {
    int to_width = IntegerWidth(to.id);
    if (to_width > from_width) return to_width - from_width;
    if (to.id == TypeId::kFloat64) return 4;
    if (to.id == TypeId::kNumeric) return 5;
    if (to.id == TypeId::kFloat32) return 6;
    return kNotCastable;
  }
  if (from.id == TypeId::kNumeric) {
    if (to.id == TypeId::kFloat64) return 2;
    // float4 + numeric is float4 + float8 in PostgreSQL (float48pl): float8.
    if (to.id == TypeId::kFloat32) return 4;
    return kNotCastable;
  }
  if (from.id == TypeId::kFloat32 && to.id == TypeId::kFloat64) return 1;
  if (from.id == TypeId::kDate) {
    if (to.id == TypeId::kTimestamp) return 1;
    if (to.id == TypeId::kTimestampTz) return 2;
  }
  if (from.id == TypeId::kTimestamp && to.id == TypeId::kTimestampTz) return 1;
  if (from.id == TypeId::kTimestampTz && to.id == TypeId::kTimestamp) return 3;
  return kNotCastable;
}

bool IsOperatorName(std::string_view name) {
  return !name.empty() && !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
}

Status NoSuchFunction(std::string_view name, const std::vector<DataType>& args) {
  if (IsOperatorName(name) && (args.size() == 1 || args.size() == 2)) {
    std::string text = "operator does not exist: ";
    if (args.size() == 2) text += TypeName(args[0]) + " ";
    text += std::string(name) + " " + TypeName(args.back());
    return Status::Error(ErrorCode::kUndefinedFunction, text)
        .WithHint(
            "No operator matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  std::string text = "function " + std::string(name) + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) text += ", ";
    text += TypeName(args[i]);
  }
  text += ") does not exist";
  return Status::Error(ErrorCode::kUndefinedFunction, text)
      .WithHint(
          "No function matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

template <typename F>
const std::vector<DataType>& ParamsOf(const F& f) {
  if constexpr (std::is_same_v<F, ScalarFunction>) {
    return f.arg_types;
  } else {
    return f.arg_types();
  }
}

template <typename F>
Result<ResolvedFunction<F>> Resolve(
    const std::unordered_map<std::string, std::vector<const F*>>& map, std::string_view name,
    const std::vector<DataType>& args) {
  std::string key(name);
  for (char& c : key)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = map.find(key);
  if (it == map.end()) return NoSuchFunction(name, args);
  const F* best = nullptr;
  int best_cost = kNotCastable;
  for (const F* candidate : it->second) {
    const std::vector<DataType>& params = ParamsOf(*candidate);
    if (params.size() != args.size()) continue;
    int cost = 0;
    for (size_t i = 0; i < args.size() && cost != kNotCastable; ++i) {
      int step = CastCost(args[i], params[i], args);
      cost = step == kNotCastable ? kNotCastable : cost + step;
    }
    if (cost < best_cost) {
      best = candidate;
      best_cost = cost;
    }
  }
  if (best == nullptr) return NoSuchFunction(name, args);
  std::vector<DataType> cast_to = ParamsOf(*best);
  // Keep varchar(n) arguments as they are where the parameter is text-like
  // and only the modifier differs.
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].id == cast_to[i].id) cast_to[i] = args[i];
  }
  return ResolvedFunction<F>{.function = best, .arg_types = std::move(cast_to)};
}

}  // namespace

struct FunctionRegistry::Impl {
  FunctionCatalog catalog;
  std::unordered_map<std::string, std::vector<const ScalarFunction*>> scalars;
  std::unordered_map<std::string, std::vector<const AggregateFunction*>> aggregates;
};

FunctionRegistry::FunctionRegistry() : impl_(std::make_unique<Impl>()) {
  FunctionCatalog& catalog = impl_->catalog;
  RegisterArithmeticFunctions(catalog);
  RegisterComparisonFunctions(catalog);
  RegisterStringFunctions(catalog);
  RegisterSqlTextFunctions(catalog);
  RegisterRegexFunctions(catalog);
  RegisterTimeFunctions(catalog);
  RegisterFormatFunctions(catalog);
  RegisterTimeBucketFunctions(catalog);
  RegisterConditionalFunctions(catalog);
  RegisterSessionFunctions(catalog);
  RegisterCatalogFunctions(catalog);
  RegisterSequenceFunctions(catalog);
  RegisterMathFunctions(catalog);
  RegisterNumericFunctions(catalog);
  RegisterGapfillFunctions(catalog);
  RegisterArrayFunctions(catalog);
  RegisterJsonFunctions(catalog);
  RegisterTimeOfDayFunctions(catalog);
  RegisterCountAggregates(catalog);
  RegisterSumAggregates(catalog);
  RegisterAvgAggregates(catalog);
  RegisterMinMaxAggregates(catalog);
  RegisterFirstLastAggregates(catalog);
  RegisterVarianceAggregates(catalog);
  RegisterBoolAggregates(catalog);
  RegisterStringAggregates(catalog);
  RegisterArrayAggregates(catalog);
  for (const auto& f : catalog.scalars())
    impl_->scalars[f->name].push_back(f.get());
  for (const auto& f : catalog.aggregates())
    impl_->aggregates[f->name()].push_back(f.get());
}

FunctionRegistry::~FunctionRegistry() = default;

const FunctionRegistry& FunctionRegistry::Instance() {
  static const FunctionRegistry registry;
  return registry;
}

Result<ResolvedFunction<ScalarFunction>> FunctionRegistry::ResolveScalar(
    std::string_view name, const std::vector<DataType>& args) const {
  // PostgreSQL's anynonarray || text: a non-text operand is cast to text.
  if (name == "||" && args.size() == 2 && args[0].id != TypeId::kArray &&
      args[1].id != TypeId::kArray) {
    bool left_text = IsString(args[0].id) || args[0].id == TypeId::kUnknown;
    bool right_text = IsString(args[1].id) || args[1].id == TypeId::kUnknown;
    if (left_text != right_text) {
      DataType text = DataType::Of(TypeId::kText);
      return Resolve(impl_->scalars, name, {text, text});
    }
  }
  return Resolve(impl_->scalars, name, args);
}

Result<ResolvedFunction<AggregateFunction>> FunctionRegistry::ResolveAggregate(
    std::string_view name, const std::vector<DataType>& args) const {
  return Resolve(impl_->aggregates, name, args);
}

bool FunctionRegistry::IsAggregateName(std::string_view name) const {
  std::string key(name);
  for (char& c : key)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return impl_->aggregates.count(key) > 0;
}

}  // namespace sundial::exec
