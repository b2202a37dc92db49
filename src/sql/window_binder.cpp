#include "sql/window_binder.h"

#include <array>
#include <functional>
#include <string>
#include <utility>

#include "exec/function_registry.h"
#include "exec/time_math.h"

namespace sundial::sql {

using exec::ExprPtr;
using exec::WindowBoundKind;
using exec::WindowFunctionKind;

namespace {

// Window results are stand-in columns from here on while the clauses are
// bound, far above any real layout's width; Finish renumbers them.
constexpr int kWindowResultBase = 1 << 24;

struct WindowFunctionName {
  std::string_view name;
  WindowFunctionKind kind;
  size_t min_args;
  size_t max_args;
};

constexpr std::array<WindowFunctionName, 11> kWindowFunctions{{
    {"row_number", WindowFunctionKind::kRowNumber, 0, 0},
    {"rank", WindowFunctionKind::kRank, 0, 0},
    {"dense_rank", WindowFunctionKind::kDenseRank, 0, 0},
    {"percent_rank", WindowFunctionKind::kPercentRank, 0, 0},
    {"cume_dist", WindowFunctionKind::kCumeDist, 0, 0},
    {"ntile", WindowFunctionKind::kNtile, 1, 1},
    {"lag", WindowFunctionKind::kLag, 1, 3},
    {"lead", WindowFunctionKind::kLead, 1, 3},
    {"first_value", WindowFunctionKind::kFirstValue, 1, 1},
    {"last_value", WindowFunctionKind::kLastValue, 1, 1},
    {"nth_value", WindowFunctionKind::kNthValue, 2, 2},
}};

const WindowFunctionName* FindWindowFunction(std::string_view name) {
  for (const WindowFunctionName& f : kWindowFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Status WindowError(std::string message, int position) {
  return Status::Error(ErrorCode::kWindowingError, std::move(message)).WithPosition(position);
}

// `expr` with its column references mapped by `map`.
ExprPtr Rewrite(const ExprPtr& expr, const std::function<ExprPtr(const exec::Expr&)>& map) {
  if (expr->kind == exec::ExprKind::kColumnRef) return map(*expr);
  if (expr->args.empty()) return expr;
  auto copy = std::make_shared<exec::Expr>(*expr);
  for (ExprPtr& arg : copy->args)
    arg = Rewrite(arg, map);
  return copy;
}

void CollectColumnRefs(const exec::Expr& expr, std::vector<const exec::Expr*>& out) {
  if (expr.kind == exec::ExprKind::kColumnRef) {
    out.push_back(&expr);
    return;
  }
  for (const ExprPtr& arg : expr.args)
    CollectColumnRefs(*arg, out);
}

bool SameExprs(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if ((a[i] == nullptr) != (b[i] == nullptr)) return false;
    if (a[i] && !ExprEquals(*a[i], *b[i])) return false;
  }
  return true;
}

bool SameOrder(const std::vector<exec::SortKey>& a, const std::vector<exec::SortKey>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].descending != b[i].descending || a[i].nulls_first != b[i].nulls_first ||
        !ExprEquals(*a[i].expr, *b[i].expr)) {
      return false;
    }
  }
  return true;
}

bool IsOffset(ast::FrameBoundKind kind) {
  return kind == ast::FrameBoundKind::kPreceding || kind == ast::FrameBoundKind::kFollowing;
}

WindowBoundKind ToBoundKind(ast::FrameBoundKind kind) {
  switch (kind) {
    case ast::FrameBoundKind::kUnboundedPreceding:
      return WindowBoundKind::kUnboundedPreceding;
    case ast::FrameBoundKind::kPreceding:
      return WindowBoundKind::kPreceding;
    case ast::FrameBoundKind::kCurrentRow:
      return WindowBoundKind::kCurrentRow;
    case ast::FrameBoundKind::kFollowing:
      return WindowBoundKind::kFollowing;
    case ast::FrameBoundKind::kUnboundedFollowing:
      return WindowBoundKind::kUnboundedFollowing;
  }
  return WindowBoundKind::kCurrentRow;
}

}  // namespace

bool IsWindowOnlyFunction(std::string_view name) {
  return FindWindowFunction(name) != nullptr;
}

