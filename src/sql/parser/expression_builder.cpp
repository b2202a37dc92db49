#include <charconv>
#include <cstdint>

#include "sql/nesting_limit.h"
#include "sql/parser/ast_builder.h"
#include "sql/parser/literal_text.h"

namespace sundial::sql::parser_internal {

using ast::ExprKind;
using ast::ExprPtr;
using ast::LiteralKind;
using Parser = grammar::SundialParser;

namespace {

// In PostgreSQL an IS test cannot take another IS test as the right operand
// of IS [NOT] DISTINCT FROM, nor chain two DISTINCT FROMs: both are syntax
// errors there (a left-nested IS NULL / IS TRUE is accepted), where ANTLR's
// left-recursive rule would nest them.
bool IsTest(Parser::ExprContext* expr) {
  return dynamic_cast<Parser::IsExprContext*>(expr) != nullptr ||
         dynamic_cast<Parser::IsDistinctExprContext*>(expr) != nullptr;
}

// The syntax error PostgreSQL reports at the IS (ISNULL, NOTNULL) of `test`.
Status MisplacedIs(Parser::ExprContext* test) {
  auto* keyword = static_cast<antlr4::tree::TerminalNode*>(test->children[1]);
  return Status::Error(ErrorCode::kSyntaxError,
                       "syntax error at or near \"" + keyword->getText() + "\"")
      .WithPosition(PositionOf(keyword));
}

ExprPtr MakeExpr(ExprKind kind, int position) {
  auto expr = std::make_unique<ast::Expr>();
  expr->kind = kind;
  expr->position = position;
  return expr;
}

ExprPtr MakeBinary(std::string op, ExprPtr left, ExprPtr right) {
  ExprPtr expr = MakeExpr(ExprKind::kBinaryOp, left->position);
  expr->name = std::move(op);
  expr->args.push_back(std::move(left));
  expr->args.push_back(std::move(right));
  return expr;
}

ExprPtr MakeString(std::string text, int position) {
  ExprPtr expr = MakeExpr(ExprKind::kLiteral, position);
  expr->literal_kind = LiteralKind::kString;
  expr->text = std::move(text);
  return expr;
}

bool FitsInt64(const std::string& digits) {
  int64_t value = 0;
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  return ec == std::errc() && ptr == end;
}

// Integers beyond int64 are numeric constants, as in PostgreSQL.
ExprPtr MakeNumber(std::string text, bool integral, int position) {
  ExprPtr expr = MakeExpr(ExprKind::kLiteral, position);
  expr->literal_kind = integral && FitsInt64(text) ? LiteralKind::kInteger : LiteralKind::kDecimal;
  expr->text = std::move(text);
  return expr;
}

bool IsIntegralText(const std::string& text) {
  return text.find_first_not_of("-0123456789") == std::string::npos;
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

const char* OperatorName(size_t token_type) {
  switch (token_type) {
    case Parser::AND:
      return "and";
    case Parser::OR:
      return "or";
    case Parser::CARET:
      return "^";
    case Parser::STAR:
      return "*";
    case Parser::SLASH:
      return "/";
    case Parser::PERCENT:
      return "%";
    case Parser::PLUS:
      return "+";
    case Parser::MINUS:
      return "-";
    case Parser::CONCAT:
      return "||";
    case Parser::REGEX_MATCH:
      return "~";
    case Parser::REGEX_IMATCH:
      return "~*";
    case Parser::REGEX_NOT_MATCH:
      return "!~";
    case Parser::REGEX_NOT_IMATCH:
      return "!~*";
    case Parser::JSON_FIELD:
      return "->";
    case Parser::JSON_FIELD_TEXT:
      return "->>";
    case Parser::JSON_PATH:
      return "#>";
    case Parser::JSON_PATH_TEXT:
      return "#>>";
    case Parser::JSON_CONTAINS:
      return "@>";
    case Parser::JSON_CONTAINED:
      return "<@";
    case Parser::JSON_EXISTS:
      return "?";
    case Parser::JSON_EXISTS_ANY:
      return "?|";
    case Parser::JSON_EXISTS_ALL:
      return "?&";
    case Parser::EQUALS:
      return "=";
    case Parser::NOT_EQUALS:
      return "<>";
    case Parser::LESS:
      return "<";
    case Parser::GREATER:
      return ">";
    case Parser::LESS_EQUALS:
      return "<=";
    case Parser::GREATER_EQUALS:
      return ">=";
    default:
      return "?";
  }
}

// The operator of a binary alternative: a token, a compareOperator, or an
// otherOperator (whose OPERATOR(schema.op) form names the operator inside).
const char* OperatorOf(antlr4::tree::ParseTree* op) {
  if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(op)) {
    return OperatorName(terminal->getSymbol()->getType());
  }
  if (auto* other = dynamic_cast<Parser::OtherOperatorContext*>(op);
      other != nullptr && other->anyOperator() != nullptr) {
    return OperatorName(other->anyOperator()->getStart()->getType());
  }
  return OperatorName(static_cast<antlr4::ParserRuleContext*>(op)->getStart()->getType());
}

Status NotSupported(std::string what, int position) {
  return Status::Error(ErrorCode::kFeatureNotSupported, std::move(what) + " is not supported")
      .WithPosition(position);
}

Result<int> ParseModifier(antlr4::tree::TerminalNode* node) {
  const std::string text = node->getText();
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return Status::Error(ErrorCode::kSyntaxError, "type modifier is out of range")
        .WithPosition(PositionOf(node));
  }
  return value;
}

Result<std::vector<int>> Modifiers(Parser::TypeModifiersContext* ctx) {
  std::vector<int> modifiers;
  if (ctx == nullptr) return modifiers;
  for (auto* node : ctx->INTEGER()) {
    ASSIGN_OR_RETURN(int value, ParseModifier(node));
    modifiers.push_back(value);
  }
  return modifiers;
}

}  // namespace

