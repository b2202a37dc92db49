#include <cctype>

#include "catalog/catalog.h"
#include "sql/copy_in_sink.h"
#include "sql/database.h"
#include "sql/statements.h"
#include "sql/table_rows.h"

// COPY ... FROM STDIN: option handling; the data path is TableCopySink.

namespace sundial::sql {
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Result<char> SingleByte(const std::string& value, const std::string& what) {
  if (value.size() != 1) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "COPY " + what + " must be a single one-byte character");
  }
  return value[0];
}

Result<CopyFormat> ParseOptions(const ast::CopyStmt& copy) {
  CopyFormat format;
  std::optional<char> delimiter, quote, escape;
  std::optional<std::string> null_string;
  for (const auto& [raw_key, value] : copy.options) {
    std::string key = Lower(raw_key);
    if (key == "format") {
      std::string f = Lower(value);
      if (f == "csv") {
        format.csv = true;
      } else if (f == "binary") {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "COPY FORMAT binary is not supported");
      } else if (f != "text") {
        return Status::Error(ErrorCode::kInvalidParameterValue,
                             "COPY format \"" + value + "\" not recognized");
      }
    } else if (key == "csv") {
      format.csv = true;
    } else if (key == "binary") {
      return Status::Error(ErrorCode::kFeatureNotSupported, "COPY FORMAT binary is not supported");
    } else if (key == "header") {
      std::string v = Lower(value);
      format.header = v.empty() || v == "true" || v == "on" || v == "1" || v == "match";
    } else if (key == "delimiter") {
      ASSIGN_OR_RETURN(delimiter, SingleByte(value, "delimiter"));
    } else if (key == "null") {
      null_string = value;
    } else if (key == "quote") {
      ASSIGN_OR_RETURN(quote, SingleByte(value, "quote"));
    } else if (key == "escape") {
      ASSIGN_OR_RETURN(escape, SingleByte(value, "escape"));
    } else if (key == "encoding") {
      std::string v = Lower(value);
      if (v != "utf8" && v != "utf-8") {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "COPY ENCODING \"" + value + "\" is not supported");
      }
    } else {
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "COPY option \"" + key + "\" is not supported");
    }
  }
  if (format.csv) {
    format.delimiter = ',';
    format.null_string = "";
  } else if (quote || escape) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "COPY quote and escape are available only in CSV mode");
  }
  if (delimiter) format.delimiter = *delimiter;
  if (null_string) format.null_string = *null_string;
  if (quote) format.quote = *quote;
  format.escape = escape.value_or(format.quote);
  if (format.delimiter == '\n' || format.delimiter == '\r' ||
      (!format.csv && format.delimiter == '\\') ||
      (format.csv && format.delimiter == format.quote)) {
    return Status::Error(ErrorCode::kInvalidParameterValue,
                         "COPY delimiter cannot be \"" + std::string(1, format.delimiter) + "\"");
  }
  return format;
}

}  // namespace

Result<StatementResult> ExecuteCopy(const ast::CopyStmt& copy, StatementContext& context) {
  if (!copy.from) {
    return Status::Error(ErrorCode::kFeatureNotSupported, "COPY ... TO is not supported");
  }
  if (!copy.stdio) {
    return Status::Error(ErrorCode::kFeatureNotSupported,
                         "COPY FROM a server file is not supported; use COPY FROM STDIN");
  }
  ASSIGN_OR_RETURN(CopyFormat format, ParseOptions(copy));
  ASSIGN_OR_RETURN(TargetColumns target, ResolveTargetColumns(context, copy.table, copy.columns));
  ts::TableSchema& table = target.table;
  std::vector<int>& targets = target.columns;
  ASSIGN_OR_RETURN(std::vector<Value> defaults, EvaluateColumnDefaults(context, table));
  StatementResult result;
  result.command_tag = "COPY";
  result.copy_in =
      std::make_unique<TableCopySink>(TableCopySink::Options{.table = std::move(table),
                                                             .targets = std::move(targets),
                                                             .defaults = std::move(defaults),
                                                             .format = std::move(format),
                                                             .time_zone = context.eval.time_zone},
                                      context.writer);
  return result;
}

}  // namespace sundial::sql