WindowBinder::WindowBinder(const std::vector<ast::WindowDef>& definitions,
                           const exec::EvalContext& eval)
    : definitions_(definitions), eval_(eval) {}

Status WindowBinder::CheckDefinitions() const {
  for (size_t i = 0; i < definitions_.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (definitions_[j].name == definitions_[i].name) {
        return WindowError("window \"" + definitions_[i].name + "\" is already defined",
                           definitions_[i].position);
      }
    }
    RETURN_IF_ERROR(ResolveSpec(definitions_[i].spec, 0).status());
  }
  return Status::Ok();
}

Result<WindowBinder::Spec> WindowBinder::ResolveSpec(const ast::WindowSpec& spec, int depth) const {
  Spec own{.partition = &spec.partition_by,
           .order = &spec.order_by,
           .frame = spec.frame ? &*spec.frame : nullptr};
  if (spec.name.empty()) return own;
  const ast::WindowDef* base = nullptr;
  for (const ast::WindowDef& def : definitions_) {
    if (def.name == spec.name) base = &def;
  }
  // A definition may only copy an earlier one, so chains are finite; the
  // depth bound guards against a definition naming itself.
  if (base == nullptr || depth > static_cast<int>(definitions_.size())) {
    return Status::Error(ErrorCode::kUndefinedObject, "window \"" + spec.name + "\" does not exist")
        .WithPosition(spec.position);
  }
  ASSIGN_OR_RETURN(Spec copied, ResolveSpec(base->spec, depth + 1));
  if (!spec.parenthesized) return copied;
  if (!spec.partition_by.empty()) {
    return WindowError("cannot override PARTITION BY clause of window \"" + spec.name + "\"",
                       spec.position);
  }
  if (!spec.order_by.empty() && !copied.order->empty()) {
    return WindowError("cannot override ORDER BY clause of window \"" + spec.name + "\"",
                       spec.position);
  }
  if (copied.frame != nullptr) {
    return WindowError("cannot copy window \"" + spec.name + "\" because it has a frame clause",
                       spec.position);
  }
  if (!spec.order_by.empty()) copied.order = &spec.order_by;
  copied.frame = own.frame;
  return copied;
}

Result<ExprPtr> WindowBinder::BindWindowCall(const ast::Expr& expr, ExprBinder& binder) {
  ASSIGN_OR_RETURN(Spec spec, ResolveSpec(*expr.over, 0));
  BoundCall bound;
  for (const ast::ExprPtr& item : *spec.partition) {
    ASSIGN_OR_RETURN(ExprPtr key, binder.Bind(*item));
    bound.partition.push_back(ResolveUnknown(key));
  }
  for (const ast::OrderItem& item : *spec.order) {
    ASSIGN_OR_RETURN(ExprPtr key, binder.Bind(*item.expr));
    bound.order.push_back(exec::SortKey{.expr = ResolveUnknown(key),
                                        .descending = item.descending,
                                        .nulls_first = item.nulls_first.value_or(item.descending)});
  }
  RETURN_IF_ERROR(BindFunction(expr, binder, bound));
  if (spec.frame != nullptr) RETURN_IF_ERROR(BindFrame(*spec.frame, bound));
  for (size_t i = 0; i < calls_.size(); ++i) {
    if (SameCall(calls_[i], bound)) {
      return exec::MakeColumnRef(kWindowResultBase + static_cast<int>(i), bound.call.type);
    }
  }
  DataType type = bound.call.type;
  calls_.push_back(std::move(bound));
  return exec::MakeColumnRef(kWindowResultBase + static_cast<int>(calls_.size() - 1), type);
}

