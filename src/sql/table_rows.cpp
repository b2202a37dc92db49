#include "sql/table_rows.h"

#include <optional>
#include <set>

#include "catalog/catalog.h"
#include "exec/function_registry.h"
#include "exec/plan.h"
#include "exec/subquery_results.h"
#include "sql/column_defaults.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/expr_util.h"
#include "sql/logical_plan.h"
#include "sql/parser/parser.h"
#include "sql/rules/rules.h"

namespace sundial::sql {

namespace {

Status CannotChangeSequence(const std::string& name) {
  return Status::Error(ErrorCode::kWrongObjectType, "cannot change sequence \"" + name + "\"");
}

}  // namespace

Result<TargetColumns> ResolveTargetColumns(StatementContext& context, const std::string& table_name,
                                           const std::vector<std::string>& column_names) {
  std::string name = table_name.starts_with("public.") ? table_name.substr(7) : table_name;
  std::optional<ts::TableSchema> table = context.database.catalog().FindTable("", name);
  if (!table) {
    if (context.database.catalog().FindSequence("", name)) return CannotChangeSequence(name);
    return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  TargetColumns targets{.table = std::move(*table)};
  if (column_names.empty()) {
    for (size_t i = 0; i < targets.table.columns.size(); ++i)
      targets.columns.push_back(static_cast<int>(i));
    return targets;
  }
  std::set<int> seen;
  for (const std::string& column : column_names) {
    int index = targets.table.FindColumn(column);
    if (index < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn,
                           "column \"" + column + "\" of relation \"" + name + "\" does not exist");
    }
    if (!seen.insert(index).second) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "column \"" + column + "\" specified more than once");
    }
    targets.columns.push_back(index);
  }
  return targets;
}

// What the store reads to find the rows: every column (the condition is
// evaluated over the table's layout), with the condition's simple
// conjuncts as the scan's time range and predicates, as a SELECT would.
ts::ScanSpec CandidateRows(const ts::TableSchema& table, const exec::ExprPtr& condition) {
  if (!condition) return As<LogicalGet>(*ReadTable(table)).spec;
  auto get = std::make_shared<LogicalGet>(As<LogicalGet>(*ReadTable(table)));
  SplitConjuncts(condition, get->filters);
  LogicalPtr pushed = PushFiltersIntoScans(get);
  return As<LogicalGet>(*pushed).spec;
}

namespace {

bool RunsPerRow(const exec::Expr& expr) {
  if (expr.kind == exec::ExprKind::kSubquery &&
      (expr.per_row || expr.subquery_kind == exec::SubqueryKind::kArray)) {
    return true;
  }
  for (const exec::ExprPtr& arg : expr.args) {
    if (RunsPerRow(*arg)) return true;
  }
  return false;
}

}  // namespace

Status ComputeSubqueries(const std::vector<exec::ExprPtr>& expressions, exec::ExecContext& context,
                         const std::string& statement) {
  exec::ProjectPlan holder;
  for (const exec::ExprPtr& expr : expressions) {
    if (!expr) continue;
    if (RunsPerRow(*expr)) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "a subquery that runs for each row is not supported in " + statement)
          .WithHint("Correlate it with the table by equalities only, or join outside " + statement +
                    ".");
    }
    holder.expressions.push_back(expr);
  }
  if (!context.subquery_results) {
    context.subquery_results = std::make_shared<exec::SubqueryResults>();
  }
  context.eval.subqueries = context.subquery_results.get();
  return context.subquery_results->Compute(holder, context);
}

Result<ts::TableSchema> FindWritableTable(const std::string& table_name,
                                          StatementContext& context) {
  const std::string name = table_name.starts_with("public.") ? table_name.substr(7) : table_name;
  std::optional<ts::TableSchema> found = context.database.engine().FindTable(name);
  if (found) return *found;
  if (context.database.catalog().FindTable("", name)) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "cannot change system relation \"" + name + "\"");
  }
  if (context.database.catalog().FindSequence("", name)) return CannotChangeSequence(name);
  return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
}

namespace {

bool IsTimeFamily(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
}

// PostgreSQL's assignment casts: implicit ones, plus numeric narrowing,
// anything to text, and between date/timestamp types.
bool CanAssign(DataType from, DataType to) {
  if (from == to || exec::CanImplicitlyCast(from, to)) return true;
  auto is_number = [](TypeId id) { return IsNumeric(id) || id == TypeId::kNumeric; };
  if (is_number(from.id) && is_number(to.id)) return true;
  if (IsString(to.id)) return exec::CanCast(from, to);
  return IsTimeFamily(from.id) && IsTimeFamily(to.id) && exec::CanCast(from, to);
}

}  // namespace

Result<exec::ExprPtr> AssignToColumn(const ast::Expr* source, exec::ExprPtr expr,
                                     const ts::ColumnSchema& column, const exec::EvalContext& eval,
                                     int position) {
  if (expr->type.id != TypeId::kUnknown && !CanAssign(expr->type, column.type)) {
    return Status::Error(ErrorCode::kDatatypeMismatch,
                         "column \"" + column.name + "\" is of type " + TypeName(column.type) +
                             " but expression is of type " + TypeName(expr->type))
        .WithPosition(position)
        .WithHint("You will need to rewrite or cast the expression.");
  }
  if (source == nullptr) return CoerceTo(std::move(expr), column.type, eval, position);
  return CoerceExprTo(*source, std::move(expr), column.type, eval, position);
}

namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

bool IsNotNullColumn(const ts::TableSchema& table, int column) {
  return table.columns[column].not_null || table.time_column == column;
}

Result<exec::ExprPtr> BindDefault(const std::string& sql, DataType type,
                                  const exec::EvalContext& eval) {
  ASSIGN_OR_RETURN(auto statements, ParseSql("SELECT " + sql));
  if (statements.size() != 1 || statements[0]->kind != ast::Statement::Kind::kSelect ||
      statements[0]->select->targets.size() != 1) {
    return Status::Error(ErrorCode::kInternal, "malformed DEFAULT expression: " + sql);
  }
  Scope empty;
  ExprBinder binder(empty, eval, "DEFAULT expressions");
  const ast::Expr& expr = *statements[0]->select->targets[0].expr;
  ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(expr));
  return CoerceExprTo(expr, bound, type, eval, expr.position);
}

Result<Value> EvaluateDefault(const std::string& sql, DataType type,
                              const exec::EvalContext& eval) {
  ASSIGN_OR_RETURN(exec::ExprPtr bound, BindDefault(sql, type, eval));
  if (bound->kind == exec::ExprKind::kConstant) return bound->constant;
  if (!exec::IsConstantExpr(*bound)) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "a volatile expression (" + sql + ") is not supported here");
  }
  return exec::EvaluateConstant(*bound, eval);
}

namespace {

// nextval(<the sequence's OID>) as the column's type, built directly: no
// SQL text to parse on every INSERT.
Result<exec::ExprPtr> IdentityDefault(const catalog::SequenceDefinition& sequence, DataType type,
                                      const exec::EvalContext& eval) {
  const DataType bigint = DataType::Of(TypeId::kInt64);
  ASSIGN_OR_RETURN(auto nextval,
                   exec::FunctionRegistry::Instance().ResolveScalar("nextval", {bigint}));
  exec::ExprPtr call = exec::MakeCall(
      nextval.function, {exec::MakeConstant(Value::Int64(static_cast<int64_t>(sequence.oid())))});
  return CoerceTo(std::move(call), type, eval, 0);
}

}  // namespace

Result<ColumnDefaultValues> EvaluateColumnDefaults(StatementContext& context,
                                                   const ts::TableSchema& table) {
  const size_t columns = table.columns.size();
  ColumnDefaultValues values{.per_row = std::vector<exec::ExprPtr>(columns),
                             .identity = std::vector<char>(columns, 0)};
  for (size_t i = 0; i < columns; ++i) {
    const ts::ColumnSchema& column = table.columns[i];
    std::optional<std::string> sql =
        context.database.column_defaults().Find(table.table_id, static_cast<int>(column.column_id));
    values.constants.push_back(Value::Null(column.type));
    if (!sql) continue;
    ASSIGN_OR_RETURN(exec::ExprPtr bound, BindDefault(*sql, column.type, context.eval));
    if (bound->kind == exec::ExprKind::kConstant) {
      values.constants.back() = bound->constant;
    } else if (exec::IsConstantExpr(*bound)) {
      ASSIGN_OR_RETURN(values.constants.back(), exec::EvaluateConstant(*bound, context.eval));
    } else {
      values.per_row[i] = std::move(bound);
    }
  }
  // An identity column has no DEFAULT (pg_attrdef shows none): its sequence
  // is found by the column that owns it.
  for (const catalog::SequenceDefinition& sequence :
       context.database.catalog().sequences().OwnedBy(table.table_id)) {
    if (sequence.identity == 0) continue;
    for (size_t i = 0; i < columns; ++i) {
      if (static_cast<int>(table.columns[i].column_id) != sequence.owner_column_id) continue;
      ASSIGN_OR_RETURN(values.per_row[i],
                       IdentityDefault(sequence, table.columns[i].type, context.eval));
      values.identity[i] = sequence.identity;
    }
  }
  return values;
}

Status CheckRows(const ts::TableSchema& table, const DataChunk& chunk) {
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const ColumnVector& vector = chunk.columns[c];
    const ts::ColumnSchema& column = table.columns[c];
    if (IsNotNullColumn(table, static_cast<int>(c)) && vector.MayHaveNulls()) {
      for (size_t r = 0; r < chunk.size(); ++r) {
        if (vector.IsNull(r)) {
          return Status::Error(ErrorCode::kNotNullViolation,
                               "null value in column \"" + column.name + "\" of relation \"" +
                                   table.name + "\" violates not-null constraint");
        }
      }
    }
    if (column.type.id == TypeId::kVarchar && column.type.max_length >= 0) {
      const auto* strings = vector.data<std::string_view>();
      for (size_t r = 0; r < chunk.size(); ++r) {
        if (vector.IsNull(r)) continue;
        if (strings[r].size() > static_cast<size_t>(column.type.max_length) &&
            CodePoints(strings[r]) > static_cast<size_t>(column.type.max_length)) {
          return Status::Error(ErrorCode::kStringDataRightTruncation,
                               "value too long for type character varying(" +
                                   std::to_string(column.type.max_length) + ")");
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace sundial::sql
