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
      for (const AggregateCall& call : aggregate.aggregates)
        VisitExprs(call.args, visit);
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
    case PlanKind::kScan:
    case PlanKind::kLimit:
    case PlanKind::kSetOperation:
    case PlanKind::kSingleRow:
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

Status SubqueryResults::ComputeOne(const Expr& expr, ExecContext& context) {
  const PlanNode* plan = expr.subquery.get();
  if (answers_.count(plan) > 0) return Status::Ok();
  RETURN_IF_ERROR(Compute(*plan, context));
  ASSIGN_OR_RETURN(std::unique_ptr<Operator> root, BuildOperator(*plan, context));
  Answer answer;
  if (expr.subquery_kind == SubqueryKind::kIn) {
    answer.values = std::make_unique<GroupHashTable>(plan->output_types);
  }
  answer.scalar = Value::Null(expr.type);
  DataChunk chunk;
  std::vector<uint32_t> groups;
  while (true) {
    RETURN_IF_ERROR(CheckCanceled(context));
    ASSIGN_OR_RETURN(bool more, root->Next(chunk));
    if (!more) break;
    size_t n = chunk.size();
    if (n == 0) continue;
    switch (expr.subquery_kind) {
      case SubqueryKind::kExists:
        answer.has_rows = true;
        break;
      case SubqueryKind::kScalar:
        if (answer.has_rows || n > 1) {
          return Status::Error(ErrorCode::kCardinalityViolation,
                               "more than one row returned by a subquery used as an expression");
        }
        answer.has_rows = true;
        answer.scalar = Value::FromVector(chunk.columns[0], 0);
        break;
      case SubqueryKind::kIn:
        answer.has_rows = true;
        groups.resize(n);
        answer.values->FindOrInsert(chunk.columns, n, groups.data());
        if (chunk.columns[0].MayHaveNulls()) {
          for (size_t i = 0; i < n && !answer.has_null; ++i)
            answer.has_null = chunk.columns[0].IsNull(i);
        }
        break;
    }
    // EXISTS needs one row only.
    if (expr.subquery_kind == SubqueryKind::kExists) break;
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

}  // namespace

Status EvaluateInSubquery(const Expr& expr, const DataChunk& input, const EvalContext& context,
                          ColumnVector& out) {
  ASSIGN_OR_RETURN(const SubqueryResults::Answer* answer, AnswerOf(expr, context));
  size_t n = input.size();
  std::vector<ColumnVector> probe(1);
  RETURN_IF_ERROR(Evaluate(*expr.args[0], input, context, probe[0]));
  std::vector<uint32_t> groups(n);
  answer->values->Find(probe, n, groups.data());
  ColumnVector result = BoolVector(n);
  uint8_t* r = result.data<uint8_t>();
  for (size_t i = 0; i < n; ++i) {
    bool found;
    if (probe[0].IsNull(i)) {
      // NULL IN (empty set) is false; against any row it is unknown.
      if (answer->has_rows) {
        result.SetNull(i, true);
        continue;
      }
      found = false;
    } else if (groups[i] != GroupHashTable::kNoGroup) {
      found = true;
    } else if (answer->has_null) {
      result.SetNull(i, true);
      continue;
    } else {
      found = false;
    }
    r[i] = found != expr.negated;
  }
  out = std::move(result);
  return Status::Ok();
}

Status EvaluateSubqueryValue(const Expr& expr, size_t n, const EvalContext& context,
                             ColumnVector& out) {
  ASSIGN_OR_RETURN(const SubqueryResults::Answer* answer, AnswerOf(expr, context));
  if (expr.subquery_kind == SubqueryKind::kExists) {
    out = ConstantVector(Value::Bool(answer->has_rows != expr.negated), expr.type, n);
  } else {
    out = ConstantVector(answer->scalar, expr.type, n);
  }
  return Status::Ok();
}

}  // namespace sundial::exec