Status WindowBinder::BindFunction(const ast::Expr& expr, ExprBinder& binder,
                                  BoundCall& bound) const {
  exec::WindowCall& call = bound.call;
  call.name = expr.name;
  if (expr.distinct) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "DISTINCT is not implemented for window functions")
        .WithPosition(expr.position);
  }
  if (!expr.named_args.empty()) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "named arguments of " + expr.name + "() are not supported")
        .WithPosition(expr.position);
  }
  std::vector<ExprPtr> args;
  for (const ast::ExprPtr& arg : expr.args) {
    ASSIGN_OR_RETURN(ExprPtr value, binder.Bind(*arg));
    args.push_back(std::move(value));
  }
  const WindowFunctionName* window = FindWindowFunction(expr.name);
  const auto& registry = exec::FunctionRegistry::Instance();
  if (window == nullptr) {
    if (!registry.IsAggregateName(expr.name)) {
      return Status::Error(ErrorCode::kWrongObjectType,
                           "OVER specified, but " + expr.name +
                               " is not a window function nor an aggregate function")
          .WithPosition(expr.position);
    }
    if (expr.star_arg && expr.name != "count") {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "function " + expr.name + "(*) does not exist")
          .WithPosition(expr.position);
    }
    std::vector<DataType> types;
    for (const ExprPtr& arg : args)
      types.push_back(arg->type);
    auto resolved = registry.ResolveAggregate(expr.name, types);
    if (!resolved.ok()) return resolved.status().WithPosition(expr.position);
    for (size_t i = 0; i < args.size(); ++i) {
      ASSIGN_OR_RETURN(args[i], CoerceExprTo(*expr.args[i], args[i], resolved->arg_types[i], eval_,
                                             expr.args[i]->position));
    }
    call.kind = WindowFunctionKind::kAggregate;
    call.aggregate = resolved->function;
    call.type = resolved->function->return_type();
    bound.args = std::move(args);
    return Status::Ok();
  }
  const bool hypothetical_set = window->kind == WindowFunctionKind::kRank ||
                                window->kind == WindowFunctionKind::kDenseRank ||
                                window->kind == WindowFunctionKind::kPercentRank ||
                                window->kind == WindowFunctionKind::kCumeDist;
  if (hypothetical_set && !args.empty()) {
    // With arguments these name PostgreSQL's hypothetical-set aggregates.
    return Status::Error(ErrorCode::kWrongObjectType,
                         "WITHIN GROUP is required for ordered-set aggregate " + expr.name)
        .WithPosition(expr.position);
  }
  if (expr.star_arg || args.size() < window->min_args || args.size() > window->max_args) {
    std::string types;
    for (size_t i = 0; i < args.size(); ++i) {
      types += (i > 0 ? ", " : "") + TypeName(ResolveUnknown(args[i])->type);
    }
    return Status::Error(
               ErrorCode::kUndefinedFunction,
               "function " + expr.name + "(" + (expr.star_arg ? "*" : types) + ") does not exist")
        .WithPosition(expr.position);
  }
  call.kind = window->kind;
  const DataType int4 = DataType::Of(TypeId::kInt32);
  const DataType int8 = DataType::Of(TypeId::kInt64);
  const DataType float8 = DataType::Of(TypeId::kFloat64);
  auto coerce = [&](size_t i, DataType type) -> Status {
    ASSIGN_OR_RETURN(args[i],
                     CoerceExprTo(*expr.args[i], args[i], type, eval_, expr.args[i]->position));
    return Status::Ok();
  };
  switch (call.kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
      call.type = int8;
      break;
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
      call.type = float8;
      break;
    case WindowFunctionKind::kNtile:
      RETURN_IF_ERROR(coerce(0, int4));
      call.type = int4;
      break;
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead: {
      if (args.size() > 1) RETURN_IF_ERROR(coerce(1, int4));
      DataType type = ResolveUnknown(args[0])->type;
      if (args.size() > 2) {
        // lag(anycompatible, integer, anycompatible): value and default
        // share their common type.
        ASSIGN_OR_RETURN(type, CommonTypeOf({args[0], args[2]}, expr.name, expr.position));
        RETURN_IF_ERROR(coerce(2, type));
      }
      RETURN_IF_ERROR(coerce(0, type));
      call.type = type;
      break;
    }
    case WindowFunctionKind::kNthValue:
      RETURN_IF_ERROR(coerce(1, int4));
      [[fallthrough]];
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
      args[0] = ResolveUnknown(args[0]);
      call.type = args[0]->type;
      break;
    case WindowFunctionKind::kAggregate:
      break;
  }
  bound.args = std::move(args);
  return Status::Ok();
}

