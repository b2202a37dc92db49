#include "sql/parser/parser.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>

#include "SundialLexer.h"
#include "SundialParser.h"
#include "antlr4-runtime.h"
#include "sql/nesting_limit.h"
#include "sql/parser/ast_builder.h"
#include "sql/parser/case_insensitive_stream.h"
#include "sql/parser/source_text.h"
#include "sql/parser/unsupported_statement.h"

namespace sundial::sql {
namespace {

using grammar::SundialLexer;
using grammar::SundialParser;

// UnsupportedStatementName needs at most this many words ("CREATE OR REPLACE VIEW").
constexpr size_t kLeadingWords = 4;

bool IsWord(const antlr4::Token* token) {
  const size_t type = token->getType();
  return type == SundialLexer::IDENT || (type >= SundialLexer::ABORT && type <= SundialLexer::ZONE);
}

std::string LowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// PostgreSQL's wording for an error found at `token`.
Status ErrorAt(const antlr4::Token* token, size_t input_length) {
  if (token->getType() == antlr4::Token::EOF) {
    return Status::Error(ErrorCode::kSyntaxError, "syntax error at end of input")
        .WithPosition(static_cast<int>(input_length) + 1);
  }
  std::string what;
  switch (token->getType()) {
    case SundialLexer::UNTERMINATED_STRING:
    case SundialLexer::UNTERMINATED_ESTRING:
      what = "unterminated quoted string";
      break;
    case SundialLexer::UNTERMINATED_QUOTED_IDENT:
      what = "unterminated quoted identifier";
      break;
    case SundialLexer::UNTERMINATED_DOLLAR_STRING:
      what = "unterminated dollar-quoted string";
      break;
    case SundialLexer::BLOCK_COMMENT:
      what = "unterminated /* comment";
      break;
    default:
      what = "syntax error";
  }
  return Status::Error(ErrorCode::kSyntaxError, what + " at or near \"" + token->getText() + "\"")
      .WithPosition(parser_internal::PositionOf(token));
}

// Counts the rule contexts ANTLR has open while it parses: one per level of
// its recursive descent, which this bounds. (An operator chain like 1+1+...
// is parsed in a loop and leaves the count flat; the AST builder bounds the
// deep parse tree it produces.)
class NestingDepthListener : public antlr4::tree::ParseTreeListener {
 public:
  // Thrown out of the parse when the bound is crossed: the generated rule
  // functions only catch RecognitionException, so it reaches ParseStatement.
  struct TooDeep {};

  void Reset() { depth_ = 0; }
  void enterEveryRule(antlr4::ParserRuleContext* /*ctx*/) override {
    if (++depth_ > kMaxNestingDepth || StackNearlyExhausted()) throw TooDeep{};
  }
  void exitEveryRule(antlr4::ParserRuleContext* /*ctx*/) override { --depth_; }
  void visitTerminal(antlr4::tree::TerminalNode* /*node*/) override {}
  void visitErrorNode(antlr4::tree::ErrorNode* /*node*/) override {}

