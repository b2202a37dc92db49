#include "sql/table_rows.h"

#include <optional>
#include <set>

#include "catalog/catalog.h"
#include "sql/column_defaults.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/parser/parser.h"

namespace sundial::sql {

Result<TargetColumns> ResolveTargetColumns(StatementContext& context, const std::string& table_name,
                                           const std::vector<std::string>& column_names) {
  std::string name = table_name.starts_with("public.") ? table_name.substr(7) : table_name;
  std::optional<ts::TableSchema> table = context.database.catalog().FindTable("", name);
  if (!table) {
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

Result<Value> EvaluateDefault(const std::string& sql, DataType type,
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
  ASSIGN_OR_RETURN(bound, CoerceExprTo(expr, bound, type, eval, expr.position));
  if (bound->kind != exec::ExprKind::kConstant) {
    ASSIGN_OR_RETURN(Value value, exec::EvaluateConstant(*bound, eval));
    return value;
  }
  return bound->constant;
}

Result<std::vector<Value>> EvaluateColumnDefaults(StatementContext& context,
                                                  const ts::TableSchema& table) {
  std::vector<Value> values;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    std::optional<std::string> sql = context.database.column_defaults().Find(
        table.table_id, static_cast<int>(table.columns[i].column_id));
    if (!sql) {
      values.push_back(Value::Null(table.columns[i].type));
      continue;
    }
    ASSIGN_OR_RETURN(Value v, EvaluateDefault(*sql, table.columns[i].type, context.eval));
    values.push_back(std::move(v));
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