Status WindowBinder::BindFrame(const ast::WindowFrame& frame, BoundCall& bound) const {
  if (frame.unit == ast::FrameUnit::kGroups && bound.order.empty()) {
    return WindowError("GROUPS mode requires an ORDER BY clause", frame.position);
  }
  using Kind = ast::FrameBoundKind;
  const Kind start = frame.start.kind;
  const Kind end = frame.end.kind;
  if (start == Kind::kUnboundedFollowing) {
    return WindowError("frame start cannot be UNBOUNDED FOLLOWING", frame.start.position);
  }
  if (end == Kind::kUnboundedPreceding) {
    return WindowError("frame end cannot be UNBOUNDED PRECEDING", frame.end.position);
  }
  if (start == Kind::kCurrentRow && end == Kind::kPreceding) {
    return WindowError("frame starting from current row cannot have preceding rows",
                       frame.end.position);
  }
  if (start == Kind::kFollowing && (end == Kind::kPreceding || end == Kind::kCurrentRow)) {
    return WindowError(end == Kind::kCurrentRow
                           ? "frame starting from following row cannot end with current row"
                           : "frame starting from following row cannot have preceding rows",
                       frame.end.position);
  }
  exec::WindowFrame& out = bound.call.frame;
  switch (frame.unit) {
    case ast::FrameUnit::kRows:
      out.unit = exec::WindowFrameUnit::kRows;
      break;
    case ast::FrameUnit::kRange:
      out.unit = exec::WindowFrameUnit::kRange;
      break;
    case ast::FrameUnit::kGroups:
      out.unit = exec::WindowFrameUnit::kGroups;
      break;
  }
  if (frame.exclusion == "current row") {
    out.exclusion = exec::WindowExclusion::kCurrentRow;
  } else if (frame.exclusion == "group") {
    out.exclusion = exec::WindowExclusion::kGroup;
  } else if (frame.exclusion == "ties") {
    out.exclusion = exec::WindowExclusion::kTies;
  }
  out.start = exec::WindowBound{.kind = ToBoundKind(start)};
  out.end = exec::WindowBound{.kind = ToBoundKind(end)};
  if (frame.unit != ast::FrameUnit::kRange) {
    const char* unit = frame.unit == ast::FrameUnit::kRows ? "ROWS" : "GROUPS";
    if (IsOffset(start)) {
      ASSIGN_OR_RETURN(out.start.rows, RowsOffset(frame.start, true, unit));
    }
    if (IsOffset(end)) {
      ASSIGN_OR_RETURN(out.end.rows, RowsOffset(frame.end, false, unit));
    }
    return Status::Ok();
  }
  if (!IsOffset(start) && !IsOffset(end)) return Status::Ok();
  if (bound.order.size() != 1) {
    return WindowError("RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column",
                       frame.position);
  }
  const DataType key_type = bound.order[0].expr->type;
  DataType compare_type;
  switch (key_type.id) {
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      compare_type = DataType::Of(TypeId::kInt64);
      break;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      compare_type = DataType::Of(TypeId::kFloat64);
      break;
    case TypeId::kDate:
    case TypeId::kTimestamp:
      compare_type = DataType::Of(TypeId::kTimestamp);
      break;
    case TypeId::kTimestampTz:
      compare_type = key_type;
      break;
    default:
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "RANGE with offset PRECEDING/FOLLOWING is not supported for column "
                           "type " +
                               TypeName(key_type))
          .WithPosition(frame.position);
  }
  ASSIGN_OR_RETURN(bound.range_key,
                   CoerceTo(bound.order[0].expr, compare_type, eval_, frame.position));
  if (IsOffset(start)) {
    ASSIGN_OR_RETURN(bound.start_bound, RangeBound(frame.start, true, bound));
  }
  if (IsOffset(end)) {
    ASSIGN_OR_RETURN(bound.end_bound, RangeBound(frame.end, false, bound));
  }
  return Status::Ok();
}

