#include "exec/subquery_results.h"

#include <functional>

#include "common/array_text.h"
#include "exec/operator_factories.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

void VisitExpr(const Expr& expr, const std::function<void(const Expr&)>& visit) {
  visit(expr);
  for (const ExprPtr& arg : expr.args)
    VisitExpr(*arg, visit);
}

void VisitExprs(const std::vector<ExprPtr>& exprs, const std::function<void(const Expr&)>& visit) {
  for (const ExprPtr& e : exprs) {
    if (e) VisitExpr(*e, visit);
  }
}

void VisitSortKeys(const std::vector<SortKey>& keys,
                   const std::function<void(const Expr&)>& visit) {
  for (const SortKey& key : keys)
    VisitExpr(*key.expr, visit);
}

// Every expression of `plan` and of its inputs.
void VisitPlanExprs(const PlanNode& plan, const std::function<void(const Expr&)>& visit) {
  switch (plan.kind) {
    case PlanKind::kValues:
      for (const auto& row : static_cast<const ValuesPlan&>(plan).rows)
        VisitExprs(row, visit);
      break;
    case PlanKind::kFilter:
      VisitExpr(*static_cast<const FilterPlan&>(plan).predicate, visit);
      break;
    case PlanKind::kProject:
      VisitExprs(static_cast<const ProjectPlan&>(plan).expressions, visit);
      break;
    case PlanKind::kAggregate: {
      const auto& aggregate = static_cast<const AggregatePlan&>(plan);
      VisitExprs(aggregate.group_keys, visit);
      for (const AggregateCall& call : aggregate.aggregates) {
        VisitExprs(call.args, visit);
        if (call.filter) VisitExpr(*call.filter, visit);
      }
      break;
    }
    case PlanKind::kSort:
      VisitSortKeys(static_cast<const SortPlan&>(plan).keys, visit);
      break;
    case PlanKind::kDistinct: {
      const auto& distinct = static_cast<const DistinctPlan&>(plan);
      VisitExprs(distinct.keys, visit);
      VisitSortKeys(distinct.order, visit);
      break;
    }
    case PlanKind::kJoin: {
      const auto& join = static_cast<const JoinPlan&>(plan);
      VisitExprs(join.probe_keys, visit);
      VisitExprs(join.build_keys, visit);
      if (join.condition) VisitExpr(*join.condition, visit);
      break;
    }
    case PlanKind::kGapfill:
      for (const GapfillColumn& fill : static_cast<const GapfillPlan&>(plan).fills) {
        VisitExpr(*fill.value, visit);
        if (fill.prev) VisitExpr(*fill.prev, visit);
      }
      break;
    case PlanKind::kSeries: {
      const auto& series = static_cast<const SeriesPlan&>(plan);
      VisitExprs({series.start, series.stop, series.step, series.array}, visit);
      break;
    }
    case PlanKind::kScan:
    case PlanKind::kGather:
    case PlanKind::kLimit:
    case PlanKind::kSetOperation:
    case PlanKind::kSingleRow:
      break;
    case PlanKind::kWindow:
      VisitSortKeys(static_cast<const WindowPlan&>(plan).order, visit);
      break;
    case PlanKind::kLateralJoin: {
      const auto& lateral = static_cast<const LateralJoinPlan&>(plan);
      VisitExprs(lateral.parameters, visit);
      if (lateral.condition) VisitExpr(*lateral.condition, visit);
      // The per-row side computes its own subqueries on each run.
      VisitPlanExprs(*plan.children[0], visit);
      return;
    }
  }
  for (const PlanPtr& child : plan.children)
    VisitPlanExprs(*child, visit);
}

ColumnVector BoolVector(size_t n) {
  ColumnVector out(DataType::Of(TypeId::kBool), std::max<size_t>(n, 1));
  out.SetSize(n);
  return out;
}

}  // namespace

Status SubqueryResults::Compute(const PlanNode& plan, ExecContext& context) {
  std::vector<const Expr*> subqueries;
  VisitPlanExprs(plan, [&](const Expr& e) {
    if (e.kind == ExprKind::kSubquery) subqueries.push_back(&e);
  });
  for (const Expr* e : subqueries)
    RETURN_IF_ERROR(ComputeOne(*e, context));
  return Status::Ok();
}

const SubqueryResults::Answer* SubqueryResults::Find(const PlanNode* subquery) const {
  auto it = answers_.find(subquery);
  return it == answers_.end() ? nullptr : &it->second;
}

