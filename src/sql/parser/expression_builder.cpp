#include <charconv>
#include <cstdint>

#include "sql/parser/ast_builder.h"
#include "sql/parser/literal_text.h"

namespace sundial::sql::parser_internal {

using ast::ExprKind;
using ast::ExprPtr;
using ast::LiteralKind;
using Parser = grammar::SundialParser;

namespace {

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

// The operator between operands i-1 and i of a left-associative chain: a
// token, or a compareOperator / otherOperator rule.
std::string OperatorAt(antlr4::ParserRuleContext* ctx, size_t i) {
  antlr4::tree::ParseTree* op = ctx->children[2 * i - 1];
  std::string text;
  if (auto* other = dynamic_cast<Parser::OtherOperatorContext*>(op);
      other != nullptr && other->anyOperator() != nullptr) {
    text = other->anyOperator()->getText();
  } else {
    text = op->getText();
  }
  if (text == "!=") return "<>";
  return Lower(std::move(text));
}

template <typename Operand, typename Build>
Result<ExprPtr> FoldLeft(antlr4::ParserRuleContext* ctx, const std::vector<Operand*>& operands,
                         Build build) {
  ASSIGN_OR_RETURN(ExprPtr result, build(operands[0]));
  for (size_t i = 1; i < operands.size(); ++i) {
    ASSIGN_OR_RETURN(ExprPtr right, build(operands[i]));
    result = MakeBinary(OperatorAt(ctx, i), std::move(result), std::move(right));
  }
  return result;
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
  return Or(ctx->orExpr());
}

Result<std::vector<ExprPtr>> AstBuilder::ExprList(Parser::ExprListContext* ctx) const {
  std::vector<ExprPtr> list;
  for (auto* expr : ctx->expr()) {
    ASSIGN_OR_RETURN(ExprPtr item, Expr(expr));
    list.push_back(std::move(item));
  }
  return list;
}

Result<ExprPtr> AstBuilder::Or(Parser::OrExprContext* ctx) const {
  return FoldLeft(ctx, ctx->andExpr(), [this](auto* c) { return And(c); });
}

Result<ExprPtr> AstBuilder::And(Parser::AndExprContext* ctx) const {
  return FoldLeft(ctx, ctx->notExpr(), [this](auto* c) { return Not(c); });
}

Result<ExprPtr> AstBuilder::Not(Parser::NotExprContext* ctx) const {
  if (ctx->NOT() == nullptr) return Is(ctx->isExpr());
  ASSIGN_OR_RETURN(ExprPtr operand, Not(ctx->notExpr()));
  if (operand->kind == ExprKind::kExists && !operand->negated) {
    operand->negated = true;
    operand->position = PositionOf(ctx);
    return operand;
  }
  ExprPtr expr = MakeExpr(ExprKind::kUnaryOp, PositionOf(ctx));
  expr->name = "not";
  expr->args.push_back(std::move(operand));
  return expr;
}

Result<ExprPtr> AstBuilder::Is(Parser::IsExprContext* ctx) const {
  ASSIGN_OR_RETURN(ExprPtr result, Compare(ctx->compareExpr()));
  for (auto* suffix : ctx->isSuffix()) {
    const int position = result->position;
    ExprPtr test;
    if (suffix->NULL_P() != nullptr || suffix->ISNULL() != nullptr ||
        suffix->NOTNULL() != nullptr) {
      test = MakeExpr(ExprKind::kIsNull, position);
      test->negated = suffix->NOT() != nullptr || suffix->NOTNULL() != nullptr;
    } else {
      test = MakeExpr(ExprKind::kIsBool, position);
      test->negated = suffix->NOT() != nullptr;
      test->bool_test = suffix->TRUE_P() != nullptr    ? "true"
                        : suffix->FALSE_P() != nullptr ? "false"
                                                       : "unknown";
    }
    test->args.push_back(std::move(result));
    result = std::move(test);
  }
  return result;
}

Result<ExprPtr> AstBuilder::Compare(Parser::CompareExprContext* ctx) const {
  return FoldLeft(ctx, ctx->predicateExpr(), [this](auto* c) { return Predicate(c); });
}

Result<ExprPtr> AstBuilder::Predicate(Parser::PredicateExprContext* ctx) const {
  ASSIGN_OR_RETURN(ExprPtr operand, OpExpr(ctx->opExpr()));
  Parser::PredicateSuffixContext* suffix = ctx->predicateSuffix();
  if (suffix == nullptr) return operand;
  const int position = operand->position;
  if (auto* between = dynamic_cast<Parser::BetweenSuffixContext*>(suffix)) {
    ExprPtr expr = MakeExpr(ExprKind::kBetween, position);
    expr->negated = between->NOT() != nullptr;
    expr->args.push_back(std::move(operand));
    for (auto* bound : between->opExpr()) {
      ASSIGN_OR_RETURN(ExprPtr value, OpExpr(bound));
      expr->args.push_back(std::move(value));
    }
    return expr;
  }
  if (auto* in = dynamic_cast<Parser::InSuffixContext*>(suffix)) {
    ExprPtr expr;
    if (in->selectStmt() != nullptr) {
      expr = MakeExpr(ExprKind::kInSubquery, position);
      ASSIGN_OR_RETURN(expr->subquery, Select(in->selectStmt()));
      expr->args.push_back(std::move(operand));
    } else {
      expr = MakeExpr(ExprKind::kInList, position);
      ASSIGN_OR_RETURN(std::vector<ExprPtr> list, ExprList(in->exprList()));
      expr->args.push_back(std::move(operand));
      for (ExprPtr& item : list)
        expr->args.push_back(std::move(item));
    }
    expr->negated = in->NOT() != nullptr;
    return expr;
  }
  if (auto* like = dynamic_cast<Parser::LikeSuffixContext*>(suffix)) {
    if (like->ESCAPE() != nullptr)
      return NotSupported("LIKE ... ESCAPE", PositionOf(like->ESCAPE()));
    ExprPtr expr = MakeExpr(ExprKind::kLike, position);
    expr->negated = like->NOT() != nullptr;
    expr->case_insensitive = like->ILIKE() != nullptr;
    ASSIGN_OR_RETURN(ExprPtr pattern, OpExpr(like->opExpr(0)));
    expr->args.push_back(std::move(operand));
    expr->args.push_back(std::move(pattern));
    return expr;
  }
  return NotSupported("SIMILAR TO", PositionOf(suffix));
}

Result<ExprPtr> AstBuilder::OpExpr(Parser::OpExprContext* ctx) const {
  return FoldLeft(ctx, ctx->addExpr(), [this](auto* c) { return Add(c); });
}

Result<ExprPtr> AstBuilder::Add(Parser::AddExprContext* ctx) const {
  return FoldLeft(ctx, ctx->mulExpr(), [this](auto* c) { return Mul(c); });
}

Result<ExprPtr> AstBuilder::Mul(Parser::MulExprContext* ctx) const {
  return FoldLeft(ctx, ctx->powExpr(), [this](auto* c) { return Pow(c); });
}

Result<ExprPtr> AstBuilder::Pow(Parser::PowExprContext* ctx) const {
  return FoldLeft(ctx, ctx->atExpr(), [this](auto* c) { return At(c); });
}

// x AT TIME ZONE z is PostgreSQL's timezone(z, x).
Result<ExprPtr> AstBuilder::At(Parser::AtExprContext* ctx) const {
  const std::vector<Parser::UnaryExprContext*> operands = ctx->unaryExpr();
  ASSIGN_OR_RETURN(ExprPtr result, Unary(operands[0]));
  for (size_t i = 1; i < operands.size(); ++i) {
    ASSIGN_OR_RETURN(ExprPtr zone, Unary(operands[i]));
    ExprPtr call = MakeExpr(ExprKind::kFunction, result->position);
    call->name = "timezone";
    call->args.push_back(std::move(zone));
    call->args.push_back(std::move(result));
    result = std::move(call);
  }
  return result;
}

// A minus sign directly before a numeric constant is folded into it, as
// PostgreSQL's grammar does, so -9223372036854775808 is a bigint constant.
Result<ExprPtr> AstBuilder::Unary(Parser::UnaryExprContext* ctx) const {
  if (ctx->castExpr() != nullptr) return Cast(ctx->castExpr());
  ASSIGN_OR_RETURN(ExprPtr operand, Unary(ctx->unaryExpr()));
  const int position = PositionOf(ctx);
  const bool numeric =
      operand->kind == ExprKind::kLiteral && (operand->literal_kind == LiteralKind::kInteger ||
                                              operand->literal_kind == LiteralKind::kDecimal);
  if (numeric && ctx->MINUS() != nullptr && operand->text[0] != '-') {
    std::string text = "-" + operand->text;
    const bool integral = IsIntegralText(text);
    return MakeNumber(std::move(text), integral, position);
  }
  if (numeric && ctx->PLUS() != nullptr) {
    operand->position = position;
    return operand;
  }
  ExprPtr expr = MakeExpr(ExprKind::kUnaryOp, position);
  expr->name = ctx->MINUS() != nullptr ? "-" : "+";
  expr->args.push_back(std::move(operand));
  return expr;
}

// COLLATE is accepted for the sake of catalog queries (psql's \d) and has no
// effect: Sundial compares text byte-wise, like the C collation.
Result<ExprPtr> AstBuilder::Cast(Parser::CastExprContext* ctx) const {
  ASSIGN_OR_RETURN(ExprPtr result, Primary(ctx->primary()));
  for (auto* type : ctx->typeName()) {
    ExprPtr cast = MakeExpr(ExprKind::kCast, result->position);
    ASSIGN_OR_RETURN(ast::TypeName name, Type(type));
    cast->type_name = std::move(name);
    cast->args.push_back(std::move(result));
    result = std::move(cast);
  }
  return result;
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
  if (auto* param = dynamic_cast<Parser::ParamPrimaryContext*>(ctx)) {
    const std::string text = param->PARAM()->getText();
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
    expr->name = Lower(sql_function->getText());
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

Result<ExprPtr> AstBuilder::Function(Parser::FunctionCallContext* ctx) const {
  if (ctx->withinGroupClause() != nullptr) {
    return NotSupported("WITHIN GROUP", PositionOf(ctx->withinGroupClause()));
  }
  if (ctx->filterClause() != nullptr) {
    return NotSupported("FILTER clause", PositionOf(ctx->filterClause()));
  }
  if (ctx->overClause() != nullptr) {
    return NotSupported("OVER clause", PositionOf(ctx->overClause()));
  }
  ExprPtr expr = MakeExpr(ExprKind::kFunction, PositionOf(ctx));
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
  for (auto* arg : ctx->functionArg()) {
    ASSIGN_OR_RETURN(ExprPtr value, Expr(arg->expr()));
    if (arg->colLabel() != nullptr) {
      expr->named_args.emplace_back(ColLabel(arg->colLabel()), std::move(value));
    } else if (!expr->named_args.empty()) {
      return Status::Error(ErrorCode::kSyntaxError,
                           "positional argument cannot follow named argument")
          .WithPosition(PositionOf(arg));
    } else {
      expr->args.push_back(std::move(value));
    }
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
  if (ctx->INTEGER() != nullptr) return MakeNumber(ctx->getText(), true, position);
  if (ctx->DECIMAL() != nullptr) return MakeNumber(ctx->getText(), false, position);
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
    type.name = generic->IDENT() != nullptr
                    ? FoldIdentifier(generic->IDENT()->getText(), false)
                    : FoldIdentifier(generic->QUOTED_IDENT()->getText(), true);
    ASSIGN_OR_RETURN(type.modifiers, Modifiers(generic->typeModifiers()));
  }
  return type;
}

Result<std::string> AstBuilder::StringValue(Parser::StringLiteralContext* ctx) const {
  const std::string text = ctx->getText();
  if (ctx->STRING() != nullptr) return UnquoteString(text);
  if (ctx->DOLLAR_STRING() != nullptr) return UnquoteDollarString(text);
  Result<std::string> value = UnescapeExtendedString(text);
  if (!value.ok()) return value.status().WithPosition(PositionOf(ctx));
  return value;
}

Result<std::string> AstBuilder::OptionValue(Parser::OptionValueContext* ctx) const {
  if (ctx->stringLiteral() != nullptr) return StringValue(ctx->stringLiteral());
  if (ctx->identifier() != nullptr) return Identifier(ctx->identifier());
  std::string text = Lower(ctx->getText());
  // A leading + is noise; the number is what was written after it.
  if (!text.empty() && text[0] == '+') text.erase(0, 1);
  return text;
}

std::string AstBuilder::Identifier(Parser::IdentifierContext* ctx) {
  if (ctx->QUOTED_IDENT() != nullptr) return FoldIdentifier(ctx->getText(), true);
  return FoldIdentifier(ctx->getText(), false);
}

std::string AstBuilder::ColLabel(Parser::ColLabelContext* ctx) {
  if (ctx->identifier() != nullptr) return Identifier(ctx->identifier());
  return Lower(ctx->getText());
}

}  // namespace sundial::sql::parser_internal