Result<int64_t> WindowBinder::RowsOffset(const ast::FrameBound& bound, bool start,
                                         const char* unit) const {
  Scope empty;
  ExprBinder binder(empty, eval_, unit);
  ASSIGN_OR_RETURN(ExprPtr offset, binder.Bind(*bound.offset));
  // Numbers convert to the bigint offset as by assignment (1.5 is 2).
  if (offset->type.id != TypeId::kUnknown && !IsNumeric(offset->type.id) &&
      offset->type.id != TypeId::kNumeric) {
    return Status::Error(ErrorCode::kDatatypeMismatch, std::string("argument of ") + unit +
                                                           " must be type bigint, not type " +
                                                           TypeName(offset->type))
        .WithPosition(bound.offset->position);
  }
  const DataType int8 = DataType::Of(TypeId::kInt64);
  if (IsFloat(offset->type.id) && bound.offset->kind != ast::ExprKind::kLiteral) {
    offset = exec::MakeCast(offset, int8);
  } else {
    ASSIGN_OR_RETURN(offset,
                     CoerceExprTo(*bound.offset, offset, int8, eval_, bound.offset->position));
  }
  ASSIGN_OR_RETURN(Value value, exec::EvaluateConstant(*offset, eval_));
  const char* which = start ? "frame starting offset" : "frame ending offset";
  if (value.is_null()) {
    return Status::Error(ErrorCode::kNullValueNotAllowed, std::string(which) + " must not be null");
  }
  if (value.int_value() < 0) {
    return Status::Error(ErrorCode::kInvalidFrameOffset,
                         std::string(which) + " must not be negative");
  }
  return value.int_value();
}

Result<ExprPtr> WindowBinder::RangeBound(const ast::FrameBound& bound, bool start,
                                         const BoundCall& call) const {
  const DataType compare_type = call.range_key->type;
  const bool datetime =
      compare_type.id == TypeId::kTimestamp || compare_type.id == TypeId::kTimestampTz;
  const DataType offset_type = datetime ? DataType::Of(TypeId::kInterval) : compare_type;
  Scope empty;
  ExprBinder binder(empty, eval_, "RANGE");
  ASSIGN_OR_RETURN(ExprPtr offset, binder.Bind(*bound.offset));
  // PostgreSQL's in_range support functions: integer keys take integer
  // offsets, float keys numeric ones, date/time keys intervals.
  const TypeId given = offset->type.id;
  const bool supported =
      given == TypeId::kUnknown ||
      (datetime                     ? given == TypeId::kInterval
       : IsInteger(compare_type.id) ? IsInteger(given)
                                    : IsNumeric(given) || given == TypeId::kNumeric);
  if (!supported) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "RANGE with offset PRECEDING/FOLLOWING is not supported for column type " +
                             TypeName(call.order[0].expr->type) + " and offset type " +
                             TypeName(offset->type))
        .WithPosition(bound.offset->position);
  }
  ASSIGN_OR_RETURN(offset,
                   CoerceExprTo(*bound.offset, offset, offset_type, eval_, bound.offset->position));
  ASSIGN_OR_RETURN(Value value, exec::EvaluateConstant(*offset, eval_));
  if (value.is_null()) {
    return Status::Error(
        ErrorCode::kNullValueNotAllowed,
        std::string(start ? "frame starting offset" : "frame ending offset") + " must not be null");
  }
  bool negative = false;
  if (datetime) {
    negative = exec::IntervalSortKey(value.interval_value()) < 0;
  } else if (compare_type.id == TypeId::kFloat64) {
    negative = value.float_value() < 0;
  } else {
    negative = value.int_value() < 0;
  }
  if (negative) {
    return Status::Error(ErrorCode::kInvalidFrameOffset,
                         "invalid preceding or following size in window function");
  }
  // Rows before the current one have smaller keys under ASC, larger under DESC.
  const bool preceding = bound.kind == ast::FrameBoundKind::kPreceding;
  const bool subtract = preceding != call.order[0].descending;
  auto op = exec::FunctionRegistry::Instance().ResolveScalar(subtract ? "-" : "+",
                                                             {compare_type, offset_type});
  if (!op.ok() || !(op->function->return_type == compare_type)) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "RANGE with offset PRECEDING/FOLLOWING is not supported for column type " +
                             TypeName(compare_type));
  }
  return exec::MakeCall(op->function, {call.range_key, exec::MakeConstant(value)});
}

bool WindowBinder::SameWindow(const BoundCall& a, const BoundCall& b) {
  return SameExprs(a.partition, b.partition) && SameOrder(a.order, b.order);
}

bool WindowBinder::SameCall(const BoundCall& a, const BoundCall& b) {
  const exec::WindowFrame& x = a.call.frame;
  const exec::WindowFrame& y = b.call.frame;
  return a.call.name == b.call.name && a.call.kind == b.call.kind &&
         a.call.aggregate == b.call.aggregate && SameExprs(a.args, b.args) && SameWindow(a, b) &&
         x.unit == y.unit && x.exclusion == y.exclusion && x.start.kind == y.start.kind &&
         x.end.kind == y.end.kind && x.start.rows == y.start.rows && x.end.rows == y.end.rows &&
         SameExprs({a.start_bound, a.end_bound}, {b.start_bound, b.end_bound});
}