namespace {

// The correlation values among expr's args (the last ones).
size_t CorrelationCount(const Expr& expr) {
  return expr.args.size() - (expr.subquery_kind == SubqueryKind::kIn ? 1 : 0);
}

bool AnyNull(const std::vector<ColumnVector>& columns, size_t row) {
  for (const ColumnVector& c : columns) {
    if (c.IsNull(row)) return true;
  }
  return false;
}

// The first column's value in the first row of `plan` (NULL without rows).
Result<Value> FirstValue(const PlanNode& plan, DataType type, ExecContext& context) {
  ASSIGN_OR_RETURN(std::unique_ptr<Operator> root, BuildOperator(plan, context));
  DataChunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, root->Next(chunk));
    if (!more) return Value::Null(type);
    if (chunk.size() > 0) return Value::FromVector(chunk.columns[0], 0);
  }
}

}  // namespace

std::shared_ptr<const ExecContext> PerRowContext(const ExecContext& context) {
  auto child = std::make_shared<ExecContext>();
  child->engine = context.engine;
  child->eval = context.eval;
  child->eval.subqueries = nullptr;
  child->eval.outer_values = nullptr;
  child->work_mem_bytes = context.work_mem_bytes;
  child->temp_dir = context.temp_dir;
  child->cancel_requested = context.cancel_requested;
  child->deadline = context.deadline;
  child->uncommitted_rows = context.uncommitted_rows;
  child->block_deletes = context.block_deletes;
  child->max_parallel_workers = 0;
  return child;
}

Status SubqueryResults::ComputeOne(const Expr& expr, ExecContext& context) {
  const PlanNode* plan = expr.subquery.get();
  if (answers_.count(plan) > 0) return Status::Ok();
  if (expr.per_row || expr.subquery_kind == SubqueryKind::kArray) {
    // ARRAY(subquery) always runs this way: uncorrelated, its one run is
    // remembered by the evaluation below like any repeated outer row.
    answers_.emplace(plan, Answer{.per_row_context = PerRowContext(context)});
    return Status::Ok();
  }
  RETURN_IF_ERROR(Compute(*plan, context));
  const size_t keys = CorrelationCount(expr);
  const size_t first_key = plan->output_types.size() - keys;
  const std::vector<DataType> key_types(plan->output_types.begin() + first_key,
                                        plan->output_types.end());
  Answer answer;
  if (keys > 0) {
    answer.correlation = std::make_unique<GroupHashTable>(key_types);
  } else {
    answer.groups.resize(1);
  }
  if (expr.subquery_kind == SubqueryKind::kIn) {
    std::vector<DataType> types = {plan->output_types[0]};
    types.insert(types.end(), key_types.begin(), key_types.end());
    answer.values = std::make_unique<GroupHashTable>(std::move(types));
  }
  std::vector<Value> scalars;
  ASSIGN_OR_RETURN(std::unique_ptr<Operator> root, BuildOperator(*plan, context));
  DataChunk chunk;
  std::vector<uint32_t> ids;
  std::vector<uint32_t> scratch;
  while (true) {
    RETURN_IF_ERROR(CheckCanceled(context));
    ASSIGN_OR_RETURN(bool more, root->Next(chunk));
    if (!more) break;
    const size_t n = chunk.size();
    if (n == 0) continue;
    std::vector<ColumnVector> key_columns(chunk.columns.begin() + first_key, chunk.columns.end());
    ids.assign(n, 0);
    if (keys > 0) {
      answer.correlation->FindOrInsert(key_columns, n, ids.data());
      answer.groups.resize(answer.correlation->group_count());
    }
    for (size_t i = 0; i < n; ++i) {
      Answer::Group& group = answer.groups[ids[i]];
      ++group.rows;
      switch (expr.subquery_kind) {
        case SubqueryKind::kScalar:
          if (keys == 0 && group.rows > 1) {
            return Status::Error(ErrorCode::kCardinalityViolation,
                                 "more than one row returned by a subquery used as an expression");
          }
          if (scalars.size() <= ids[i]) scalars.resize(ids[i] + 1, Value::Null(expr.type));
          if (group.rows == 1) scalars[ids[i]] = Value::FromVector(chunk.columns[0], i);
          break;
        case SubqueryKind::kIn:
          group.has_null = group.has_null || chunk.columns[0].IsNull(i);
          break;
        case SubqueryKind::kExists:
        case SubqueryKind::kArray:
          break;
      }
    }
    if (expr.subquery_kind == SubqueryKind::kIn) {
      std::vector<ColumnVector> rows = {chunk.columns[0]};
      rows.insert(rows.end(), key_columns.begin(), key_columns.end());
      scratch.resize(n);
      answer.values->FindOrInsert(rows, n, scratch.data());
    }
    // An uncorrelated EXISTS needs one row only.
    if (expr.subquery_kind == SubqueryKind::kExists && keys == 0) break;
  }
  if (expr.subquery_kind == SubqueryKind::kScalar) {
    Value empty = Value::Null(expr.type);
    if (expr.subquery_empty) {
      RETURN_IF_ERROR(Compute(*expr.subquery_empty, context));
      ASSIGN_OR_RETURN(empty, FirstValue(*expr.subquery_empty, expr.type, context));
    }
    scalars.resize(answer.groups.size(), Value::Null(expr.type));
    scalars.push_back(std::move(empty));
    answer.scalars = ColumnVector(expr.type, scalars.size());
    for (const Value& v : scalars)
      answer.scalars.AppendFrom(ConstantVector(v, expr.type, 1), 0);
  }
  answers_.emplace(plan, std::move(answer));
  return Status::Ok();
}

