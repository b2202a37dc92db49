#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "SundialParser.h"
#include "common/status.h"
#include "sql/ast.h"
#include "sql/parser/source_text.h"

namespace sundial::sql::parser_internal {

// Converts one statement's ANTLR parse tree into Sundial's AST. Positions are
// taken from the tokens (1-based code-point offsets into the whole query
// string). Constructs the grammar accepts only to reject them by name come
// back as kFeatureNotSupported here. Expressions are built by
// expression_builder.cpp, statements and queries by statement_builder.cpp.
class AstBuilder {
 public:
  using Parser = grammar::SundialParser;

  // `source` is the text the parse tree was built from; it must outlive the builder.
  explicit AstBuilder(const SourceText& source) : source_(source) {}

  Result<std::unique_ptr<ast::Statement>> Statement(Parser::StatementContext* ctx) const;

 private:
  // Statements
  Result<std::unique_ptr<ast::InsertStmt>> Insert(Parser::InsertStmtContext* ctx) const;
  Result<std::unique_ptr<ast::CopyStmt>> Copy(Parser::CopyStmtContext* ctx) const;
  Result<std::unique_ptr<ast::UpdateStmt>> Update(Parser::UpdateStmtContext* ctx) const;
  Result<std::unique_ptr<ast::CreateTableStmt>> CreateTable(
      Parser::CreateTableStmtContext* ctx) const;
  Result<std::unique_ptr<ast::DropTableStmt>> DropTable(Parser::DropTableStmtContext* ctx) const;
  Result<std::unique_ptr<ast::CreateViewStmt>> CreateView(Parser::CreateViewStmtContext* ctx) const;
  Result<std::unique_ptr<ast::CreateViewStmt>> CreateMaterializedView(
      Parser::CreateMaterializedViewStmtContext* ctx) const;
  Result<std::unique_ptr<ast::DropViewStmt>> DropView(Parser::DropViewStmtContext* ctx) const;
  Result<ast::ExprPtr> Call(Parser::CallStmtContext* ctx) const;
  Result<std::unique_ptr<ast::CreateIndexStmt>> CreateIndex(
      Parser::CreateIndexStmtContext* ctx) const;
  Result<std::unique_ptr<ast::AlterMaterializedViewStmt>> AlterMaterializedView(
      Parser::AlterMaterializedViewStmtContext* ctx) const;
  Result<std::unique_ptr<ast::AlterTableStmt>> AlterTable(Parser::AlterTableStmtContext* ctx) const;
  Result<std::unique_ptr<ast::TruncateStmt>> Truncate(Parser::TruncateStmtContext* ctx) const;
  Result<std::unique_ptr<ast::SequenceStmt>> CreateSequence(
      Parser::CreateSequenceStmtContext* ctx) const;
  Result<std::unique_ptr<ast::SequenceStmt>> AlterSequence(
      Parser::AlterSequenceStmtContext* ctx) const;
  Result<std::unique_ptr<ast::DropSequenceStmt>> DropSequence(
      Parser::DropSequenceStmtContext* ctx) const;
  Result<std::vector<ast::SequenceOption>> SequenceOptions(
      const std::vector<Parser::SequenceOptionContext*>& options) const;
  // 22003 beyond bigint.
  Result<int64_t> SignedInteger(Parser::SignedIntegerContext* ctx) const;
  // A column definition of CREATE TABLE or ALTER TABLE ADD COLUMN.
  Result<ast::ColumnDef> ColumnDefinition(Parser::ColumnDefContext* def) const;
  // CREATE TABLE's WITH (...) or ALTER TABLE's SET (...).
  Result<ast::TableOptions> TableOptions(
      const std::vector<Parser::RelOptionContext*>& options) const;
  Result<std::unique_ptr<ast::SetStmt>> Set(Parser::SetStmtContext* ctx) const;
  Result<std::unique_ptr<ast::Statement>> Explain(Parser::ExplainStmtContext* ctx) const;
  // FETCH / MOVE's row count: 1 without a direction, -1 for ALL.
  Result<int64_t> FetchCount(Parser::FetchDirectionContext* ctx) const;
  Result<std::pair<std::string, std::string>> LegacyCopyOption(
      Parser::LegacyCopyOptionContext* ctx) const;