void WindowBinder::Finish(BoundQuery& query) {
  std::vector<ExprPtr>& inputs = query.window_inputs;
  auto input = [&](const ExprPtr& expr) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (ExprEquals(*inputs[i], *expr)) return static_cast<int>(i);
    }
    inputs.push_back(expr);
    return static_cast<int>(inputs.size() - 1);
  };
  std::vector<const exec::Expr*> refs;
  for (const ExprPtr& projection : query.projections)
    CollectColumnRefs(*projection, refs);
  for (const exec::Expr* ref : refs) {
    if (ref->column < kWindowResultBase) input(exec::MakeColumnRef(ref->column, ref->type));
  }

  // One node per distinct (PARTITION BY, ORDER BY), in order of first use.
  std::vector<std::vector<size_t>> groups;
  for (size_t i = 0; i < calls_.size(); ++i) {
    bool placed = false;
    for (std::vector<size_t>& group : groups) {
      if (SameWindow(calls_[group[0]], calls_[i])) {
        group.push_back(i);
        placed = true;
        break;
      }
    }
    if (!placed) groups.push_back({i});
  }
  std::vector<std::shared_ptr<exec::WindowPlan>> plans;
  for (const std::vector<size_t>& group : groups) {
    auto plan = std::make_shared<exec::WindowPlan>();
    const BoundCall& first = calls_[group[0]];
    for (const ExprPtr& key : first.partition)
      plan->partition_columns.push_back(input(key));
    for (const exec::SortKey& key : first.order) {
      exec::SortKey column = key;
      column.expr = exec::MakeColumnRef(input(key.expr), key.expr->type);
      plan->order.push_back(std::move(column));
    }
    for (size_t index : group) {
      BoundCall& bound = calls_[index];
      for (const ExprPtr& arg : bound.args)
        bound.call.args.push_back(input(arg));
      if (bound.range_key) bound.call.frame.range_key_column = input(bound.range_key);
      if (bound.start_bound) bound.call.frame.start.column = input(bound.start_bound);
      if (bound.end_bound) bound.call.frame.end.column = input(bound.end_bound);
      plan->calls.push_back(bound.call);
    }
    plans.push_back(std::move(plan));
  }
  int next = static_cast<int>(inputs.size());
  for (const std::vector<size_t>& group : groups) {
    for (size_t index : group)
      calls_[index].output = next++;
  }
  for (ExprPtr& projection : query.projections) {
    projection = Rewrite(projection, [&](const exec::Expr& ref) {
      int column = ref.column >= kWindowResultBase
                       ? calls_[ref.column - kWindowResultBase].output
                       : input(exec::MakeColumnRef(ref.column, ref.type));
      return exec::MakeColumnRef(column, ref.type);
    });
  }
  query.windows.assign(plans.begin(), plans.end());
}

LogicalPtr PlanWindows(LogicalPtr input, const BoundQuery& query) {
  LogicalPtr plan = std::move(input);
  std::vector<exec::SortKey> sorted_by;
  bool sorted = false;
  for (const auto& window : query.windows) {
    std::vector<exec::SortKey> keys;
    for (int column : window->partition_columns) {
      keys.push_back(
          exec::SortKey{.expr = exec::MakeColumnRef(column, plan->output_types[column])});
    }
    keys.insert(keys.end(), window->order.begin(), window->order.end());
    if (!keys.empty() && !(sorted && SameOrder(keys, sorted_by))) {
      auto sort = Above<LogicalSort>(plan);
      sort->keys = keys;
      plan = std::move(sort);
      sorted_by = std::move(keys);
      sorted = true;
    }
    auto node = Above<LogicalWindow>(plan);
    node->partition_columns = window->partition_columns;
    node->order = window->order;
    node->calls = window->calls;
    for (const exec::WindowCall& call : window->calls)
      node->output_types.push_back(call.type);
    plan = std::move(node);
  }
  return plan;
}

}  // namespace sundial::sql
