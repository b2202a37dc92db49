#include <algorithm>

#include "catalog/catalog.h"
#include "exec/operator.h"
#include "sql/database.h"
#include "sql/expr_binder.h"
#include "sql/physical_planner.h"
#include "sql/returning.h"
#include "sql/row_source.h"
#include "sql/select_binder.h"
#include "sql/statements.h"
#include "sql/table_rows.h"

// INSERT INTO t [(columns)] VALUES ... | SELECT ...

namespace sundial::sql {
namespace {

using exec::ExprPtr;

// A VALUES item converted to its target column's type.
Result<ExprPtr> BindValue(ExprBinder& binder, const ast::Expr& value,
                          const ts::ColumnSchema& column, const exec::EvalContext& eval) {
  ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(value));
  return AssignToColumn(&value, std::move(bound), column, eval, value.position);
}

std::vector<DataType> ColumnTypes(const ts::TableSchema& table) {
  std::vector<DataType> types;
  for (const ts::ColumnSchema& c : table.columns)
    types.push_back(c.type);
  return types;
}

// 428C9 for a value given to a GENERATED ALWAYS identity column, unless
// OVERRIDING SYSTEM VALUE takes it. Whether the given value is used: OVERRIDING
// USER VALUE makes every identity column take its sequence's next value.
Result<bool> TakesGivenValue(const ast::InsertStmt& insert, const ColumnDefaultValues& defaults,
                             const ts::ColumnSchema& column, int target, int position) {
  using Overriding = ast::InsertStmt::Overriding;
  const char identity = defaults.identity[target];
  if (identity == 0) return true;
  if (insert.overriding == Overriding::kUserValue) return false;
  if (identity == 'a' && insert.overriding != Overriding::kSystemValue) {
    return Status::Error(ErrorCode::kGeneratedAlways,
                         "cannot insert a non-DEFAULT value into column \"" + column.name + "\"")
        .WithDetail("Column \"" + column.name +
                    "\" is an identity column defined as GENERATED ALWAYS.")
        .WithHint("Use OVERRIDING SYSTEM VALUE to override.")
        .WithPosition(position);
  }
  return true;
}

Result<uint64_t> InsertFromSelect(const ast::InsertStmt& insert, const ts::TableSchema& table,
                                  const std::vector<int>& targets,
                                  const ColumnDefaultValues& defaults, StatementContext& context,
                                  std::vector<DataChunk>& chunks) {
  const ast::SelectStmt& select = *insert.select;
  SelectBinder binder(context.database.catalog(), context.eval);
  ASSIGN_OR_RETURN(BoundRelation source, binder.BindRelation(select));
  if (source.columns.size() > targets.size()) {
    return Status::Error(ErrorCode::kSyntaxError, "INSERT has more expressions than target columns")
        .WithPosition(select.position);
  }
  if (source.columns.size() < targets.size()) {
    return Status::Error(ErrorCode::kSyntaxError, "INSERT has more target columns than expressions")
        .WithPosition(select.position);
  }
  // Reorder and cast the query's columns into the table's layout.
  std::vector<ExprPtr> layout;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    layout.push_back(defaults.per_row[c] ? defaults.per_row[c]
                                         : exec::MakeConstant(defaults.constants[c]));
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    ASSIGN_OR_RETURN(bool given, TakesGivenValue(insert, defaults, table.columns[targets[i]],
                                                 targets[i], select.position));
    if (!given) continue;
    ExprPtr ref = exec::MakeColumnRef(static_cast<int>(i), source.columns[i].type);
    ASSIGN_OR_RETURN(layout[targets[i]], AssignToColumn(nullptr, ref, table.columns[targets[i]],
                                                        context.eval, select.position));
  }
  auto project = std::make_shared<exec::ProjectPlan>();
  project->children.push_back(PlanPhysical(source.plan));
  project->output_types = ColumnTypes(table);
  project->expressions = std::move(layout);
  std::unique_ptr<exec::ExecContext> exec_context = NewExecContext(context);
  ASSIGN_OR_RETURN(auto op, exec::StartPlan(*project, *exec_context));
  uint64_t rows = 0;
  while (true) {
    DataChunk chunk;
    ASSIGN_OR_RETURN(bool more, op->Next(chunk));
    if (!more) break;
    if (chunk.size() == 0) continue;
    rows += chunk.size();
    chunks.push_back(std::move(chunk));
  }
  return rows;
}