  // Queries
  Result<std::unique_ptr<ast::SelectStmt>> Select(Parser::SelectStmtContext* ctx) const;
  Result<std::unique_ptr<ast::SelectStmt>> SelectBody(Parser::SelectBodyContext* ctx) const;
  Result<std::unique_ptr<ast::SelectStmt>> SelectIntersect(
      Parser::SelectIntersectContext* ctx) const;
  Result<std::unique_ptr<ast::SelectStmt>> SelectPrimary(Parser::SelectPrimaryContext* ctx) const;
  Result<std::unique_ptr<ast::SelectStmt>> SimpleSelect(Parser::SimpleSelectContext* ctx) const;
  Result<std::vector<ast::SelectItem>> SelectList(Parser::SelectListContext* ctx) const;
  // DEFAULT is an element only of INSERT's own VALUES list; there it becomes a null ExprPtr.
  Result<std::vector<std::vector<ast::ExprPtr>>> ValuesRows(Parser::ValuesClauseContext* ctx,
                                                            bool allow_default) const;
  Result<ast::TableRefPtr> TableRef(Parser::TableRefContext* ctx) const;
  Result<ast::TableRefPtr> TablePrimary(Parser::TablePrimaryContext* ctx) const;
  Result<std::vector<ast::OrderItem>> OrderBy(Parser::OrderByClauseContext* ctx) const;
  // Window clauses (window_builder.cpp)
  Result<std::vector<ast::WindowDef>> WindowClause(Parser::WindowClauseContext* ctx) const;
  Result<std::unique_ptr<ast::WindowSpec>> Over(Parser::OverClauseContext* ctx) const;
  Result<ast::WindowSpec> WindowSpecification(Parser::WindowSpecificationContext* ctx) const;
  Result<ast::FrameBound> FrameBound(Parser::FrameBoundContext* ctx) const;

  // Expressions
  // Expr and BExpr count the levels of expression they have open: ANTLR
  // builds an operator chain (1+1+...) in a loop, but as a parse tree as deep
  // as the chain is long, which this walk would follow into a stack overflow.
  Result<ast::ExprPtr> Expr(Parser::ExprContext* ctx) const;
  Result<ast::ExprPtr> ExprLevel(Parser::ExprContext* ctx) const;
  Result<ast::ExprPtr> BExpr(Parser::BExprContext* ctx) const;
  Result<ast::ExprPtr> BExprLevel(Parser::BExprContext* ctx) const;
  // An operand that is either an expr or a bExpr.
  Result<ast::ExprPtr> Operand(antlr4::tree::ParseTree* tree) const;
  // children: left operand, operator, right operand.
  Result<ast::ExprPtr> Binary(antlr4::ParserRuleContext* ctx) const;
  Result<ast::ExprPtr> Unary(antlr4::tree::ParseTree* sign, antlr4::tree::ParseTree* operand) const;
  Result<ast::ExprPtr> CastTo(antlr4::tree::ParseTree* operand,
                              Parser::TypeNameContext* type) const;
  Result<std::vector<ast::ExprPtr>> ExprList(Parser::ExprListContext* ctx) const;
  Result<ast::ExprPtr> Primary(Parser::PrimaryContext* ctx) const;
  Result<ast::ExprPtr> Function(Parser::FunctionCallContext* ctx) const;
  // A call's arguments: positional ones, then `name => value` ones.
  Status FunctionArgs(const std::vector<Parser::FunctionArgContext*>& args, ast::Expr& call) const;
  Result<ast::ExprPtr> Case(Parser::CasePrimaryContext* ctx) const;
  Result<ast::ExprPtr> Literal(Parser::LiteralContext* ctx) const;
  Result<ast::TypeName> Type(Parser::TypeNameContext* ctx) const;

  // Names and literal values
  Result<std::string> StringValue(Parser::StringLiteralContext* ctx) const;
  Result<std::string> OptionValue(Parser::OptionValueContext* ctx) const;
  // A table name for statements that keep it as one string: "public." is
  // dropped, another schema stays as "schema.name".
  Result<std::string> TableName(Parser::QualifiedNameContext* ctx) const;
  std::string Identifier(Parser::IdentifierContext* ctx) const;
  std::string ColLabel(Parser::ColLabelContext* ctx) const;
  std::string OptionName(Parser::OptionNameContext* ctx) const;
  std::vector<std::string> ColumnList(Parser::ColumnListContext* ctx) const;
  std::string_view Text(antlr4::tree::TerminalNode* node) const {
    return source_.Of(node->getSymbol());
  }

  const SourceText& source_;
  // Expression levels now open (at most kMaxNestingDepth); the only state
  // that changes while a statement is built.
  mutable int depth_ = 0;
};

// 1-based code-point offset of a token or of a rule's first token.
int PositionOf(const antlr4::Token* token);
int PositionOf(antlr4::ParserRuleContext* ctx);
int PositionOf(antlr4::tree::TerminalNode* node);

}  // namespace sundial::sql::parser_internal