int PositionOf(const antlr4::Token* token) {
  return static_cast<int>(token->getStartIndex()) + 1;
}
int PositionOf(antlr4::ParserRuleContext* ctx) {
  return PositionOf(ctx->getStart());
}
int PositionOf(antlr4::tree::TerminalNode* node) {
  return PositionOf(node->getSymbol());
}

Result<ExprPtr> AstBuilder::Expr(Parser::ExprContext* ctx) const {
  if (depth_ == kMaxNestingDepth || StackNearlyExhausted()) return NestingTooDeep();
  ++depth_;
  Result<ExprPtr> expr = ExprLevel(ctx);
  --depth_;
  return expr;
}

Result<ExprPtr> AstBuilder::ExprLevel(Parser::ExprContext* ctx) const {
  if (auto* primary = dynamic_cast<Parser::PrimaryExprContext*>(ctx)) {
    return Primary(primary->primary());
  }
  if (dynamic_cast<Parser::BinaryExprContext*>(ctx) != nullptr) return Binary(ctx);
  if (auto* cast = dynamic_cast<Parser::CastExprContext*>(ctx)) {
    return CastTo(cast->children[0], cast->typeName());
  }
  if (auto* subscript = dynamic_cast<Parser::SubscriptExprContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kSubscript, PositionOf(subscript->OPEN_BRACKET()));
    for (Parser::ExprContext* operand : subscript->expr()) {
      ASSIGN_OR_RETURN(ExprPtr bound, Expr(operand));
      expr->args.push_back(std::move(bound));
    }
    return expr;
  }
  if (dynamic_cast<Parser::UnaryExprContext*>(ctx) != nullptr) {
    return Unary(ctx->children[0], ctx->children[1]);
  }
  const int position = PositionOf(ctx);
  if (auto* is = dynamic_cast<Parser::IsExprContext*>(ctx)) {
    ASSIGN_OR_RETURN(ExprPtr operand, Expr(is->expr()));
    ExprPtr test;
    if (is->TRUE_P() != nullptr || is->FALSE_P() != nullptr || is->UNKNOWN() != nullptr) {
      test = MakeExpr(ExprKind::kIsBool, position);
      test->negated = is->NOT() != nullptr;
      test->bool_test = is->TRUE_P() != nullptr    ? "true"
                        : is->FALSE_P() != nullptr ? "false"
                                                   : "unknown";
    } else {
      test = MakeExpr(ExprKind::kIsNull, position);
      test->negated = is->NOT() != nullptr || is->NOTNULL() != nullptr;
    }
    test->args.push_back(std::move(operand));
    return test;
  }
  if (auto* distinct = dynamic_cast<Parser::IsDistinctExprContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kIsDistinct, position);
    expr->negated = distinct->NOT() != nullptr;
    if (dynamic_cast<Parser::IsDistinctExprContext*>(distinct->expr(0)) != nullptr) {
      return MisplacedIs(distinct);
    }
    if (IsTest(distinct->expr(1))) return MisplacedIs(distinct->expr(1));
    for (auto* operand : distinct->expr()) {
      ASSIGN_OR_RETURN(ExprPtr value, Expr(operand));
      expr->args.push_back(std::move(value));
    }
    return expr;
  }
  if (auto* in = dynamic_cast<Parser::InExprContext*>(ctx)) {
    ASSIGN_OR_RETURN(ExprPtr operand, Expr(in->expr()));
    ExprPtr expr;
    if (in->selectStmt() != nullptr) {
      expr = MakeExpr(ExprKind::kInSubquery, position);
      ASSIGN_OR_RETURN(expr->subquery, Select(in->selectStmt()));
      expr->args.push_back(std::move(operand));
    } else {
      expr = MakeExpr(ExprKind::kInList, position);
      ASSIGN_OR_RETURN(std::vector<ExprPtr> list, ExprList(in->exprList()));
      expr->args.reserve(list.size() + 1);
      expr->args.push_back(std::move(operand));
      for (ExprPtr& item : list)
        expr->args.push_back(std::move(item));
    }
    expr->negated = in->NOT() != nullptr;
    return expr;
  }
  if (auto* between = dynamic_cast<Parser::BetweenExprContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kBetween, position);
    expr->negated = between->NOT() != nullptr;
    expr->symmetric = between->SYMMETRIC() != nullptr;
    const std::vector<Parser::ExprContext*> operands = between->expr();
    ASSIGN_OR_RETURN(ExprPtr value, Expr(operands[0]));
    ASSIGN_OR_RETURN(ExprPtr low, BExpr(between->bExpr()));
    ASSIGN_OR_RETURN(ExprPtr high, Expr(operands[1]));
    expr->args.push_back(std::move(value));
    expr->args.push_back(std::move(low));
    expr->args.push_back(std::move(high));
    return expr;
  }
  if (auto* like = dynamic_cast<Parser::LikeExprContext*>(ctx)) {
    if (like->ESCAPE() != nullptr) {
      return NotSupported("LIKE ... ESCAPE", PositionOf(like->ESCAPE()));
    }
    ExprPtr expr = MakeExpr(ExprKind::kLike, position);
    expr->negated = like->NOT() != nullptr;
    expr->case_insensitive = like->ILIKE() != nullptr;
    const std::vector<Parser::ExprContext*> operands = like->expr();
    ASSIGN_OR_RETURN(ExprPtr value, Expr(operands[0]));
    ASSIGN_OR_RETURN(ExprPtr pattern, Expr(operands[1]));
    expr->args.push_back(std::move(value));
    expr->args.push_back(std::move(pattern));
    return expr;
  }
  if (auto* not_expr = dynamic_cast<Parser::NotExprContext*>(ctx)) {
    ASSIGN_OR_RETURN(ExprPtr operand, Expr(not_expr->expr()));
    if (operand->kind == ExprKind::kExists && !operand->negated) {
      operand->negated = true;
      operand->position = position;
      return operand;
    }
    ExprPtr expr = MakeExpr(ExprKind::kUnaryOp, position);
    expr->name = "not";
    expr->args.push_back(std::move(operand));
    return expr;
  }
  // x AT TIME ZONE z is PostgreSQL's timezone(z, x).
  if (auto* at = dynamic_cast<Parser::AtTimeZoneExprContext*>(ctx)) {
    const std::vector<Parser::ExprContext*> operands = at->expr();
    ASSIGN_OR_RETURN(ExprPtr value, Expr(operands[0]));
    ASSIGN_OR_RETURN(ExprPtr zone, Expr(operands[1]));
    ExprPtr call = MakeExpr(ExprKind::kFunction, position);
    call->name = "timezone";
    call->args.push_back(std::move(zone));
    call->args.push_back(std::move(value));
    return call;
  }
  // COLLATE is accepted for the sake of catalog queries (psql's \d) and has
  // no effect: Sundial compares text byte-wise, like the C collation.
  if (auto* collate = dynamic_cast<Parser::CollateExprContext*>(ctx)) {
    return Expr(collate->expr());
  }
  return NotSupported("SIMILAR TO", position);
}

