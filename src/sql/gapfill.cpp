#include "sql/gapfill.h"

#include <algorithm>
#include <limits>
#include <string_view>

#include "exec/function_registry.h"
#include "sql/expr_util.h"

namespace sundial::sql {
namespace {

using exec::ExprPtr;

constexpr std::string_view kGapfill = "time_bucket_gapfill";
constexpr const char* kHint = "Specify start and finish as arguments or in the WHERE clause.";

bool IsCallTo(const exec::Expr& e, std::string_view name) {
  return e.kind == exec::ExprKind::kCall && e.function != nullptr && e.function->name == name;
}

bool IsMarker(const exec::Expr& e) {
  return IsCallTo(e, "locf") || IsCallTo(e, "interpolate");
}

bool IsNullConstant(const exec::Expr& e) {
  return e.kind == exec::ExprKind::kConstant && e.constant.is_null();
}

// Calls satisfying `match` in `e` (not inside subqueries); `found` is the
// last one seen.
int CountCalls(const exec::Expr& e, bool (*match)(const exec::Expr&), const exec::Expr** found) {
  int count = 0;
  if (match(e)) {
    ++count;
    *found = &e;
  }
  for (const ExprPtr& arg : e.args)
    count += CountCalls(*arg, match, found);
  return count;
}

bool IsGapfillCall(const exec::Expr& e) {
  return IsCallTo(e, kGapfill);
}

Status InvalidArgument(const std::string& message, bool with_hint = false) {
  Status status = Status::Error(ErrorCode::kInvalidParameterValue, message);
  return with_hint ? status.WithHint(kHint) : status;
}

void Conjuncts(const ExprPtr& e, std::vector<const exec::Expr*>& out) {
  if (e->kind == exec::ExprKind::kAnd) {
    for (const ExprPtr& arg : e->args)
      Conjuncts(arg, out);
  } else {
    out.push_back(e.get());
  }
}

enum class Boundary { kStart, kFinish };

// The start (finish) bound WHERE puts on the bucketed column: the largest
// `ts >= c` / `ts > c` (c + 1), or the smallest `ts < c` / `ts <= c` (c + 1),
// as TimescaleDB infers them; only comparisons with a constant of the
// column's type count.
Result<int64_t> InferBoundary(const BoundQuery& query, const exec::Expr& call, Boundary boundary) {
  const exec::Expr& ts = *call.args[1];
  if (ts.kind != exec::ExprKind::kColumnRef) {
    return InvalidArgument(
        "invalid time_bucket_gapfill argument: ts needs to refer to a single column if no start "
        "or finish is supplied",
        true);
  }
  std::vector<const exec::Expr*> conjuncts;
  if (query.where) Conjuncts(query.where, conjuncts);
  std::optional<int64_t> found;
  for (const exec::Expr* c : conjuncts) {
    if (c->kind != exec::ExprKind::kCall || c->function == nullptr || c->args.size() != 2) {
      continue;
    }
    std::string op = c->function->name;
    const exec::Expr* column = c->args[0].get();
    const exec::Expr* value = c->args[1].get();
    if (column->kind == exec::ExprKind::kConstant) {
      std::swap(column, value);
      if (op.front() == '<') {
        op.front() = '>';
      } else if (op.front() == '>') {
        op.front() = '<';
      }
    }
    if (op != "<" && op != "<=" && op != ">" && op != ">=") continue;
    if (column->kind != exec::ExprKind::kColumnRef || column->column != ts.column ||
        value->kind != exec::ExprKind::kConstant || value->constant.is_null() ||
        !(value->type == ts.type)) {
      continue;
    }
    const bool lower = op.front() == '>';
    if (lower != (boundary == Boundary::kStart)) continue;
    int64_t v = value->constant.int_value();
    if ((op == ">" || op == "<=") && v < std::numeric_limits<int64_t>::max()) ++v;
    found = !found ? v : boundary == Boundary::kStart ? std::max(*found, v) : std::min(*found, v);
  }
  if (found) return *found;
  return InvalidArgument(std::string("missing time_bucket_gapfill argument: could not infer ") +
                             (boundary == Boundary::kStart ? "start" : "finish") +
                             " from WHERE clause",
                         true);
}

// A start or finish argument: given (a constant after folding) or inferred.
Result<int64_t> BoundaryValue(const BoundQuery& query, const exec::Expr& call, Boundary which) {
  // (width, ts, start, finish) or (width, ts, timezone, start, finish)
  const size_t first = call.args.size() - 2;
  const ExprPtr& arg = call.args[which == Boundary::kStart ? first : first + 1];
  const char* name = which == Boundary::kStart ? "start" : "finish";
  if (IsNullConstant(*arg)) return InferBoundary(query, call, which);
  if (arg->kind != exec::ExprKind::kConstant) {
    return InvalidArgument(std::string("invalid time_bucket_gapfill argument: ") + name +
                           " must be a simple expression");
  }
  return arg->constant.int_value();
}

Status CheckWidth(const exec::Expr& width) {
  if (width.kind != exec::ExprKind::kConstant) {
    return InvalidArgument(
        "invalid time_bucket_gapfill argument: bucket_width must be a simple expression");
  }
  if (width.constant.is_null()) {
    return InvalidArgument("invalid time_bucket_gapfill argument: bucket_width cannot be NULL");
  }
  bool positive;
  if (width.type.id == TypeId::kInterval) {
    const Interval v = width.constant.interval_value();
    positive = v.micros >= 0 && v.days >= 0 && v.months >= 0 &&
               (v.micros != 0 || v.days != 0 || v.months != 0);
  } else {
    positive = width.constant.int_value() > 0;
  }
  if (!positive) {
    return InvalidArgument(
        "invalid time_bucket_gapfill argument: bucket_width must be greater than 0");
  }
  return Status::Ok();
}

// The fill column a top-level locf()/interpolate() call becomes.
Result<exec::GapfillColumn> FillColumn(const exec::Expr& marker) {
  exec::GapfillColumn fill;
  fill.value = marker.args[0];
  if (IsCallTo(marker, "interpolate")) {
    fill.kind = exec::GapfillKind::kInterpolate;
    return fill;
  }
  fill.kind = exec::GapfillKind::kLocf;
  if (marker.args.size() > 1 && !IsNullConstant(*marker.args[1])) fill.prev = marker.args[1];
  if (marker.args.size() > 2) {
    const exec::Expr& treat = *marker.args[2];
    if (treat.kind != exec::ExprKind::kConstant) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "invalid locf argument: treat_null_as_missing must be a BOOL literal");
    }
    fill.treat_null_as_missing = !treat.constant.is_null() && treat.constant.bool_value();
  }
  return fill;
}