 private:
  int depth_ = 0;
};

// Whether brackets in tokens [start, end) nest deeper than the parse may.
// Checked before parsing because ANTLR's prediction looks ahead across a run
// of opening parentheses at each of them (`((((1))))` could still turn out to
// be a subquery), which is quadratic in the run's length. A bracket inside
// another costs at least two rule contexts (the bracketed construct and the
// expression or table reference it holds), so nothing refused here could
// parse.
bool BracketsTooDeep(const std::vector<antlr4::Token*>& tokens, size_t start, size_t end) {
  int depth = 0;
  for (size_t i = start; i < end; ++i) {
    const size_t type = tokens[i]->getType();
    if (type == SundialLexer::OPEN_PAREN || type == SundialLexer::OPEN_BRACKET) {
      if (++depth > kMaxNestingDepth / 2 + 1) return true;
    } else if ((type == SundialLexer::CLOSE_PAREN || type == SundialLexer::CLOSE_BRACKET) &&
               depth > 0) {
      --depth;
    }
  }
  return false;
}

const antlr4::Token* OffendingToken(const antlr4::ParseCancellationException& e,
                                    SundialParser& parser) {
  try {
    std::rethrow_if_nested(e);
  } catch (const antlr4::RecognitionException& cause) {
    if (cause.getOffendingToken() != nullptr) return cause.getOffendingToken();
  }
  return parser.getCurrentToken();
}

// Parses the statement whose first token is at `start`. SLL prediction is
// enough for nearly every input and much cheaper; only when it fails is the
// statement parsed again with full LL, which also finds the real error.
Result<SundialParser::StatementContext*> ParseStatement(SundialParser& parser,
                                                        NestingDepthListener& depth,
                                                        antlr4::CommonTokenStream& tokens,
                                                        size_t start, size_t input_length) {
  auto* interpreter = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  for (const auto mode : {antlr4::atn::PredictionMode::SLL, antlr4::atn::PredictionMode::LL}) {
    parser.reset();
    depth.Reset();
    tokens.seek(start);
    interpreter->setPredictionMode(mode);
    try {
      return parser.oneStatement()->statement();
    } catch (const NestingDepthListener::TooDeep&) {
      return NestingTooDeep();
    } catch (const antlr4::ParseCancellationException& e) {
      if (mode == antlr4::atn::PredictionMode::LL) {
        return ErrorAt(OffendingToken(e, parser), input_length);
      }
    }
  }
  return Status::Error(ErrorCode::kInternal, "SQL parser made no attempt");
}

Result<std::vector<std::unique_ptr<ast::Statement>>> ParseAll(std::string_view sql) {
  parser_internal::CaseInsensitiveStream input(sql);
  const parser_internal::SourceText source(sql);
  const size_t input_length = source.length();
  SundialLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  NestingDepthListener depth;
  SundialParser parser(&tokens);
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  parser.addParseListener(&depth);

  const parser_internal::AstBuilder builder(source);
  std::vector<std::unique_ptr<ast::Statement>> statements;
  const std::vector<antlr4::Token*> all = tokens.getTokens();
  size_t start = 0;
  while (start < all.size()) {
    size_t end = start;
    while (all[end]->getType() != SundialLexer::SEMI && all[end]->getType() != antlr4::Token::EOF) {
      ++end;
    }
    if (end > start) {
      std::vector<std::string> words;
      for (size_t i = start; i < std::min(end, start + kLeadingWords) && IsWord(all[i]); ++i) {
        words.push_back(LowerAscii(std::string(source.Of(all[i]))));
      }
      const std::vector<std::string_view> views(words.begin(), words.end());
      if (auto name = parser_internal::UnsupportedStatementName(views)) {
        return Status::Error(ErrorCode::kFeatureNotSupported, *name + " is not supported")
            .WithPosition(parser_internal::PositionOf(all[start]));
      }
      if (BracketsTooDeep(all, start, end)) return NestingTooDeep();
      ASSIGN_OR_RETURN(SundialParser::StatementContext * tree,
                       ParseStatement(parser, depth, tokens, start, input_length));
      ASSIGN_OR_RETURN(std::unique_ptr<ast::Statement> statement, builder.Statement(tree));
      statement->position = parser_internal::PositionOf(all[start]);
      statement->text =
          std::string(source.Slice(all[start]->getStartIndex(), all[end - 1]->getStopIndex()));
      statements.push_back(std::move(statement));
    }
    if (all[end]->getType() == antlr4::Token::EOF) break;
    start = end + 1;
  }
  return statements;
}

}  // namespace

Result<std::vector<std::unique_ptr<ast::Statement>>> ParseSql(std::string_view sql) {
  // The ANTLR runtime reports misuse and bad input encoding by throwing.
  try {
    return ParseAll(sql);
  } catch (const std::range_error&) {
    return Status::Error(ErrorCode::kSyntaxError, "invalid byte sequence for encoding \"UTF8\"");
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kInternal, std::string("SQL parser failure: ") + e.what());
  }
}

}  // namespace sundial::sql