Result<ExprPtr> AstBuilder::BExpr(Parser::BExprContext* ctx) const {
  if (depth_ == kMaxNestingDepth || StackNearlyExhausted()) return NestingTooDeep();
  ++depth_;
  Result<ExprPtr> expr = BExprLevel(ctx);
  --depth_;
  return expr;
}

Result<ExprPtr> AstBuilder::BExprLevel(Parser::BExprContext* ctx) const {
  if (auto* primary = dynamic_cast<Parser::BPrimaryExprContext*>(ctx)) {
    return Primary(primary->primary());
  }
  if (dynamic_cast<Parser::BBinaryExprContext*>(ctx) != nullptr) return Binary(ctx);
  if (auto* cast = dynamic_cast<Parser::BCastExprContext*>(ctx)) {
    return CastTo(cast->children[0], cast->typeName());
  }
  return Unary(ctx->children[0], ctx->children[1]);
}

Result<ExprPtr> AstBuilder::Operand(antlr4::tree::ParseTree* tree) const {
  if (auto* expr = dynamic_cast<Parser::ExprContext*>(tree)) return Expr(expr);
  return BExpr(static_cast<Parser::BExprContext*>(tree));
}

Result<ExprPtr> AstBuilder::Binary(antlr4::ParserRuleContext* ctx) const {
  ASSIGN_OR_RETURN(ExprPtr left, Operand(ctx->children[0]));
  ASSIGN_OR_RETURN(ExprPtr right, Operand(ctx->children[2]));
  return MakeBinary(OperatorOf(ctx->children[1]), std::move(left), std::move(right));
}

