#include "exec/subquery_results.h"

#include <functional>

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
      VisitExprs({series.start, series.stop, series.step}, visit);
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

Status SubqueryResults::ComputeOne(const Expr& expr, ExecContext& context) {
  const PlanNode* plan = expr.subquery.get();
  if (answers_.count(plan) > 0) return Status::Ok();
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

Status EvaluateInSubquery(const Expr& expr, const DataChunk& input, const EvalContext& context,
                          ColumnVector& out) {
  ASSIGN_OR_RETURN(const SubqueryResults::Answer* answer, AnswerOf(expr, context));
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
