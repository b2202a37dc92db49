#include "sql/expr_deparser.h"

namespace sundial::sql {
namespace {

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string TypeText(const ast::TypeName& type) {
  std::string out = type.name;
  if (!type.modifiers.empty()) {
    out += "(";
    for (size_t i = 0; i < type.modifiers.size(); ++i) {
      if (i > 0) out += ", ";
      out += std::to_string(type.modifiers[i]);
    }
    out += ")";
  }
  if (type.is_array) out += "[]";
  return out;
}

}  // namespace

Result<std::string> DeparseExpr(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kLiteral:
      switch (expr.literal_kind) {
        case ast::LiteralKind::kNull:
          return std::string("NULL");
        case ast::LiteralKind::kBool:
          return std::string(expr.text == "t" || expr.text == "true" ? "true" : "false");
        case ast::LiteralKind::kInteger:
        case ast::LiteralKind::kDecimal:
          return expr.text;
        case ast::LiteralKind::kString:
          return Quote(expr.text);
      }
      break;
    case ast::ExprKind::kCast: {
      ASSIGN_OR_RETURN(std::string inner, DeparseExpr(*expr.args[0]));
      return "CAST(" + inner + " AS " + TypeText(*expr.type_name) + ")";
    }
    case ast::ExprKind::kUnaryOp: {
      ASSIGN_OR_RETURN(std::string inner, DeparseExpr(*expr.args[0]));
      return "(" + std::string(expr.name == "not" ? "NOT " : expr.name) + "(" + inner + "))";
    }
    case ast::ExprKind::kBinaryOp: {
      ASSIGN_OR_RETURN(std::string left, DeparseExpr(*expr.args[0]));
      ASSIGN_OR_RETURN(std::string right, DeparseExpr(*expr.args[1]));
      return "((" + left + ") " + expr.name + " (" + right + "))";
    }
    case ast::ExprKind::kFunction: {
      if (!expr.named_args.empty() || expr.star_arg || expr.distinct) break;
      std::string out = expr.name + "(";
      // The sequence functions take a regclass, which PostgreSQL prints
      // as 'name'::regclass: a stored DEFAULT reads the same.
      const bool takes_regclass =
          expr.name == "nextval" || expr.name == "currval" || expr.name == "setval";
      for (size_t i = 0; i < expr.args.size(); ++i) {
        ASSIGN_OR_RETURN(std::string arg, DeparseExpr(*expr.args[i]));
        if (i > 0) out += ", ";
        out += arg;
        if (i == 0 && takes_regclass && expr.args[0]->kind == ast::ExprKind::kLiteral &&
            expr.args[0]->literal_kind == ast::LiteralKind::kString) {
          out += "::regclass";
        }
      }
      return out + ")";
    }
    default:
      break;
  }
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "this kind of DEFAULT expression is not supported")
      .WithPosition(expr.position);
}

}  // namespace sundial::sql