// A minus sign directly before a numeric constant is folded into it, as
// PostgreSQL's grammar does, so -9223372036854775808 is a bigint constant.
Result<ExprPtr> AstBuilder::Unary(antlr4::tree::ParseTree* sign,
                                  antlr4::tree::ParseTree* operand_tree) const {
  auto* sign_node = static_cast<antlr4::tree::TerminalNode*>(sign);
  const bool minus = sign_node->getSymbol()->getType() == Parser::MINUS;
  const int position = PositionOf(sign_node);
  ASSIGN_OR_RETURN(ExprPtr operand, Operand(operand_tree));
  const bool numeric =
      operand->kind == ExprKind::kLiteral && (operand->literal_kind == LiteralKind::kInteger ||
                                              operand->literal_kind == LiteralKind::kDecimal);
  if (numeric && minus && operand->text[0] != '-') {
    std::string text = "-" + operand->text;
    const bool integral = IsIntegralText(text);
    return MakeNumber(std::move(text), integral, position);
  }
  if (numeric && !minus) {
    operand->position = position;
    return operand;
  }
  ExprPtr expr = MakeExpr(ExprKind::kUnaryOp, position);
  expr->name = minus ? "-" : "+";
  expr->args.push_back(std::move(operand));
  return expr;
}

Result<ExprPtr> AstBuilder::CastTo(antlr4::tree::ParseTree* operand_tree,
                                   Parser::TypeNameContext* type) const {
  ASSIGN_OR_RETURN(ExprPtr operand, Operand(operand_tree));
  ExprPtr cast = MakeExpr(ExprKind::kCast, operand->position);
  ASSIGN_OR_RETURN(ast::TypeName name, Type(type));
  cast->type_name = std::move(name);
  cast->args.push_back(std::move(operand));
  return cast;
}

Result<std::vector<ExprPtr>> AstBuilder::ExprList(Parser::ExprListContext* ctx) const {
  std::vector<ExprPtr> list;
  for (auto* expr : ctx->expr()) {
    ASSIGN_OR_RETURN(ExprPtr item, Expr(expr));
    list.push_back(std::move(item));
  }
  return list;
}

