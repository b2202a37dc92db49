#include <algorithm>
#include <array>

#include "sql/parser/ast_builder.h"
#include "sql/parser/literal_text.h"

namespace sundial::sql::parser_internal {

using ast::ExprPtr;
using Parser = grammar::SundialParser;

namespace {

Status NotSupported(std::string what, int position) {
  return Status::Error(ErrorCode::kFeatureNotSupported, std::move(what) + " is not supported")
      .WithPosition(position);
}

Status SyntaxError(std::string message, int position) {
  return Status::Error(ErrorCode::kSyntaxError, std::move(message)).WithPosition(position);
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// INSERT's VALUES list is built directly (DEFAULT allowed, no query node)
// when the source is nothing but VALUES rows.
Parser::ValuesClauseContext* PlainValues(Parser::SelectStmtContext* ctx) {
  if (ctx->withClause() != nullptr || ctx->orderByClause() != nullptr ||
      !ctx->limitClause().empty()) {
    return nullptr;
  }
  const auto intersects = ctx->selectBody()->selectIntersect();
  if (intersects.size() != 1) return nullptr;
  const auto primaries = intersects[0]->selectPrimary();
  if (primaries.size() != 1) return nullptr;
  return primaries[0]->valuesClause();
}

constexpr std::array<std::string_view, 9> kExplainOptions = {
    "analyze", "verbose", "costs", "settings", "buffers", "wal", "timing", "summary", "format"};

}  // namespace

Result<std::unique_ptr<ast::Statement>> AstBuilder::Statement(Parser::StatementContext* ctx) const {
  using Kind = ast::Statement::Kind;
  auto statement = std::make_unique<ast::Statement>();
  statement->position = PositionOf(ctx);
  if (ctx->selectStmt() != nullptr) {
    statement->kind = Kind::kSelect;
    ASSIGN_OR_RETURN(statement->select, Select(ctx->selectStmt()));
  } else if (ctx->insertStmt() != nullptr) {
    statement->kind = Kind::kInsert;
    ASSIGN_OR_RETURN(statement->insert, Insert(ctx->insertStmt()));
  } else if (ctx->copyStmt() != nullptr) {
    statement->kind = Kind::kCopy;
    ASSIGN_OR_RETURN(statement->copy, Copy(ctx->copyStmt()));
  } else if (ctx->createTableStmt() != nullptr) {
    statement->kind = Kind::kCreateTable;
    ASSIGN_OR_RETURN(statement->create_table, CreateTable(ctx->createTableStmt()));
  } else if (ctx->createViewStmt() != nullptr) {
    statement->kind = Kind::kCreateView;
    ASSIGN_OR_RETURN(statement->create_view, CreateView(ctx->createViewStmt()));
  } else if (ctx->createMaterializedViewStmt() != nullptr) {
    statement->kind = Kind::kCreateView;
    ASSIGN_OR_RETURN(statement->create_view,
                     CreateMaterializedView(ctx->createMaterializedViewStmt()));
  } else if (ctx->dropViewStmt() != nullptr) {
    statement->kind = Kind::kDropView;
    ASSIGN_OR_RETURN(statement->drop_view, DropView(ctx->dropViewStmt()));
  } else if (ctx->alterMaterializedViewStmt() != nullptr) {
    statement->kind = Kind::kAlterMaterializedView;
    ASSIGN_OR_RETURN(statement->alter_materialized_view,
                     AlterMaterializedView(ctx->alterMaterializedViewStmt()));
  } else if (ctx->createIndexStmt() != nullptr) {
    statement->kind = Kind::kCreateIndex;
    ASSIGN_OR_RETURN(statement->create_index, CreateIndex(ctx->createIndexStmt()));
  } else if (auto* drop_index = ctx->dropIndexStmt()) {
    statement->kind = Kind::kDropIndex;
    statement->drop_index = std::make_unique<ast::DropIndexStmt>();
    statement->drop_index->if_exists = drop_index->IF() != nullptr;
    // Nothing depends on an index, so CASCADE and RESTRICT drop the same.
    for (auto* name : drop_index->qualifiedName()) {
      ASSIGN_OR_RETURN(std::string index, TableName(name));
      statement->drop_index->names.push_back(std::move(index));
    }
  } else if (ctx->createSequenceStmt() != nullptr) {
    statement->kind = Kind::kCreateSequence;
    ASSIGN_OR_RETURN(statement->sequence, CreateSequence(ctx->createSequenceStmt()));
  } else if (ctx->alterSequenceStmt() != nullptr) {
    statement->kind = Kind::kAlterSequence;
    ASSIGN_OR_RETURN(statement->sequence, AlterSequence(ctx->alterSequenceStmt()));
  } else if (ctx->dropSequenceStmt() != nullptr) {
    statement->kind = Kind::kDropSequence;
    ASSIGN_OR_RETURN(statement->drop_sequence, DropSequence(ctx->dropSequenceStmt()));
  } else if (ctx->callStmt() != nullptr) {
    statement->kind = Kind::kCall;
    ASSIGN_OR_RETURN(statement->call, Call(ctx->callStmt()));
  } else if (ctx->dropTableStmt() != nullptr) {
    statement->kind = Kind::kDropTable;
    ASSIGN_OR_RETURN(statement->drop_table, DropTable(ctx->dropTableStmt()));
  } else if (ctx->alterTableStmt() != nullptr) {
    statement->kind = Kind::kAlterTable;
    ASSIGN_OR_RETURN(statement->alter_table, AlterTable(ctx->alterTableStmt()));
  } else if (ctx->updateStmt() != nullptr) {
    statement->kind = Kind::kUpdate;
    ASSIGN_OR_RETURN(statement->update, Update(ctx->updateStmt()));
  } else if (auto* del = ctx->deleteStmt()) {
    statement->kind = Kind::kDelete;
    statement->delete_stmt = std::make_unique<ast::DeleteStmt>();
    ASSIGN_OR_RETURN(statement->delete_stmt->table, TableName(del->qualifiedName()));
    if (del->identifier() != nullptr) statement->delete_stmt->alias = Identifier(del->identifier());
    for (auto* ref : del->tableRef()) {
      ASSIGN_OR_RETURN(ast::TableRefPtr item, TableRef(ref));
      statement->delete_stmt->using_items.push_back(std::move(item));
    }
    if (del->expr() != nullptr) {
      ASSIGN_OR_RETURN(statement->delete_stmt->where, Expr(del->expr()));
    }
    if (auto* returning = del->returningClause()) {
      ASSIGN_OR_RETURN(statement->delete_stmt->returning, SelectList(returning->selectList()));
    }
  } else if (ctx->truncateStmt() != nullptr) {
    statement->kind = Kind::kTruncate;
    ASSIGN_OR_RETURN(statement->truncate, Truncate(ctx->truncateStmt()));
  } else if (ctx->setStmt() != nullptr) {
    statement->kind = Kind::kSet;
    ASSIGN_OR_RETURN(statement->set, Set(ctx->setStmt()));
  } else if (auto* show = ctx->showStmt()) {
    statement->kind = Kind::kShow;
    statement->show = std::make_unique<ast::ShowStmt>();
    statement->show->name = show->ZONE() != nullptr        ? "timezone"
                            : show->ISOLATION() != nullptr ? "transaction_isolation"
                            : show->ALL() != nullptr       ? "all"
                                                           : Lower(OptionName(show->optionName()));
  } else if (auto* reset = ctx->resetStmt()) {
    statement->kind = Kind::kReset;
    statement->reset = std::make_unique<ast::ResetStmt>();
    statement->reset->name = reset->ZONE() != nullptr  ? "timezone"
                             : reset->ALL() != nullptr ? "all"
                                                       : Lower(OptionName(reset->optionName()));
  } else if (auto* transaction = ctx->transactionStmt()) {
    // Isolation and access modes are accepted and have no effect: every
    // Sundial transaction behaves the same way.
    statement->kind = Kind::kTransaction;
    statement->transaction = std::make_unique<ast::TransactionStmt>();
    using TxKind = ast::TransactionStmt::Kind;
    ast::TransactionStmt& stmt = *statement->transaction;
    if (auto* savepoint = dynamic_cast<Parser::SavepointContext*>(transaction)) {
      stmt.kind = TxKind::kSavepoint;
      stmt.savepoint = Identifier(savepoint->identifier());
    } else if (auto* release = dynamic_cast<Parser::ReleaseSavepointContext*>(transaction)) {
      stmt.kind = TxKind::kReleaseSavepoint;
      stmt.savepoint = Identifier(release->identifier());
    } else if (auto* back = dynamic_cast<Parser::RollbackToSavepointContext*>(transaction)) {
      stmt.kind = TxKind::kRollbackToSavepoint;
      stmt.savepoint = Identifier(back->identifier());
    } else {
      stmt.kind = dynamic_cast<Parser::BeginTransactionContext*>(transaction) != nullptr
                      ? TxKind::kBegin
                  : dynamic_cast<Parser::CommitTransactionContext*>(transaction) != nullptr
                      ? TxKind::kCommit
                      : TxKind::kRollback;
    }
  } else if (ctx->explainStmt() != nullptr) {
    return Explain(ctx->explainStmt());
  } else if (auto* prepare = ctx->prepareStmt()) {
    statement->kind = Kind::kPrepare;
    statement->prepared_name = Identifier(prepare->identifier());
    for (auto* type : prepare->typeName()) {
      ASSIGN_OR_RETURN(ast::TypeName name, Type(type));
      statement->prepared_types.push_back(std::move(name));
    }
    ASSIGN_OR_RETURN(std::unique_ptr<ast::Statement> inner, Statement(prepare->statement()));
    inner->text = std::string(source_.Of(prepare->statement()));
    statement->prepared = std::move(inner);
  } else if (auto* execute = ctx->executeStmt()) {
    statement->kind = Kind::kExecute;
    statement->prepared_name = Identifier(execute->identifier());
    if (execute->exprList() != nullptr) {
      ASSIGN_OR_RETURN(statement->execute_arguments, ExprList(execute->exprList()));
    }
  } else if (auto* deallocate = ctx->deallocateStmt()) {
    statement->kind = Kind::kDeallocate;
    if (deallocate->identifier() != nullptr) {
      statement->prepared_name = Identifier(deallocate->identifier());
    }
  } else if (auto* declare = ctx->declareCursorStmt()) {
    statement->kind = Kind::kDeclareCursor;
    // SCROLL cursors read backwards; Sundial's plans only stream forwards.
    if (!declare->SCROLL().empty() && declare->NO().empty()) {
      return NotSupported("DECLARE ... SCROLL CURSOR", PositionOf(declare->SCROLL(0)));
    }
    statement->cursor_name = Identifier(declare->identifier());
    statement->cursor_with_hold = declare->HOLD() != nullptr && declare->WITH() != nullptr;
    ASSIGN_OR_RETURN(statement->select, Select(declare->selectStmt()));
  } else if (auto* fetch = ctx->fetchStmt()) {
    statement->kind = Kind::kFetch;
    statement->fetch_is_move = fetch->MOVE() != nullptr;
    statement->cursor_name = Identifier(fetch->identifier());
    ASSIGN_OR_RETURN(statement->fetch_count, FetchCount(fetch->fetchDirection()));
  } else if (auto* close = ctx->closeCursorStmt()) {
    statement->kind = Kind::kCloseCursor;
    if (close->identifier() != nullptr) statement->cursor_name = Identifier(close->identifier());
  } else {
    statement->kind = Kind::kCheckpoint;
  }
  return statement;
}

Result<int64_t> AstBuilder::FetchCount(Parser::FetchDirectionContext* ctx) const {
  if (ctx == nullptr || ctx->NEXT() != nullptr) return 1;
  if (ctx->ALL() != nullptr) return -1;
  const bool forward_only = ctx->PRIOR() == nullptr && ctx->FIRST() == nullptr &&
                            ctx->LAST() == nullptr && ctx->ABSOLUTE() == nullptr &&
                            ctx->RELATIVE() == nullptr && ctx->BACKWARD() == nullptr &&
                            ctx->MINUS() == nullptr;
  if (!forward_only) {
    return NotSupported("FETCH " + std::string(source_.Of(ctx)) + " (cursors only move forward)",
                        PositionOf(ctx));
  }
  if (ctx->INTEGER() == nullptr) return 1;  // FORWARD alone
  const std::string digits = ctx->INTEGER()->getText();
  if (digits.size() > 18) return SyntaxError("FETCH count out of range", PositionOf(ctx));
  return std::stoll(digits);
}

Result<std::unique_ptr<ast::Statement>> AstBuilder::Explain(Parser::ExplainStmtContext* ctx) const {
  auto statement = std::make_unique<ast::Statement>();
  statement->kind = ast::Statement::Kind::kExplain;
  statement->position = PositionOf(ctx);
  statement->explain_analyze = ctx->ANALYZE() != nullptr;
  for (auto* option : ctx->explainOption()) {
    const std::string name = ColLabel(option->colLabel());
    if (std::find(kExplainOptions.begin(), kExplainOptions.end(), name) == kExplainOptions.end()) {
      return SyntaxError("unrecognized EXPLAIN option \"" + name + "\"", PositionOf(option));
    }
    if (name != "analyze") continue;
    std::string value = "true";
    if (option->optionValue() != nullptr) {
      ASSIGN_OR_RETURN(value, OptionValue(option->optionValue()));
    }
    statement->explain_analyze = value != "false" && value != "off" && value != "0";
  }
  ASSIGN_OR_RETURN(statement->explained, Statement(ctx->statement()));
  statement->explained->text = std::string(source_.Of(ctx->statement()));
  return statement;
}

// ------------------------------------------------------------------ queries

Result<std::unique_ptr<ast::SelectStmt>> AstBuilder::Select(Parser::SelectStmtContext* ctx) const {
  ASSIGN_OR_RETURN(std::unique_ptr<ast::SelectStmt> select, SelectBody(ctx->selectBody()));
  if (auto* with = ctx->withClause()) {
    if (with->RECURSIVE() != nullptr) return NotSupported("WITH RECURSIVE", PositionOf(with));
    if (!select->with.empty())
      return SyntaxError("multiple WITH clauses not allowed", PositionOf(with));
    for (auto* cte : with->commonTableExpr()) {
      ast::CommonTableExpr entry{.name = Identifier(cte->identifier()),
                                 .column_aliases = ColumnList(cte->columnList()),
                                 .position = PositionOf(cte)};
      ASSIGN_OR_RETURN(entry.query, Select(cte->selectStmt()));
      select->with.push_back(std::move(entry));
    }
  }
  if (auto* order = ctx->orderByClause()) {
    if (!select->order_by.empty()) {
      return SyntaxError("multiple ORDER BY clauses not allowed", PositionOf(order));
    }
    ASSIGN_OR_RETURN(select->order_by, OrderBy(order));
  }
  bool has_limit = select->limit != nullptr;
  bool has_offset = select->offset != nullptr;
  for (auto* clause : ctx->limitClause()) {
    if (clause->OFFSET() != nullptr) {
      if (has_offset) return SyntaxError("multiple OFFSET clauses not allowed", PositionOf(clause));
      has_offset = true;
      ASSIGN_OR_RETURN(select->offset, Expr(clause->expr()));
      continue;
    }
    if (has_limit) return SyntaxError("multiple LIMIT clauses not allowed", PositionOf(clause));
    has_limit = true;
    if (clause->expr() != nullptr) {
      ASSIGN_OR_RETURN(select->limit, Expr(clause->expr()));
    } else if (clause->FETCH() != nullptr) {
      // FETCH FIRST ROW ONLY means one row.
      select->limit = std::make_unique<ast::Expr>();
      select->limit->literal_kind = ast::LiteralKind::kInteger;
      select->limit->text = "1";
      select->limit->position = PositionOf(clause);
    }
  }
  select->position = PositionOf(ctx);
  return select;
}

Result<std::unique_ptr<ast::SelectStmt>> AstBuilder::SelectBody(
    Parser::SelectBodyContext* ctx) const {
  const auto operands = ctx->selectIntersect();
  const auto operators = ctx->setOperator();
  ASSIGN_OR_RETURN(std::unique_ptr<ast::SelectStmt> result, SelectIntersect(operands[0]));
  for (size_t i = 1; i < operands.size(); ++i) {
    Parser::SetOperatorContext* op = operators[i - 1];
    const bool all = op->ALL() != nullptr;
    ASSIGN_OR_RETURN(std::unique_ptr<ast::SelectStmt> right, SelectIntersect(operands[i]));
    auto node = std::make_unique<ast::SelectStmt>();
    node->position = result->position;
    node->set_operation = op->EXCEPT() != nullptr ? ast::SetOperation::kExcept
                          : all                   ? ast::SetOperation::kUnionAll
                                                  : ast::SetOperation::kUnion;
    node->set_all = all;
    node->set_left = std::move(result);
    node->set_right = std::move(right);
    result = std::move(node);
  }
  return result;
}

Result<std::unique_ptr<ast::SelectStmt>> AstBuilder::SelectIntersect(
    Parser::SelectIntersectContext* ctx) const {
  const auto operands = ctx->selectPrimary();
  const auto all_tokens = ctx->ALL();
  ASSIGN_OR_RETURN(std::unique_ptr<ast::SelectStmt> result, SelectPrimary(operands[0]));
  for (size_t i = 1; i < operands.size(); ++i) {
    ASSIGN_OR_RETURN(std::unique_ptr<ast::SelectStmt> right, SelectPrimary(operands[i]));
    auto node = std::make_unique<ast::SelectStmt>();
    node->position = result->position;
    node->set_operation = ast::SetOperation::kIntersect;
    // This INTERSECT is ALL when an ALL token lies between its operands.
    const size_t before = operands[i - 1]->getStop()->getTokenIndex();
    const size_t after = operands[i]->getStart()->getTokenIndex();
    for (auto* token : all_tokens) {
      const size_t at = token->getSymbol()->getTokenIndex();
      node->set_all = node->set_all || (at > before && at < after);
    }
    node->set_left = std::move(result);
    node->set_right = std::move(right);
    result = std::move(node);
  }
  return result;
}

Result<std::unique_ptr<ast::SelectStmt>> AstBuilder::SelectPrimary(
    Parser::SelectPrimaryContext* ctx) const {
  if (ctx->simpleSelect() != nullptr) return SimpleSelect(ctx->simpleSelect());
  if (ctx->selectStmt() != nullptr) return Select(ctx->selectStmt());
  auto select = std::make_unique<ast::SelectStmt>();
  select->position = PositionOf(ctx);
  ASSIGN_OR_RETURN(select->values, ValuesRows(ctx->valuesClause(), false));
  return select;
}

Result<std::unique_ptr<ast::SelectStmt>> AstBuilder::SimpleSelect(
    Parser::SimpleSelectContext* ctx) const {
  auto select = std::make_unique<ast::SelectStmt>();
  select->position = PositionOf(ctx);
  const auto lists = ctx->exprList();
  const auto exprs = ctx->expr();
  size_t next_list = 0;
  size_t next_expr = 0;
  if (ctx->DISTINCT() != nullptr) {
    select->distinct = true;
    if (ctx->ON() != nullptr) {
      ASSIGN_OR_RETURN(select->distinct_on, ExprList(lists[next_list++]));
    }
  }
  if (ctx->selectList() != nullptr) {
    ASSIGN_OR_RETURN(select->targets, SelectList(ctx->selectList()));
  }
  if (auto* from = ctx->fromClause()) {
    for (auto* ref : from->tableRef()) {
      ASSIGN_OR_RETURN(ast::TableRefPtr table, TableRef(ref));
      select->from.push_back(std::move(table));
    }
  }
  if (ctx->WHERE() != nullptr) {
    ASSIGN_OR_RETURN(select->where, Expr(exprs[next_expr++]));
  }
  if (ctx->GROUP() != nullptr) {
    ASSIGN_OR_RETURN(select->group_by, ExprList(lists[next_list++]));
  }
  if (ctx->HAVING() != nullptr) {
    ASSIGN_OR_RETURN(select->having, Expr(exprs[next_expr++]));
  }
  if (ctx->windowClause() != nullptr) {
    ASSIGN_OR_RETURN(select->windows, WindowClause(ctx->windowClause()));
  }
  return select;
}

Result<std::vector<ast::SelectItem>> AstBuilder::SelectList(Parser::SelectListContext* ctx) const {
  std::vector<ast::SelectItem> items;
  for (auto* item : ctx->selectItem()) {
    ast::SelectItem entry;
    if (auto* expr_item = dynamic_cast<Parser::ExprItemContext*>(item)) {
      ASSIGN_OR_RETURN(entry.expr, Expr(expr_item->expr()));
      if (expr_item->colLabel() != nullptr) entry.alias = ColLabel(expr_item->colLabel());
      if (expr_item->identifier() != nullptr) entry.alias = Identifier(expr_item->identifier());
    } else {
      entry.expr = std::make_unique<ast::Expr>();
      entry.expr->kind = ast::ExprKind::kStar;
      entry.expr->position = PositionOf(item);
      if (auto* qualified = dynamic_cast<Parser::QualifiedStarItemContext*>(item)) {
        entry.expr->qualifier = Identifier(qualified->identifier().back());
      }
    }
    items.push_back(std::move(entry));
  }
  return items;
}

Result<std::vector<std::vector<ExprPtr>>> AstBuilder::ValuesRows(Parser::ValuesClauseContext* ctx,
                                                                 bool allow_default) const {
  std::vector<std::vector<ExprPtr>> rows;
  const auto row_contexts = ctx->valuesRow();
  rows.reserve(row_contexts.size());
  for (auto* row_ctx : row_contexts) {
    std::vector<ExprPtr> row;
    for (auto* element : row_ctx->valuesElement()) {
      if (element->DEFAULT() != nullptr) {
        if (!allow_default) {
          return SyntaxError("DEFAULT is not allowed in this context", PositionOf(element));
        }
        row.push_back(nullptr);
        continue;
      }
      ASSIGN_OR_RETURN(ExprPtr value, Expr(element->expr()));
      row.push_back(std::move(value));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<ast::TableRefPtr> AstBuilder::TableRef(Parser::TableRefContext* ctx) const {
  ASSIGN_OR_RETURN(ast::TableRefPtr result, TablePrimary(ctx->tablePrimary()));
  for (auto* join : ctx->joinClause()) {
    auto node = std::make_unique<ast::TableRef>();
    node->kind = ast::TableRef::Kind::kJoin;
    node->natural = join->NATURAL() != nullptr;
    node->position = result->position;
    if (join->CROSS() != nullptr) {
      node->join_kind = ast::JoinKind::kCross;
    } else if (auto* type = join->joinType()) {
      node->join_kind = type->LEFT() != nullptr    ? ast::JoinKind::kLeft
                        : type->RIGHT() != nullptr ? ast::JoinKind::kRight
                        : type->FULL() != nullptr  ? ast::JoinKind::kFull
                                                   : ast::JoinKind::kInner;
    }
    ASSIGN_OR_RETURN(node->right, TablePrimary(join->tablePrimary()));
    if (auto* qualifier = join->joinQualifier()) {
      if (qualifier->expr() != nullptr) {
        ASSIGN_OR_RETURN(node->join_condition, Expr(qualifier->expr()));
      } else {
        node->using_columns = ColumnList(qualifier->columnList());
      }
    }
    node->left = std::move(result);
    result = std::move(node);
  }
  return result;
}

Result<ast::TableRefPtr> AstBuilder::TablePrimary(Parser::TablePrimaryContext* ctx) const {
  ast::TableRefPtr ref;
  Parser::AliasClauseContext* alias = nullptr;
  if (auto* named = dynamic_cast<Parser::NamedTableContext*>(ctx)) {
    ref = std::make_unique<ast::TableRef>();
    const auto parts = named->qualifiedName()->identifier();
    if (parts.size() > 2) {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "cross-database references are not implemented: " +
                               named->qualifiedName()->getText())
          .WithPosition(PositionOf(named));
    }
    ref->name = Identifier(parts.back());
    if (parts.size() == 2) ref->schema = Identifier(parts[0]);
    alias = named->aliasClause();
  } else if (auto* function = dynamic_cast<Parser::FunctionTableContext*>(ctx)) {
    ref = std::make_unique<ast::TableRef>();
    ref->kind = ast::TableRef::Kind::kFunction;
    ref->function = std::make_unique<ast::Expr>();
    ref->function->kind = ast::ExprKind::kFunction;
    ref->function->position = PositionOf(function);
    ref->function->name = Identifier(function->qualifiedName()->identifier().back());
    RETURN_IF_ERROR(FunctionArgs(function->functionArg(), *ref->function));
    ref->lateral = function->LATERAL() != nullptr;
    alias = function->aliasClause();
  } else if (auto* subquery = dynamic_cast<Parser::SubqueryTableContext*>(ctx)) {
    ref = std::make_unique<ast::TableRef>();
    ref->kind = ast::TableRef::Kind::kSubquery;
    ASSIGN_OR_RETURN(ref->subquery, Select(subquery->selectStmt()));
    ref->lateral = subquery->LATERAL() != nullptr;
    alias = subquery->aliasClause();
  } else {
    auto* parenthesized = static_cast<Parser::ParenthesizedTableContext*>(ctx);
    ASSIGN_OR_RETURN(ref, TableRef(parenthesized->tableRef()));
    alias = parenthesized->aliasClause();
  }
  ref->position = PositionOf(ctx);
  if (alias != nullptr) {
    ref->alias = Identifier(alias->identifier());
    ref->column_aliases = ColumnList(alias->columnList());
  }
  return ref;
}

Result<std::vector<ast::OrderItem>> AstBuilder::OrderBy(Parser::OrderByClauseContext* ctx) const {
  std::vector<ast::OrderItem> items;
  for (auto* sort : ctx->sortItem()) {
    ast::OrderItem item{.descending = sort->DESC() != nullptr};
    ASSIGN_OR_RETURN(item.expr, Expr(sort->expr()));
    if (sort->NULLS() != nullptr) item.nulls_first = sort->FIRST() != nullptr;
    items.push_back(std::move(item));
  }
  return items;
}

// ------------------------------------------------------------------ DML

Result<std::unique_ptr<ast::InsertStmt>> AstBuilder::Insert(Parser::InsertStmtContext* ctx) const {
  auto insert = std::make_unique<ast::InsertStmt>();
  ASSIGN_OR_RETURN(insert->table, TableName(ctx->qualifiedName()));
  insert->columns = ColumnList(ctx->columnList());
  if (ctx->OVERRIDING() != nullptr) {
    const std::string kind = Identifier(ctx->identifier());
    if (kind == "system") {
      insert->overriding = ast::InsertStmt::Overriding::kSystemValue;
    } else if (kind == "user") {
      insert->overriding = ast::InsertStmt::Overriding::kUserValue;
    } else {
      return SyntaxError(
          "syntax error at or near \"" + std::string(source_.Of(ctx->identifier())) + "\"",
          PositionOf(ctx->identifier()));
    }
  }
  if (ctx->onConflictClause() != nullptr) {
    return NotSupported("ON CONFLICT", PositionOf(ctx->onConflictClause()));
  }
  if (ctx->DEFAULT() != nullptr) {
    insert->default_values = true;
  } else if (auto* values = PlainValues(ctx->selectStmt())) {
    ASSIGN_OR_RETURN(insert->rows, ValuesRows(values, true));
  } else {
    ASSIGN_OR_RETURN(insert->select, Select(ctx->selectStmt()));
  }
  if (auto* returning = ctx->returningClause()) {
    ASSIGN_OR_RETURN(insert->returning, SelectList(returning->selectList()));
  }
  return insert;
}

Result<std::unique_ptr<ast::UpdateStmt>> AstBuilder::Update(Parser::UpdateStmtContext* ctx) const {
  auto update = std::make_unique<ast::UpdateStmt>();
  ASSIGN_OR_RETURN(update->table, TableName(ctx->qualifiedName()));
  if (ctx->identifier() != nullptr) update->alias = Identifier(ctx->identifier());
  if (auto* from = ctx->fromClause()) {
    for (auto* ref : from->tableRef()) {
      ASSIGN_OR_RETURN(ast::TableRefPtr item, TableRef(ref));
      update->from.push_back(std::move(item));
    }
  }
  for (auto* clause : ctx->setClause()) {
    const auto columns = clause->identifier();
    const auto values = clause->setValue();
    if (clause->OPEN_PAREN().size() == 2 && values.size() == 1) {
      // (a, b) = (x) is no row: PostgreSQL wants ROW(...) or a sub-SELECT.
      return NotSupported("a multiple-column UPDATE item whose source is not a ROW() list",
                          PositionOf(values[0]));
    }
    if (columns.size() != values.size()) {
      return SyntaxError("number of columns does not match number of values", PositionOf(clause));
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      ast::UpdateStmt::Assignment assignment{.column = Identifier(columns[i]),
                                             .position = PositionOf(columns[i])};
      if (values[i]->expr() != nullptr) {
        ASSIGN_OR_RETURN(assignment.value, Expr(values[i]->expr()));
      }
      update->assignments.push_back(std::move(assignment));
    }
  }
  if (ctx->expr() != nullptr) {
    ASSIGN_OR_RETURN(update->where, Expr(ctx->expr()));
  }
  if (auto* returning = ctx->returningClause()) {
    ASSIGN_OR_RETURN(update->returning, SelectList(returning->selectList()));
  }
  return update;
}

Result<std::unique_ptr<ast::CopyStmt>> AstBuilder::Copy(Parser::CopyStmtContext* ctx) const {
  auto copy = std::make_unique<ast::CopyStmt>();
  if (ctx->selectStmt() != nullptr) {
    ASSIGN_OR_RETURN(copy->query, Select(ctx->selectStmt()));
  } else {
    ASSIGN_OR_RETURN(copy->table, TableName(ctx->qualifiedName()));
    copy->columns = ColumnList(ctx->columnList());
  }
  copy->from = ctx->FROM() != nullptr;
  if (copy->query != nullptr && copy->from) {
    return SyntaxError("COPY (query) FROM is not allowed", PositionOf(ctx->FROM()));
  }
  Parser::CopyTargetContext* target = ctx->copyTarget();
  if (target->PROGRAM() != nullptr) return NotSupported("COPY ... PROGRAM", PositionOf(target));
  if (target->STRING() != nullptr) {
    copy->stdio = false;
    copy->file_name = UnquoteString(Text(target->STRING()));
  }
  Parser::CopyOptionsContext* options = ctx->copyOptions();
  if (options == nullptr) return copy;
  for (auto* option : options->copyOption()) {
    std::string value = "true";
    if (auto* arg = option->copyOptionValue()) {
      if (arg->optionValue() != nullptr) {
        ASSIGN_OR_RETURN(value, OptionValue(arg->optionValue()));
      } else if (arg->STAR() != nullptr) {
        value = "*";
      } else {
        value.clear();
        for (const std::string& column : ColumnList(arg->columnList())) {
          value += value.empty() ? column : "," + column;
        }
      }
    }
    copy->options.emplace_back(ColLabel(option->colLabel()), std::move(value));
  }
  for (auto* option : options->legacyCopyOption()) {
    ASSIGN_OR_RETURN(auto entry, LegacyCopyOption(option));
    copy->options.push_back(std::move(entry));
  }
  return copy;
}

// The pre-9.0 COPY options, in the new syntax's key/value form.
Result<std::pair<std::string, std::string>> AstBuilder::LegacyCopyOption(
    Parser::LegacyCopyOptionContext* ctx) const {
  if (ctx->BINARY() != nullptr) return std::pair<std::string, std::string>("format", "binary");
  if (ctx->CSV() != nullptr) return std::pair<std::string, std::string>("format", "csv");
  if (ctx->FORCE() != nullptr) {
    std::string columns;
    if (ctx->STAR() != nullptr) {
      columns = "*";
    } else {
      for (auto* column : ctx->columnNames()->identifier()) {
        columns += columns.empty() ? Identifier(column) : "," + Identifier(column);
      }
    }
    return std::pair<std::string, std::string>(
        ctx->QUOTE() != nullptr ? "force_quote" : "force_not_null", std::move(columns));
  }
  if (ctx->stringLiteral() == nullptr) {
    return std::pair<std::string, std::string>("header", "true");
  }
  ASSIGN_OR_RETURN(std::string value, StringValue(ctx->stringLiteral()));
  const char* key = ctx->DELIMITER() != nullptr ? "delimiter"
                    : ctx->NULL_P() != nullptr  ? "null"
                    : ctx->QUOTE() != nullptr   ? "quote"
                                                : "escape";
  return std::pair<std::string, std::string>(key, std::move(value));
}

// ------------------------------------------------------------------ DDL

// PRIMARY KEY and UNIQUE, on columns or as table constraints, become
// `keys` (their columns checked to exist); a PRIMARY KEY also marks its
// columns primary_key and not_null.
Result<std::unique_ptr<ast::CreateTableStmt>> AstBuilder::CreateTable(
    Parser::CreateTableStmtContext* ctx) const {
  auto create = std::make_unique<ast::CreateTableStmt>();
  ASSIGN_OR_RETURN(create->name, TableName(ctx->qualifiedName()));
  create->if_not_exists = ctx->IF() != nullptr;
  std::vector<Parser::TableConstraintContext*> table_constraints;
  for (auto* element : ctx->tableElement()) {
    if (element->tableConstraint() != nullptr) {
      table_constraints.push_back(element->tableConstraint());
      continue;
    }
    ASSIGN_OR_RETURN(ast::ColumnDef column, ColumnDefinition(element->columnDef()));
    // PostgreSQL lists a table's column keys before its table constraints.
    for (auto* constraint : element->columnDef()->columnConstraint()) {
      if (constraint->PRIMARY() == nullptr && constraint->UNIQUE() == nullptr) continue;
      create->keys.push_back(ast::KeyConstraint{
          .primary = constraint->PRIMARY() != nullptr,
          .name = constraint->CONSTRAINT() != nullptr ? Identifier(constraint->identifier(0)) : "",
          .columns = {column.name},
          .position = PositionOf(constraint)});
    }
    create->columns.push_back(std::move(column));
  }
  for (auto* constraint : table_constraints) {
    if (constraint->CHECK() != nullptr) {
      return NotSupported("CHECK constraint", PositionOf(constraint->CHECK()));
    }
    ast::KeyConstraint key{
        .primary = constraint->PRIMARY() != nullptr,
        .name = constraint->identifier() != nullptr ? Identifier(constraint->identifier()) : "",
        .position = PositionOf(constraint)};
    for (auto* name_ctx : constraint->columnList()->identifier()) {
      key.columns.push_back(Identifier(name_ctx));
      const std::string name = Identifier(name_ctx);
      auto column = std::find_if(create->columns.begin(), create->columns.end(),
                                 [&](const ast::ColumnDef& c) { return c.name == name; });
      if (column == create->columns.end()) {
        return Status::Error(ErrorCode::kUndefinedColumn,
                             "column \"" + name + "\" named in key does not exist")
            .WithPosition(PositionOf(name_ctx));
      }
      if (constraint->PRIMARY() != nullptr) {
        column->primary_key = true;
        column->not_null = true;
      }
    }
    create->keys.push_back(std::move(key));
  }
  ASSIGN_OR_RETURN(create->options, TableOptions(ctx->relOption()));
  return create;
}

Result<ast::TableOptions> AstBuilder::TableOptions(
    const std::vector<Parser::RelOptionContext*>& options) const {
  ast::TableOptions result;
  for (auto* option : options) {
    std::string value = "true";
    if (option->optionValue() != nullptr) {
      ASSIGN_OR_RETURN(value, OptionValue(option->optionValue()));
    }
    result.emplace_back(Lower(OptionName(option->optionName())), std::move(value));
  }
  return result;
}

Result<ast::ColumnDef> AstBuilder::ColumnDefinition(Parser::ColumnDefContext* def) const {
  ast::ColumnDef column{.name = Identifier(def->identifier()), .position = PositionOf(def)};
  ASSIGN_OR_RETURN(column.type, Type(def->typeName()));
  for (auto* constraint : def->columnConstraint()) {
    if (constraint->CHECK() != nullptr) {
      return NotSupported("CHECK constraint", PositionOf(constraint->CHECK()));
    }
    if (constraint->NOT() != nullptr) column.not_null = true;
    if (constraint->PRIMARY() != nullptr) {
      column.primary_key = true;
      column.not_null = true;
    }
    if (constraint->GENERATED() != nullptr) {
      if (constraint->IDENTITY_P() == nullptr) {
        return NotSupported("generated columns", PositionOf(constraint->GENERATED()));
      }
      column.identity = constraint->ALWAYS() != nullptr ? 'a' : 'd';
      column.not_null = true;
      ASSIGN_OR_RETURN(column.identity_options, SequenceOptions(constraint->sequenceOption()));
    } else if (constraint->DEFAULT() != nullptr) {
      ASSIGN_OR_RETURN(column.default_value, BExpr(constraint->bExpr()));
    }
  }
  return column;
}

Result<std::unique_ptr<ast::AlterTableStmt>> AstBuilder::AlterTable(
    Parser::AlterTableStmtContext* ctx) const {
  using Action = ast::AlterTableStmt::Action;
  auto alter = std::make_unique<ast::AlterTableStmt>();
  ASSIGN_OR_RETURN(alter->name, TableName(ctx->qualifiedName()));
  alter->if_exists = ctx->IF() != nullptr;
  Parser::AlterTableActionContext* action = ctx->alterTableAction();
  alter->position = PositionOf(action);
  if (auto* add = dynamic_cast<Parser::AddColumnContext*>(action)) {
    alter->action = Action::kAddColumn;
    alter->if_not_exists = add->IF() != nullptr;
    ASSIGN_OR_RETURN(alter->column, ColumnDefinition(add->columnDef()));
  } else if (auto* drop = dynamic_cast<Parser::DropColumnContext*>(action)) {
    alter->action = Action::kDropColumn;
    alter->column_if_exists = drop->IF() != nullptr;
    alter->column_name = Identifier(drop->identifier());
  } else if (auto* rename = dynamic_cast<Parser::RenameColumnContext*>(action)) {
    alter->action = Action::kRenameColumn;
    alter->column_name = Identifier(rename->identifier(0));
    alter->new_name = Identifier(rename->identifier(1));
  } else if (auto* rename_table = dynamic_cast<Parser::RenameTableContext*>(action)) {
    alter->action = Action::kRenameTable;
    alter->new_name = Identifier(rename_table->identifier());
  } else if (auto* set_default = dynamic_cast<Parser::SetColumnDefaultContext*>(action)) {
    alter->action = Action::kSetDefault;
    alter->column_name = Identifier(set_default->identifier());
    ASSIGN_OR_RETURN(alter->column.default_value, BExpr(set_default->bExpr()));
  } else if (auto* drop_default = dynamic_cast<Parser::DropColumnDefaultContext*>(action)) {
    alter->action = Action::kDropDefault;
    alter->column_name = Identifier(drop_default->identifier());
  } else if (auto* set = dynamic_cast<Parser::SetTableOptionsContext*>(action)) {
    alter->action = Action::kSetOptions;
    ASSIGN_OR_RETURN(alter->options, TableOptions(set->relOption()));
  } else if (auto* reset = dynamic_cast<Parser::ResetTableOptionsContext*>(action)) {
    alter->action = Action::kResetOptions;
    for (auto* name : reset->optionName()) {
      alter->options.emplace_back(Lower(OptionName(name)), std::string());
    }
  } else {
    alter->action = Action::kUnsupported;
    alter->unsupported = std::string(source_.Of(action));
  }
  return alter;
}

Result<std::unique_ptr<ast::TruncateStmt>> AstBuilder::Truncate(
    Parser::TruncateStmtContext* ctx) const {
  auto truncate = std::make_unique<ast::TruncateStmt>();
  for (auto* name : ctx->qualifiedName()) {
    ASSIGN_OR_RETURN(std::string table, TableName(name));
    truncate->names.push_back(std::move(table));
  }
  if (ctx->identifier() != nullptr && Identifier(ctx->identifier()) != "continue") {
    return SyntaxError(
        "syntax error at or near \"" + std::string(source_.Of(ctx->identifier())) + "\"",
        PositionOf(ctx->identifier()));
  }
  truncate->restart_identity = ctx->RESTART() != nullptr;
  return truncate;
}

Result<std::unique_ptr<ast::DropTableStmt>> AstBuilder::DropTable(
    Parser::DropTableStmtContext* ctx) const {
  auto drop = std::make_unique<ast::DropTableStmt>();
  drop->if_exists = ctx->IF() != nullptr;
  drop->cascade = ctx->CASCADE() != nullptr;
  for (auto* name : ctx->qualifiedName()) {
    ASSIGN_OR_RETURN(std::string table, TableName(name));
    drop->names.push_back(std::move(table));
  }
  return drop;
}

Result<std::unique_ptr<ast::CreateViewStmt>> AstBuilder::CreateView(
    Parser::CreateViewStmtContext* ctx) const {
  auto create = std::make_unique<ast::CreateViewStmt>();
  create->position = PositionOf(ctx);
  ASSIGN_OR_RETURN(create->name, TableName(ctx->qualifiedName()));
  create->or_replace = ctx->REPLACE() != nullptr;
  create->column_names = ColumnList(ctx->columnList());
  ASSIGN_OR_RETURN(create->query, Select(ctx->selectStmt()));
  create->query_text = std::string(source_.Of(ctx->selectStmt()));
  return create;
}

Result<std::unique_ptr<ast::CreateViewStmt>> AstBuilder::CreateMaterializedView(
    Parser::CreateMaterializedViewStmtContext* ctx) const {
  auto create = std::make_unique<ast::CreateViewStmt>();
  create->position = PositionOf(ctx);
  create->materialized = true;
  ASSIGN_OR_RETURN(create->name, TableName(ctx->qualifiedName()));
  create->if_not_exists = ctx->IF() != nullptr;
  create->column_names = ColumnList(ctx->columnList());
  ASSIGN_OR_RETURN(create->options, TableOptions(ctx->relOption()));
  create->with_data = ctx->NO() == nullptr;
  ASSIGN_OR_RETURN(create->query, Select(ctx->selectStmt()));
  create->query_text = std::string(source_.Of(ctx->selectStmt()));
  return create;
}

Result<std::unique_ptr<ast::DropViewStmt>> AstBuilder::DropView(
    Parser::DropViewStmtContext* ctx) const {
  auto drop = std::make_unique<ast::DropViewStmt>();
  drop->materialized = ctx->MATERIALIZED() != nullptr;
  drop->if_exists = ctx->IF() != nullptr;
  drop->cascade = ctx->CASCADE() != nullptr;
  for (auto* name : ctx->qualifiedName()) {
    ASSIGN_OR_RETURN(std::string view, TableName(name));
    drop->names.push_back(std::move(view));
  }
  return drop;
}

Result<std::unique_ptr<ast::AlterMaterializedViewStmt>> AstBuilder::AlterMaterializedView(
    Parser::AlterMaterializedViewStmtContext* ctx) const {
  auto alter = std::make_unique<ast::AlterMaterializedViewStmt>();
  alter->position = PositionOf(ctx);
  alter->if_exists = ctx->IF() != nullptr;
  ASSIGN_OR_RETURN(alter->name, TableName(ctx->qualifiedName()));
  if (ctx->SET() != nullptr && ctx->OPEN_PAREN() != nullptr) {
    ASSIGN_OR_RETURN(alter->options, TableOptions(ctx->relOption()));
  } else {
    const size_t start = ctx->qualifiedName()->getStop()->getStopIndex() + 1;
    alter->unsupported = std::string(source_.Slice(start, ctx->getStop()->getStopIndex()));
  }
  return alter;
}

Result<std::unique_ptr<ast::CreateIndexStmt>> AstBuilder::CreateIndex(
    Parser::CreateIndexStmtContext* ctx) const {
  auto create = std::make_unique<ast::CreateIndexStmt>();
  create->position = PositionOf(ctx);
  create->unique = ctx->UNIQUE() != nullptr;
  create->if_not_exists = ctx->IF() != nullptr;
  const auto identifiers = ctx->identifier();
  // The index name comes before ON, USING's method after the table.
  for (auto* identifier : identifiers) {
    if (identifier->getStart()->getStartIndex() < ctx->ON()->getSymbol()->getStartIndex()) {
      create->name = Identifier(identifier);
    } else {
      create->method = Identifier(identifier);
    }
  }
  if (create->if_not_exists && create->name.empty()) {
    return SyntaxError("syntax error at or near \"ON\"", PositionOf(ctx->ON()));
  }
  ASSIGN_OR_RETURN(create->table, TableName(ctx->qualifiedName()));
  for (auto* element : ctx->indexElement()) {
    ast::CreateIndexStmt::Element item;
    if (element->identifier() != nullptr) {
      item.column = Identifier(element->identifier());
    } else {
      if (element->functionCall() != nullptr) {
        ASSIGN_OR_RETURN(item.expression, Function(element->functionCall()));
        item.expression_text = std::string(source_.Of(element->functionCall()));
      } else {
        ASSIGN_OR_RETURN(item.expression, Expr(element->expr()));
        item.expression_text = std::string(source_.Of(element->expr()));
      }
    }
    item.descending = element->DESC() != nullptr;
    if (element->NULLS() != nullptr) item.nulls_first = element->FIRST() != nullptr;
    create->elements.push_back(std::move(item));
  }
  create->include = ColumnList(ctx->columnList());
  ASSIGN_OR_RETURN(create->options, TableOptions(ctx->relOption()));
  if (ctx->expr() != nullptr) create->predicate_text = std::string(source_.Of(ctx->expr()));
  return create;
}

Result<ExprPtr> AstBuilder::Call(Parser::CallStmtContext* ctx) const {
  auto call = std::make_unique<ast::Expr>();
  call->kind = ast::ExprKind::kFunction;
  call->position = PositionOf(ctx->qualifiedName());
  // Like a function call's name: a schema (_timescaledb_functions, public) is ignored.
  call->name = Identifier(ctx->qualifiedName()->identifier().back());
  RETURN_IF_ERROR(FunctionArgs(ctx->functionArg(), *call));
  return call;
}

// ------------------------------------------------------------------ session

Result<std::unique_ptr<ast::SetStmt>> AstBuilder::Set(Parser::SetStmtContext* ctx) const {
  auto set = std::make_unique<ast::SetStmt>();
  set->is_local = ctx->LOCAL() != nullptr;
  if (auto* zone = dynamic_cast<Parser::SetTimeZoneContext*>(ctx->setRest())) {
    set->name = "timezone";
    if (zone->LOCAL() != nullptr || zone->DEFAULT() != nullptr) {
      set->is_default = true;
    } else if (zone->stringLiteral() != nullptr) {
      ASSIGN_OR_RETURN(std::string value, StringValue(zone->stringLiteral()));
      set->values.push_back(std::move(value));
    } else {
      ASSIGN_OR_RETURN(std::string value, OptionValue(zone->optionValue()));
      set->values.push_back(std::move(value));
    }
    return set;
  }
  if (auto* characteristics =
          dynamic_cast<Parser::SetSessionCharacteristicsContext*>(ctx->setRest())) {
    if (ctx->SESSION() == nullptr) {
      return SyntaxError("syntax error at or near \"CHARACTERISTICS\"",
                         PositionOf(characteristics));
    }
    // The session's default for later transactions, as PostgreSQL stores it.
    auto* mode = characteristics->transactionMode();
    if (mode->ISOLATION() != nullptr) {
      set->name = "default_transaction_isolation";
      set->values.push_back(mode->SERIALIZABLE() != nullptr ? "serializable"
                            : mode->REPEATABLE() != nullptr ? "repeatable read"
                            : mode->COMMITTED() != nullptr  ? "read committed"
                                                            : "read uncommitted");
    } else if (mode->ONLY() != nullptr || mode->WRITE() != nullptr) {
      set->name = "default_transaction_read_only";
      set->values.push_back(mode->ONLY() != nullptr ? "on" : "off");
    } else {
      return NotSupported("SET SESSION CHARACTERISTICS AS TRANSACTION DEFERRABLE",
                          PositionOf(mode));
    }
    return set;
  }
  auto* variable = static_cast<Parser::SetVariableContext*>(ctx->setRest());
  // Setting names are case-insensitive in PostgreSQL, quoted or not.
  set->name = Lower(OptionName(variable->optionName()));
  set->is_default = variable->DEFAULT() != nullptr;
  for (auto* value_ctx : variable->optionValue()) {
    ASSIGN_OR_RETURN(std::string value, OptionValue(value_ctx));
    set->values.push_back(std::move(value));
  }
  return set;
}

// ------------------------------------------------------------------ names

Result<std::string> AstBuilder::TableName(Parser::QualifiedNameContext* ctx) const {
  const auto parts = ctx->identifier();
  if (parts.size() > 2) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "cross-database references are not implemented: " + ctx->getText())
        .WithPosition(PositionOf(ctx));
  }
  std::string name = Identifier(parts.back());
  if (parts.size() == 1) return name;
  std::string schema = Identifier(parts[0]);
  if (schema == "public") return name;
  return schema + "." + name;
}

std::string AstBuilder::OptionName(Parser::OptionNameContext* ctx) const {
  std::string name = Identifier(ctx->identifier());
  for (auto* part : ctx->colLabel())
    name += "." + ColLabel(part);
  return name;
}

std::vector<std::string> AstBuilder::ColumnList(Parser::ColumnListContext* ctx) const {
  std::vector<std::string> names;
  if (ctx == nullptr) return names;
  for (auto* identifier : ctx->identifier())
    names.push_back(Identifier(identifier));
  return names;
}

}  // namespace sundial::sql::parser_internal
