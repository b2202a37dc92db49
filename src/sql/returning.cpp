#include "sql/returning.h"

#include "sql/expr_binder.h"

namespace sundial::sql {

Result<ReturningList> ReturningList::Bind(const std::vector<ast::SelectItem>& items,
                                          const ts::TableSchema& table,
                                          const exec::EvalContext& eval, const std::string& alias,
                                          const Scope* items_scope) {
  const std::string& qualifier = alias.empty() ? table.name : alias;
  Scope scope;
  if (items_scope != nullptr) {
    scope = *items_scope;
  } else {
    for (const ts::ColumnSchema& c : table.columns) {
      scope.columns.push_back(ScopeColumn{.qualifier = qualifier, .name = c.name, .type = c.type});
    }
  }
  ExprBinder binder(scope, eval, "RETURNING");
  ReturningList list;
  for (const ast::SelectItem& item : items) {
    const ast::Expr& e = *item.expr;
    if (e.kind == ast::ExprKind::kStar) {
      bool listed = false;
      for (size_t i = 0; i < scope.columns.size(); ++i) {
        const ScopeColumn& column = scope.columns[i];
        const bool hidden =
            e.qualifier.empty() ? column.merged_away : e.qualifier != column.qualifier;
        if (hidden) continue;
        ASSIGN_OR_RETURN(exec::ExprPtr bound,
                         binder.BindScopeColumn(static_cast<int>(i), e.position));
        list.expressions_.push_back(std::move(bound));
        list.columns_.push_back(ResultColumn{.name = column.name, .type = column.type});
        listed = true;
      }
      if (!listed && !e.qualifier.empty()) {
        return Status::Error(ErrorCode::kUndefinedTable,
                             "missing FROM-clause entry for table \"" + e.qualifier + "\"")
            .WithPosition(e.position);
      }
      continue;
    }
    ASSIGN_OR_RETURN(exec::ExprPtr bound, binder.Bind(e));
    bound = ResolveUnknown(std::move(bound));
    list.columns_.push_back(ResultColumn{
        .name = item.alias.empty() ? FigureColumnName(e) : item.alias, .type = bound->type});
    list.expressions_.push_back(std::move(bound));
  }
  return list;
}

Result<std::vector<DataChunk>> ReturningList::Compute(const std::vector<DataChunk>& rows,
                                                      const exec::EvalContext& eval) const {
  std::vector<DataChunk> out;
  for (const DataChunk& chunk : rows) {
    DataChunk returned;
    returned.columns.resize(expressions_.size());
    for (size_t i = 0; i < expressions_.size(); ++i) {
      RETURN_IF_ERROR(exec::Evaluate(*expressions_[i], chunk, eval, returned.columns[i]));
    }
    returned.row_count_without_columns = chunk.size();
    out.push_back(std::move(returned));
  }
  return out;
}

}  // namespace sundial::sql