Result<ExprPtr> AstBuilder::Primary(Parser::PrimaryContext* ctx) const {
  const int position = PositionOf(ctx);
  if (auto* column = dynamic_cast<Parser::ColumnPrimaryContext*>(ctx)) {
    const std::vector<Parser::IdentifierContext*> parts = column->qualifiedName()->identifier();
    ExprPtr expr = MakeExpr(ExprKind::kColumnRef, position);
    expr->name = Identifier(parts.back());
    if (parts.size() >= 2) expr->qualifier = Identifier(parts[parts.size() - 2]);
    return expr;
  }
  if (auto* literal = dynamic_cast<Parser::LiteralPrimaryContext*>(ctx)) {
    return Literal(literal->literal());
  }
  if (auto* function = dynamic_cast<Parser::FunctionPrimaryContext*>(ctx)) {
    return Function(function->functionCall());
  }
  if (auto* array = dynamic_cast<Parser::ArrayPrimaryContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kArray, position);
    if (array->exprList() != nullptr) {
      for (auto* element : array->exprList()->expr()) {
        ASSIGN_OR_RETURN(ExprPtr bound, Expr(element));
        expr->args.push_back(std::move(bound));
      }
    }
    return expr;
  }
  if (auto* array = dynamic_cast<Parser::ArraySubqueryPrimaryContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kArraySubquery, position);
    ASSIGN_OR_RETURN(expr->subquery, Select(array->selectStmt()));
    return expr;
  }
  if (auto* param = dynamic_cast<Parser::ParamPrimaryContext*>(ctx)) {
    const std::string_view text = Text(param->PARAM());
    ExprPtr expr = MakeExpr(ExprKind::kParameter, position);
    const auto [ptr, ec] =
        std::from_chars(text.data() + 1, text.data() + text.size(), expr->parameter_index);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      return Status::Error(ErrorCode::kSyntaxError, "parameter number too large")
          .WithPosition(position);
    }
    return expr;
  }
  if (auto* typed = dynamic_cast<Parser::TypedLiteralContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kCast, position);
    ASSIGN_OR_RETURN(ast::TypeName type, Type(typed->typeName()));
    ASSIGN_OR_RETURN(std::string text, StringValue(typed->stringLiteral()));
    expr->type_name = std::move(type);
    expr->args.push_back(MakeString(std::move(text), PositionOf(typed->stringLiteral())));
    return expr;
  }
  if (auto* cast = dynamic_cast<Parser::CastPrimaryContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kCast, position);
    ASSIGN_OR_RETURN(ExprPtr operand, Expr(cast->expr()));
    ASSIGN_OR_RETURN(ast::TypeName type, Type(cast->typeName()));
    expr->type_name = std::move(type);
    expr->args.push_back(std::move(operand));
    return expr;
  }
  if (auto* paren = dynamic_cast<Parser::ParenPrimaryContext*>(ctx)) return Expr(paren->expr());
  if (auto* sub = dynamic_cast<Parser::SubqueryPrimaryContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kScalarSubquery, position);
    ASSIGN_OR_RETURN(expr->subquery, Select(sub->selectStmt()));
    return expr;
  }
  if (auto* exists = dynamic_cast<Parser::ExistsPrimaryContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kExists, position);
    ASSIGN_OR_RETURN(expr->subquery, Select(exists->selectStmt()));
    return expr;
  }
  if (auto* case_expr = dynamic_cast<Parser::CasePrimaryContext*>(ctx)) return Case(case_expr);
  if (auto* sql_function = dynamic_cast<Parser::SqlFunctionPrimaryContext*>(ctx)) {
    ExprPtr expr = MakeExpr(ExprKind::kFunction, position);
    expr->name = Lower(std::string(source_.Of(sql_function)));
    return expr;
  }
  if (auto* extract = dynamic_cast<Parser::ExtractPrimaryContext*>(ctx)) {
    std::string field;
    if (extract->identifier() != nullptr) {
      field = Identifier(extract->identifier());
    } else {
      ASSIGN_OR_RETURN(field, StringValue(extract->stringLiteral()));
    }
    ExprPtr expr = MakeExpr(ExprKind::kFunction, position);
    expr->name = "date_part";
    const int field_position = PositionOf(extract->OPEN_PAREN()) + 1;
    expr->args.push_back(MakeString(std::move(field), field_position));
    ASSIGN_OR_RETURN(ExprPtr source, Expr(extract->expr()));
    expr->args.push_back(std::move(source));
    return expr;
  }
  if (auto* trim = dynamic_cast<Parser::TrimPrimaryContext*>(ctx)) {
    // trim([BOTH | LEADING | TRAILING] [characters] FROM text), or with the
    // text first: PostgreSQL's btrim / ltrim / rtrim(text [, characters]).
    ExprPtr expr = MakeExpr(ExprKind::kFunction, position);
    expr->name = trim->LEADING() != nullptr    ? "ltrim"
                 : trim->TRAILING() != nullptr ? "rtrim"
                                               : "btrim";
    for (auto* arg : trim->exprList()->expr()) {
      ASSIGN_OR_RETURN(ExprPtr value, Expr(arg));
      expr->args.push_back(std::move(value));
    }
    if (trim->expr() != nullptr) {
      ASSIGN_OR_RETURN(ExprPtr characters, Expr(trim->expr()));
      expr->args.push_back(std::move(characters));
    }
    return expr;
  }
  auto* substring = dynamic_cast<Parser::SubstringPrimaryContext*>(ctx);
  ExprPtr expr = MakeExpr(ExprKind::kFunction, position);
  expr->name = "substring";
  for (auto* arg : substring->expr()) {
    ASSIGN_OR_RETURN(ExprPtr value, Expr(arg));
    expr->args.push_back(std::move(value));
  }
  // substring(x FOR n) starts at the first character.
  if (substring->FOR() != nullptr && substring->FROM() == nullptr) {
    expr->args.insert(expr->args.begin() + 1, MakeNumber("1", true, 0));
  }
  return expr;
}

