// CREATE / ALTER / DROP SEQUENCE and the options an identity column takes.

#include <charconv>

#include "sql/parser/ast_builder.h"

namespace sundial::sql::parser_internal {

Result<int64_t> AstBuilder::SignedInteger(Parser::SignedIntegerContext* ctx) const {
  std::string text = ctx->INTEGER()->getText();
  if (ctx->MINUS() != nullptr) text.insert(text.begin(), '-');
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::Error(ErrorCode::kNumericValueOutOfRange,
                         "value \"" + text + "\" is out of range for type bigint")
        .WithPosition(PositionOf(ctx));
  }
  return value;
}

Result<std::vector<ast::SequenceOption>> AstBuilder::SequenceOptions(
    const std::vector<Parser::SequenceOptionContext*>& options) const {
  using Kind = ast::SequenceOption::Kind;
  std::vector<ast::SequenceOption> result;
  for (auto* ctx : options) {
    ast::SequenceOption option{.position = PositionOf(ctx)};
    if (ctx->AS() != nullptr) {
      option.kind = Kind::kAs;
      ASSIGN_OR_RETURN(option.type, Type(ctx->typeName()));
    } else if (ctx->OWNED() != nullptr) {
      option.kind = Kind::kOwnedBy;
      for (auto* part : ctx->qualifiedName()->identifier())
        option.owned_by.push_back(Identifier(part));
    } else {
      option.kind = ctx->INCREMENT() != nullptr  ? Kind::kIncrement
                    : ctx->MINVALUE() != nullptr ? Kind::kMinValue
                    : ctx->MAXVALUE() != nullptr ? Kind::kMaxValue
                    : ctx->START() != nullptr    ? Kind::kStart
                    : ctx->RESTART() != nullptr  ? Kind::kRestart
                    : ctx->CACHE() != nullptr    ? Kind::kCache
                                                 : Kind::kCycle;
      option.cycle = ctx->NO() == nullptr;
      option.has_value = ctx->signedInteger() != nullptr;
      if (option.has_value) {
        ASSIGN_OR_RETURN(option.value, SignedInteger(ctx->signedInteger()));
      }
    }
    result.push_back(std::move(option));
  }
  return result;
}

Result<std::unique_ptr<ast::SequenceStmt>> AstBuilder::CreateSequence(
    Parser::CreateSequenceStmtContext* ctx) const {
  auto sequence = std::make_unique<ast::SequenceStmt>();
  ASSIGN_OR_RETURN(sequence->name, TableName(ctx->qualifiedName()));
  sequence->if_not_exists = ctx->IF() != nullptr;
  ASSIGN_OR_RETURN(sequence->options, SequenceOptions(ctx->sequenceOption()));
  return sequence;
}

Result<std::unique_ptr<ast::SequenceStmt>> AstBuilder::AlterSequence(
    Parser::AlterSequenceStmtContext* ctx) const {
  auto sequence = std::make_unique<ast::SequenceStmt>();
  ASSIGN_OR_RETURN(sequence->name, TableName(ctx->qualifiedName()));
  sequence->if_exists = ctx->IF() != nullptr;
  ASSIGN_OR_RETURN(sequence->options, SequenceOptions(ctx->sequenceOption()));
  return sequence;
}

Result<std::unique_ptr<ast::DropSequenceStmt>> AstBuilder::DropSequence(
    Parser::DropSequenceStmtContext* ctx) const {
  auto drop = std::make_unique<ast::DropSequenceStmt>();
  drop->if_exists = ctx->IF() != nullptr;
  drop->cascade = ctx->CASCADE() != nullptr;
  for (auto* name : ctx->qualifiedName()) {
    ASSIGN_OR_RETURN(std::string sequence, TableName(name));
    drop->names.push_back(std::move(sequence));
  }
  return drop;
}

}  // namespace sundial::sql::parser_internal