// The locf()/interpolate() call `e` is, or nullptr when it has none;
// 0A000 when it has one below its top or several.
Result<const exec::Expr*> TopLevelMarker(const exec::Expr& e) {
  const exec::Expr* marker = nullptr;
  int markers = CountCalls(e, IsMarker, &marker);
  if (markers == 0) return nullptr;
  if (markers > 1) {
    return Status::Error(
        ErrorCode::kFeatureNotSupported,
        "multiple interpolate/locf function calls per resultset column not supported");
  }
  if (marker != &e) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         marker->function->name + " must be toplevel function call");
  }
  return marker;
}

// `e` over the window layout rewritten over the grouped layout, when it
// reads only window inputs.
Result<ExprPtr> ThroughWindowInputs(const ExprPtr& e, const std::vector<ExprPtr>& inputs,
                                    const std::string& marker) {
  if (e->kind == exec::ExprKind::kColumnRef) {
    if (static_cast<size_t>(e->column) >= inputs.size()) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "window functions must not be below " + marker);
    }
    return inputs[e->column];
  }
  if (e->args.empty()) return e;
  exec::Expr copy = *e;
  for (ExprPtr& arg : copy.args) {
    ASSIGN_OR_RETURN(arg, ThroughWindowInputs(arg, inputs, marker));
  }
  return std::make_shared<const exec::Expr>(std::move(copy));
}

// With window functions a select-list locf()/interpolate() is over the window
// layout (window inputs, then the windows' columns): its fill column becomes
// one more window input, and references to the windows' columns move up.
template <typename AddFill>
Status FillWindowProjections(BoundQuery& query, AddFill& add_fill) {
  const int inputs = static_cast<int>(query.window_inputs.size());
  std::vector<bool> filled(query.projections.size(), false);
  int added = 0;
  for (size_t i = 0; i < query.projections.size(); ++i) {
    ASSIGN_OR_RETURN(const exec::Expr* marker, TopLevelMarker(*query.projections[i]));
    if (marker == nullptr) continue;
    ASSIGN_OR_RETURN(ExprPtr grouped, ThroughWindowInputs(query.projections[i], query.window_inputs,
                                                          marker->function->name));
    ASSIGN_OR_RETURN(ExprPtr fill, add_fill(*grouped));
    query.window_inputs.push_back(std::move(fill));
    query.projections[i] = exec::MakeColumnRef(inputs + added++, grouped->type);
    filled[i] = true;
  }
  if (added == 0) return Status::Ok();
  int width = inputs;
  for (const auto& window : query.windows)
    width += static_cast<int>(window->calls.size());
  std::vector<int> mapping(width);
  for (int c = 0; c < width; ++c)
    mapping[c] = c < inputs ? c : c + added;
  for (size_t i = 0; i < query.projections.size(); ++i) {
    if (!filled[i]) query.projections[i] = RemapColumns(query.projections[i], mapping);
  }
  return Status::Ok();
}

}  // namespace