Status AstBuilder::FunctionArgs(const std::vector<Parser::FunctionArgContext*>& args,
                                ast::Expr& call) const {
  for (auto* arg : args) {
    ASSIGN_OR_RETURN(ExprPtr value, Expr(arg->expr()));
    if (arg->colLabel() != nullptr) {
      call.named_args.emplace_back(ColLabel(arg->colLabel()), std::move(value));
    } else if (!call.named_args.empty()) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "positional argument cannot follow named argument")
          .WithPosition(PositionOf(arg));
    } else {
      call.args.push_back(std::move(value));
    }
  }
  return Status::Ok();
}

Result<ExprPtr> AstBuilder::Function(Parser::FunctionCallContext* ctx) const {
  ExprPtr expr = MakeExpr(ExprKind::kFunction, PositionOf(ctx));
  if (ctx->overClause() != nullptr) {
    ASSIGN_OR_RETURN(expr->over, Over(ctx->overClause()));
  }
  Parser::FunctionNameContext* name = ctx->functionName();
  if (name->LEFT() != nullptr) {
    expr->name = "left";
  } else if (name->RIGHT() != nullptr) {
    expr->name = "right";
  } else {
    expr->name = Identifier(name->identifier().back());
  }
  expr->star_arg = ctx->STAR() != nullptr;
  expr->distinct = ctx->DISTINCT() != nullptr;
  RETURN_IF_ERROR(FunctionArgs(ctx->functionArg(), *expr));
  if (ctx->orderByClause() != nullptr) {
    ASSIGN_OR_RETURN(expr->order_by, OrderBy(ctx->orderByClause()));
  }
  if (Parser::WithinGroupClauseContext* within = ctx->withinGroupClause()) {
    const int position = PositionOf(within);
    if (expr->distinct) {
      return Status::Error(ErrorCode::kSyntaxError, "cannot use DISTINCT with WITHIN GROUP")
          .WithPosition(position);
    }
    if (!expr->order_by.empty()) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "cannot use multiple ORDER BY clauses with WITHIN GROUP")
          .WithPosition(position);
    }
    if (expr->star_arg) {
      return Status::Error(ErrorCode::kSyntaxError, "syntax error at or near \"WITHIN\"")
          .WithPosition(position);
    }
    ASSIGN_OR_RETURN(expr->order_by, OrderBy(within->orderByClause()));
    expr->within_group = true;
  }
  if (Parser::FilterClauseContext* filter = ctx->filterClause()) {
    ASSIGN_OR_RETURN(expr->filter, Expr(filter->expr()));
  }
  return expr;
}

Result<ExprPtr> AstBuilder::Case(Parser::CasePrimaryContext* ctx) const {
  ExprPtr expr = MakeExpr(ExprKind::kCase, PositionOf(ctx));
  size_t previous_token = Parser::CASE;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      previous_token = terminal->getSymbol()->getType();
      continue;
    }
    ASSIGN_OR_RETURN(ExprPtr value, Expr(static_cast<Parser::ExprContext*>(child)));
    if (previous_token == Parser::CASE) expr->has_operand = true;
    if (previous_token == Parser::ELSE) expr->has_else = true;
    expr->args.push_back(std::move(value));
  }
  return expr;
}