Result<uint64_t> InsertValues(const ast::InsertStmt& insert, const ts::TableSchema& table,
                              const std::vector<int>& targets, const ColumnDefaultValues& defaults,
                              StatementContext& context, std::vector<DataChunk>& chunks) {
  Scope empty;
  ExprBinder binder(empty, context.eval, "VALUES");
  std::vector<DataType> types = ColumnTypes(table);
  std::vector<Value> row_values;
  std::vector<bool> given(types.size());
  DataChunk chunk;
  size_t in_chunk = 0;
  // DEFAULT VALUES is one row of DEFAULTs.
  std::vector<std::vector<ast::ExprPtr>> default_row(1);
  default_row[0].resize(targets.size());
  const auto& rows = insert.default_values ? default_row : insert.rows;
  for (const auto& row : rows) {
    if (row.size() > targets.size()) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "INSERT has more expressions than target columns")
          .WithPosition(row[targets.size()] ? row[targets.size()]->position : 0);
    }
    if (row.size() < targets.size()) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "INSERT has more target columns than expressions")
          .WithPosition(row.empty() || !row.back() ? 0 : row.back()->position);
    }
    row_values = defaults.constants;
    std::fill(given.begin(), given.end(), false);
    for (size_t i = 0; i < row.size(); ++i) {
      if (!row[i]) continue;  // DEFAULT
      const ts::ColumnSchema& column = table.columns[targets[i]];
      ASSIGN_OR_RETURN(bool takes,
                       TakesGivenValue(insert, defaults, column, targets[i], row[i]->position));
      if (!takes) continue;
      ASSIGN_OR_RETURN(ExprPtr bound, BindValue(binder, *row[i], column, context.eval));
      given[targets[i]] = true;
      if (bound->kind == exec::ExprKind::kConstant) {
        row_values[targets[i]] = bound->constant;
      } else {
        ASSIGN_OR_RETURN(row_values[targets[i]], exec::EvaluateConstant(*bound, context.eval));
      }
    }
    for (size_t c = 0; c < types.size(); ++c) {
      if (given[c] || !defaults.per_row[c]) continue;
      ASSIGN_OR_RETURN(row_values[c], exec::EvaluateConstant(*defaults.per_row[c], context.eval));
    }
    if (in_chunk == 0) chunk = DataChunk::Make(types);
    for (size_t c = 0; c < types.size(); ++c)
      row_values[c].WriteTo(chunk.columns[c], in_chunk);
    if (++in_chunk == kBatchCapacity) {
      chunk.SetSize(in_chunk);
      chunks.push_back(std::move(chunk));
      in_chunk = 0;
    }
  }
  if (in_chunk > 0) {
    chunk.SetSize(in_chunk);
    chunks.push_back(std::move(chunk));
  }
  return rows.size();
}

}  // namespace

Result<std::vector<ResultColumn>> DescribeInsert(const ast::InsertStmt& insert,
                                                 StatementContext& context) {
  ASSIGN_OR_RETURN(TargetColumns target,
                   ResolveTargetColumns(context, insert.table, insert.columns));
  if (insert.select) {
    SelectBinder binder(context.database.catalog(), context.eval);
    RETURN_IF_ERROR(binder.BindRelation(*insert.select).status());
  } else {
    Scope empty;
    ExprBinder binder(empty, context.eval, "VALUES");
    for (const auto& row : insert.rows) {
      for (size_t i = 0; i < row.size() && i < target.columns.size(); ++i) {
        if (!row[i]) continue;  // DEFAULT
        RETURN_IF_ERROR(
            BindValue(binder, *row[i], target.table.columns[target.columns[i]], context.eval)
                .status());
      }
    }
  }
  if (insert.returning.empty()) return std::vector<ResultColumn>();
  ASSIGN_OR_RETURN(ReturningList returning,
                   ReturningList::Bind(insert.returning, target.table, context.eval));
  return returning.columns();
}

namespace {

// The rows the INSERT writes, in table layout, checked; how many.
Result<uint64_t> BuildRows(const ast::InsertStmt& insert, const TargetColumns& target,
                           StatementContext& context, std::vector<DataChunk>& chunks) {
  const ts::TableSchema& table = target.table;
  ASSIGN_OR_RETURN(ColumnDefaultValues defaults, EvaluateColumnDefaults(context, table));
  uint64_t rows = 0;
  if (insert.select) {
    ASSIGN_OR_RETURN(rows,
                     InsertFromSelect(insert, table, target.columns, defaults, context, chunks));
  } else {
    ASSIGN_OR_RETURN(rows, InsertValues(insert, table, target.columns, defaults, context, chunks));
  }
  for (const DataChunk& chunk : chunks)
    RETURN_IF_ERROR(CheckRows(table, chunk));
  return rows;
}

}  // namespace

Result<std::vector<DataChunk>> ComputeInsertRows(const ast::InsertStmt& insert,
                                                 StatementContext& context) {
  ASSIGN_OR_RETURN(TargetColumns target,
                   ResolveTargetColumns(context, insert.table, insert.columns));
  std::vector<DataChunk> chunks;
  RETURN_IF_ERROR(BuildRows(insert, target, context, chunks).status());
  return chunks;
}

Result<StatementResult> ExecuteInsert(const ast::InsertStmt& insert, StatementContext& context) {
  ASSIGN_OR_RETURN(TargetColumns target,
                   ResolveTargetColumns(context, insert.table, insert.columns));
  const ts::TableSchema& table = target.table;
  std::optional<ReturningList> returning;
  if (!insert.returning.empty()) {
    ASSIGN_OR_RETURN(returning, ReturningList::Bind(insert.returning, table, context.eval));
  }
  std::vector<DataChunk> chunks;
  ASSIGN_OR_RETURN(uint64_t rows, BuildRows(insert, target, context, chunks));
  StatementResult result;
  if (returning) {
    ASSIGN_OR_RETURN(std::vector<DataChunk> returned, returning->Compute(chunks, context.eval));
    result.columns = returning->columns();
    result.rows = MakeChunkRows(std::move(returned));
  }
  if (!chunks.empty()) RETURN_IF_ERROR(context.writer.Write(table.table_id, std::move(chunks)));
  // With rows to return, the protocol appends their count to the tag.
  result.command_tag = returning ? "INSERT 0" : "INSERT 0 " + std::to_string(rows);
  return result;
}

}  // namespace sundial::sql