Status BindGapfill(BoundQuery& query, const exec::EvalContext& eval) {
  if (!query.aggregated) return Status::Ok();
  int calls = 0;
  int key_index = -1;
  const exec::Expr* found = nullptr;
  for (size_t k = 0; k < query.group_keys.size(); ++k) {
    if (IsGapfillCall(*query.group_keys[k])) key_index = static_cast<int>(k);
    calls += CountCalls(*query.group_keys[k], IsGapfillCall, &found);
  }
  for (const ExprPtr& p : query.projections)
    calls += CountCalls(*p, IsGapfillCall, &found);
  if (calls == 0) return Status::Ok();
  if (calls > 1) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "multiple time_bucket_gapfill calls not allowed");
  }
  if (key_index < 0) return InvalidArgument("no top level time_bucket_gapfill in group by clause");
  const exec::Expr& call = *query.group_keys[key_index];
  RETURN_IF_ERROR(CheckWidth(*call.args[0]));

  auto gapfill = std::make_shared<exec::GapfillPlan>();
  gapfill->time_column = key_index;
  for (size_t k = 0; k < query.group_keys.size(); ++k) {
    if (static_cast<int>(k) != key_index) gapfill->series_columns.push_back(static_cast<int>(k));
  }
  gapfill->width = call.args[0]->constant;
  gapfill->zoned = call.args.size() == 5;
  if (gapfill->zoned && call.args[2]->kind != exec::ExprKind::kConstant) {
    return InvalidArgument(
        "invalid time_bucket_gapfill argument: timezone must be a simple expression");
  }
  if (gapfill->zoned && call.args[2]->constant.is_null()) {
    return InvalidArgument("invalid time_bucket_gapfill argument: timezone cannot be NULL");
  }
  ASSIGN_OR_RETURN(int64_t start, BoundaryValue(query, call, Boundary::kStart));
  // The first bucket is the one holding start.
  std::vector<ExprPtr> align_args = call.args;
  align_args[1] = exec::MakeConstant(Value::Int(call.type.id, start));
  for (size_t i = align_args.size() - 2; i < align_args.size(); ++i)
    align_args[i] = exec::MakeConstant(Value::Null(call.type));
  ExprPtr align = exec::MakeCall(call.function, std::move(align_args));
  ASSIGN_OR_RETURN(Value aligned, exec::EvaluateConstant(*align, eval));
  gapfill->start = aligned.int_value();
  ASSIGN_OR_RETURN(gapfill->finish, BoundaryValue(query, call, Boundary::kFinish));

  const int base = static_cast<int>(query.group_keys.size() + query.aggregates.size());
  auto add_fill = [&](const exec::Expr& marker) -> Result<ExprPtr> {
    ASSIGN_OR_RETURN(exec::GapfillColumn fill, FillColumn(marker));
    gapfill->fills.push_back(std::move(fill));
    return exec::MakeColumnRef(base + static_cast<int>(gapfill->fills.size()) - 1, marker.type);
  };
  // The grouped layout is read by the projections, or with window functions
  // by the window inputs, so window functions see the filled rows.
  for (ExprPtr& p : query.windows.empty() ? query.projections : query.window_inputs) {
    ASSIGN_OR_RETURN(const exec::Expr* marker, TopLevelMarker(*p));
    if (marker != nullptr) {
      ASSIGN_OR_RETURN(p, add_fill(*marker));
    }
  }
  if (!query.windows.empty()) RETURN_IF_ERROR(FillWindowProjections(query, add_fill));
  query.gapfill = std::move(gapfill);
  return Status::Ok();
}

LogicalPtr PlanGapfill(LogicalPtr input, const exec::GapfillPlan& gapfill) {
  auto sort = Above<LogicalSort>(std::move(input));
  for (int column : gapfill.series_columns) {
    sort->keys.push_back(
        exec::SortKey{.expr = exec::MakeColumnRef(column, sort->output_types[column])});
  }
  sort->keys.push_back(exec::SortKey{
      .expr = exec::MakeColumnRef(gapfill.time_column, sort->output_types[gapfill.time_column])});
  auto node = Above<LogicalGapfill>(std::move(sort));
  node->gapfill = std::make_shared<exec::GapfillPlan>(gapfill);
  for (const exec::GapfillColumn& fill : gapfill.fills)
    node->output_types.push_back(fill.value->type);
  return node;
}

}  // namespace sundial::sql