Result<ExprPtr> AstBuilder::Literal(Parser::LiteralContext* ctx) const {
  const int position = PositionOf(ctx);
  if (ctx->INTEGER() != nullptr)
    return MakeNumber(std::string(Text(ctx->INTEGER())), true, position);
  if (ctx->DECIMAL() != nullptr)
    return MakeNumber(std::string(Text(ctx->DECIMAL())), false, position);
  if (ctx->stringLiteral() != nullptr) {
    ASSIGN_OR_RETURN(std::string text, StringValue(ctx->stringLiteral()));
    return MakeString(std::move(text), position);
  }
  ExprPtr expr = MakeExpr(ExprKind::kLiteral, position);
  if (ctx->NULL_P() != nullptr) {
    expr->literal_kind = LiteralKind::kNull;
  } else {
    expr->literal_kind = LiteralKind::kBool;
    expr->text = ctx->TRUE_P() != nullptr ? "t" : "f";
  }
  return expr;
}

Result<ast::TypeName> AstBuilder::Type(Parser::TypeNameContext* ctx) const {
  ast::TypeName type{.is_array = !ctx->OPEN_BRACKET().empty(), .position = PositionOf(ctx)};
  Parser::TypeNameBodyContext* body = ctx->typeNameBody();
  if (dynamic_cast<Parser::DoubleTypeContext*>(body) != nullptr) {
    type.name = "double precision";
  } else if (auto* character = dynamic_cast<Parser::CharacterTypeContext*>(body)) {
    type.name = character->VARYING() != nullptr ? "character varying" : "character";
    ASSIGN_OR_RETURN(type.modifiers, Modifiers(character->typeModifiers()));
  } else if (auto* datetime = dynamic_cast<Parser::DatetimeTypeContext*>(body)) {
    type.name = datetime->TIMESTAMP() != nullptr ? "timestamp" : "time";
    if (datetime->WITH() != nullptr) type.name += " with time zone";
    if (datetime->WITHOUT() != nullptr) type.name += " without time zone";
    ASSIGN_OR_RETURN(type.modifiers, Modifiers(datetime->typeModifiers()));
  } else if (auto* interval = dynamic_cast<Parser::IntervalTypeContext*>(body)) {
    type.name = "interval";
    ASSIGN_OR_RETURN(type.modifiers, Modifiers(interval->typeModifiers()));
  } else {
    auto* generic = static_cast<Parser::GenericTypeContext*>(body);
    type.name = generic->IDENT() != nullptr ? FoldIdentifier(Text(generic->IDENT()), false)
                                            : FoldIdentifier(Text(generic->QUOTED_IDENT()), true);
    ASSIGN_OR_RETURN(type.modifiers, Modifiers(generic->typeModifiers()));
  }
  return type;
}

Result<std::string> AstBuilder::StringValue(Parser::StringLiteralContext* ctx) const {
  const std::string_view text = source_.Of(ctx);
  if (ctx->STRING() != nullptr) return UnquoteString(text);
  if (ctx->DOLLAR_STRING() != nullptr) return UnquoteDollarString(text);
  Result<std::string> value = UnescapeExtendedString(text);
  if (!value.ok()) return value.status().WithPosition(PositionOf(ctx));
  return value;
}

Result<std::string> AstBuilder::OptionValue(Parser::OptionValueContext* ctx) const {
  if (ctx->stringLiteral() != nullptr) return StringValue(ctx->stringLiteral());
  if (ctx->identifier() != nullptr) return Identifier(ctx->identifier());
  // A sign may be followed by space; a leading + is noise.
  std::string text;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* terminal = static_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal->getSymbol()->getType() != Parser::PLUS) text += Text(terminal);
  }
  return Lower(std::move(text));
}

std::string AstBuilder::Identifier(Parser::IdentifierContext* ctx) const {
  const antlr4::Token* token = ctx->getStart();
  return FoldIdentifier(source_.Of(token), token->getType() == Parser::QUOTED_IDENT);
}

std::string AstBuilder::ColLabel(Parser::ColLabelContext* ctx) const {
  if (ctx->identifier() != nullptr) return Identifier(ctx->identifier());
  return Lower(std::string(source_.Of(ctx)));
}

}  // namespace sundial::sql::parser_internal