namespace {

Result<const SubqueryResults::Answer*> AnswerOf(const Expr& expr, const EvalContext& context) {
  const SubqueryResults::Answer* answer =
      context.subqueries == nullptr ? nullptr : context.subqueries->Find(expr.subquery.get());
  if (answer == nullptr) {
    return Status::Error(ErrorCode::kInternal, "subquery evaluated before it was run");
  }
  return answer;
}

// The correlation group of each input row whose subquery rows are not
// empty, else kNoGroup; `keys` receives the row's correlation values.
Status GroupsOf(const Expr& expr, const SubqueryResults::Answer& answer, const DataChunk& input,
                const EvalContext& context, std::vector<ColumnVector>& keys,
                std::vector<uint32_t>& ids) {
  const size_t n = input.size();
  const size_t count = CorrelationCount(expr);
  const size_t first = expr.args.size() - count;
  ids.assign(n, 0);
  keys.resize(count);
  for (size_t k = 0; k < count; ++k)
    RETURN_IF_ERROR(Evaluate(*expr.args[first + k], input, context, keys[k]));
  if (count > 0) answer.correlation->Find(keys, n, ids.data());
  for (size_t i = 0; i < n; ++i) {
    if (ids[i] == GroupHashTable::kNoGroup) continue;
    if (AnyNull(keys, i) || answer.groups[ids[i]].rows == 0) ids[i] = GroupHashTable::kNoGroup;
  }
  return Status::Ok();
}

}  // namespace

// Runs a per-row subquery's plan for each input row (kIn: args[0] is the
// probe, not an outer value), reusing the answer while consecutive rows
// carry the same outer values.
Status EvaluatePerRow(const Expr& expr, const SubqueryResults::Answer& answer,
                      const DataChunk& input, const EvalContext& context, ColumnVector& out) {
  const size_t n = input.size();
  const bool in = expr.subquery_kind == SubqueryKind::kIn;
  const size_t first = in ? 1 : 0;
  std::vector<ColumnVector> outer(expr.args.size() - first);
  for (size_t k = 0; k < outer.size(); ++k)
    RETURN_IF_ERROR(Evaluate(*expr.args[first + k], input, context, outer[k]));
  ColumnVector probe;
  if (in) RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, probe));
  const PlanNode& plan = *expr.subquery;
  const DataType column_type = plan.output_types.empty() ? expr.type : plan.output_types[0];

  // One run's rows: the first column's values (all of them for kIn and
  // kArray, up to two otherwise) and whether there was any row.
  struct Run {
    std::vector<Value> values;
    bool any = false;
  };
  auto run = [&](const std::vector<Value>& outer_values) -> Result<Run> {
    ExecContext child = *answer.per_row_context;
    child.eval.outer_values = &outer_values;
    ASSIGN_OR_RETURN(std::unique_ptr<Operator> root, StartPlan(plan, child));
    Run result;
    DataChunk chunk;
    while (true) {
      RETURN_IF_ERROR(CheckCanceled(child));
      ASSIGN_OR_RETURN(bool more, root->Next(chunk));
      if (!more) break;
      if (chunk.size() == 0) continue;
      result.any = true;
      if (expr.subquery_kind == SubqueryKind::kExists) break;
      for (size_t i = 0; i < chunk.size(); ++i)
        result.values.push_back(Value::FromVector(chunk.columns[0], i));
      if (expr.subquery_kind == SubqueryKind::kScalar && result.values.size() > 1) {
        return Status::Error(ErrorCode::kCardinalityViolation,
                             "more than one row returned by a subquery used as an expression");
      }
    }
    return result;
  };

  ColumnVector result(expr.type, std::max<size_t>(n, 1));
  result.SetSize(n);
  std::vector<Value> values(outer.size());
  std::vector<Value> previous;
  Run answer_run;
  bool have_previous = false;
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < outer.size(); ++k)
      values[k] = Value::FromVector(outer[k], i);
    if (!have_previous || values != previous) {
      ASSIGN_OR_RETURN(answer_run, run(values));
      previous = values;
      have_previous = true;
    }
    Value answer_value;
    switch (expr.subquery_kind) {
      case SubqueryKind::kExists:
        answer_value = Value::Bool(answer_run.any != expr.negated);
        break;
      case SubqueryKind::kScalar:
        answer_value = answer_run.values.empty() ? Value::Null(expr.type) : answer_run.values[0];
        break;
      case SubqueryKind::kArray: {
        ColumnVector elements(column_type, std::max<size_t>(answer_run.values.size(), 1));
        for (const Value& v : answer_run.values)
          elements.AppendFrom(ConstantVector(v, column_type, 1), 0);
        std::string text;
        FormatArrayText(elements, elements.size(), context.time_zone, text);
        answer_value = Value::Text(std::move(text), expr.type);
        break;
      }
      case SubqueryKind::kIn: {
        // SQL's NULL rules: NULL unless found, when the probe or a value is NULL.
        if (answer_run.values.empty()) {
          answer_value = Value::Bool(expr.negated);
          break;
        }
        if (probe.IsNull(i)) {
          answer_value = Value::Null(expr.type);
          break;
        }
        const Value p = Value::FromVector(probe, i);
        bool found = false;
        bool saw_null = false;
        for (const Value& v : answer_run.values) {
          if (v.is_null()) {
            saw_null = true;
          } else if (v == p) {
            found = true;
          }
        }
        answer_value = found      ? Value::Bool(!expr.negated)
                       : saw_null ? Value::Null(expr.type)
                                  : Value::Bool(expr.negated);
        break;
      }
    }
    answer_value.WriteTo(result, i);
  }
  out = std::move(result);
  return Status::Ok();
}

