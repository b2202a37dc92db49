#include "sql/parser/ast_builder.h"

namespace sundial::sql::parser_internal {

using Parser = grammar::SundialParser;

Result<std::vector<ast::WindowDef>> AstBuilder::WindowClause(
    Parser::WindowClauseContext* ctx) const {
  std::vector<ast::WindowDef> windows;
  for (auto* definition : ctx->windowDefinition()) {
    ast::WindowDef window{.name = Identifier(definition->identifier()),
                          .position = PositionOf(definition)};
    ASSIGN_OR_RETURN(window.spec, WindowSpecification(definition->windowSpecification()));
    windows.push_back(std::move(window));
  }
  return windows;
}

Result<std::unique_ptr<ast::WindowSpec>> AstBuilder::Over(Parser::OverClauseContext* ctx) const {
  auto spec = std::make_unique<ast::WindowSpec>();
  if (ctx->windowSpecification() != nullptr) {
    ASSIGN_OR_RETURN(*spec, WindowSpecification(ctx->windowSpecification()));
  } else {
    spec->name = Identifier(ctx->identifier());
  }
  spec->position = PositionOf(ctx);
  return spec;
}

Result<ast::WindowSpec> AstBuilder::WindowSpecification(
    Parser::WindowSpecificationContext* ctx) const {
  ast::WindowSpec spec{.parenthesized = true, .position = PositionOf(ctx)};
  if (ctx->identifier() != nullptr) spec.name = Identifier(ctx->identifier());
  if (ctx->exprList() != nullptr) {
    ASSIGN_OR_RETURN(spec.partition_by, ExprList(ctx->exprList()));
  }
  if (ctx->orderByClause() != nullptr) {
    ASSIGN_OR_RETURN(spec.order_by, OrderBy(ctx->orderByClause()));
  }
  if (auto* frame_ctx = ctx->frameClause()) {
    ast::WindowFrame frame{.position = PositionOf(frame_ctx)};
    if (frame_ctx->ROWS() != nullptr) {
      frame.unit = ast::FrameUnit::kRows;
    } else if (frame_ctx->GROUPS() != nullptr) {
      frame.unit = ast::FrameUnit::kGroups;
    }
    const auto bounds = frame_ctx->frameBound();
    ASSIGN_OR_RETURN(frame.start, FrameBound(bounds[0]));
    if (bounds.size() > 1) {
      ASSIGN_OR_RETURN(frame.end, FrameBound(bounds[1]));
    } else {
      frame.end = ast::FrameBound{.kind = ast::FrameBoundKind::kCurrentRow,
                                  .position = frame.start.position};
    }
    if (auto* exclusion = frame_ctx->frameExclusion()) {
      if (exclusion->CURRENT() != nullptr) {
        frame.exclusion = "current row";
      } else if (exclusion->GROUP() != nullptr) {
        frame.exclusion = "group";
      } else if (exclusion->TIES() != nullptr) {
        frame.exclusion = "ties";
      }
    }
    spec.frame = std::move(frame);
  }
  return spec;
}

Result<ast::FrameBound> AstBuilder::FrameBound(Parser::FrameBoundContext* ctx) const {
  ast::FrameBound bound{.position = PositionOf(ctx)};
  const bool preceding = ctx->PRECEDING() != nullptr;
  if (ctx->UNBOUNDED() != nullptr) {
    bound.kind = preceding ? ast::FrameBoundKind::kUnboundedPreceding
                           : ast::FrameBoundKind::kUnboundedFollowing;
  } else if (ctx->CURRENT() != nullptr) {
    bound.kind = ast::FrameBoundKind::kCurrentRow;
  } else {
    bound.kind = preceding ? ast::FrameBoundKind::kPreceding : ast::FrameBoundKind::kFollowing;
    ASSIGN_OR_RETURN(bound.offset, Expr(ctx->expr()));
  }
  return bound;
}

}  // namespace sundial::sql::parser_internal