Status EvaluateInSubquery(const Expr& expr, const DataChunk& input, const EvalContext& context,
                          ColumnVector& out) {
  ASSIGN_OR_RETURN(const SubqueryResults::Answer* answer, AnswerOf(expr, context));
  if (answer->per_row_context) return EvaluatePerRow(expr, *answer, input, context, out);
  const size_t n = input.size();
  std::vector<ColumnVector> keys;
  std::vector<uint32_t> groups;
  RETURN_IF_ERROR(GroupsOf(expr, *answer, input, context, keys, groups));
  std::vector<ColumnVector> probe(1);
  RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, probe[0]));
  probe.insert(probe.end(), keys.begin(), keys.end());
  std::vector<uint32_t> found(n);
  answer->values->Find(probe, n, found.data());
  ColumnVector result = BoolVector(n);
  uint8_t* r = result.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    bool in;
    if (groups[i] == GroupHashTable::kNoGroup) {
      in = false;  // nothing IN an empty set, not even NULL
    } else if (probe[0].IsNull(i)) {
      result.SetNull(i, true);
      continue;
    } else if (found[i] != GroupHashTable::kNoGroup) {
      in = true;
    } else if (answer->groups[groups[i]].has_null) {
      result.SetNull(i, true);
      continue;
    } else {
      in = false;
    }
    r[i] = in != expr.negated;
  }
  out = std::move(result);
  return Status::Ok();
}

Status EvaluateSubqueryValue(const Expr& expr, const DataChunk& input, const EvalContext& context,
                             ColumnVector& out) {
  ASSIGN_OR_RETURN(const SubqueryResults::Answer* answer, AnswerOf(expr, context));
  if (answer->per_row_context) return EvaluatePerRow(expr, *answer, input, context, out);
  const size_t n = input.size();
  std::vector<ColumnVector> keys;
  std::vector<uint32_t> groups;
  RETURN_IF_ERROR(GroupsOf(expr, *answer, input, context, keys, groups));
  if (expr.subquery_kind == SubqueryKind::kExists) {
    ColumnVector result = BoolVector(n);
    uint8_t* r = result.data<uint8_t>();
    for (size_t i = 0; i < n; ++i)
      r[i] = (groups[i] != GroupHashTable::kNoGroup) != expr.negated;
    out = std::move(result);
    return Status::Ok();
  }
  const uint32_t empty_row = static_cast<uint32_t>(answer->scalars.size() - 1);
  for (uint32_t& g : groups) {
    if (g == GroupHashTable::kNoGroup) {
      g = empty_row;
    } else if (answer->groups[g].rows > 1) {
      return Status::Error(ErrorCode::kCardinalityViolation,
                           "more than one row returned by a subquery used as an expression");
    }
  }
  out = GatherRows(answer->scalars, groups.data(), n);
  return Status::Ok();
}

}  // namespace sundial::exec
