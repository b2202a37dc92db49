#include "sql/copy_options.h"

#include <cctype>
#include <optional>
#include <set>

// The checks and messages follow PostgreSQL 15's ProcessCopyOptions, in its
// order, so the first error reported is the one PostgreSQL reports.

namespace sundial::sql {
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status Syntax(const std::string& message) {
  return Status::Error(ErrorCode::kSyntaxError, message);
}
Status Invalid(const std::string& message) {
  return Status::Error(ErrorCode::kInvalidParameterValue, message);
}
Status Unsupported(const std::string& message) {
  return Status::Error(ErrorCode::kFeatureNotSupported, message);
}

// HEADER: a Boolean, or "match" (which only COPY FROM can use).
Result<bool> HeaderChoice(const std::string& value, bool is_from) {
  const std::string v = Lower(value);
  if (v == "true" || v == "on" || v == "1") return true;
  if (v == "false" || v == "off" || v == "0") return false;
  if (v == "match") {
    if (!is_from) return Unsupported("cannot use \"" + value + "\" with HEADER in COPY TO");
    return true;
  }
  return Syntax("header requires a Boolean value or \"match\"");
}

std::vector<std::string> SplitColumns(const std::string& list) {
  std::vector<std::string> columns;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    columns.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return columns;
}

}  // namespace

Result<CopyOptions> ParseCopyOptions(const ast::CopyStmt& copy, bool is_from) {
  CopyOptions options;
  bool csv = false;
  std::optional<std::string> delimiter, quote, escape, null_string;
  bool force_quote = false, force_not_null = false, force_null = false;
  std::set<std::string> seen;
  for (const auto& [raw_key, value] : copy.options) {
    const std::string key = Lower(raw_key);
    // The legacy CSV and BINARY keywords arrive as a format option.
    if (!seen.insert(key).second) return Syntax("conflicting or redundant options");
    if (key == "format") {
      const std::string f = Lower(value);
      if (f == "csv") {
        csv = true;
      } else if (f == "binary") {
        options.binary = true;
      } else if (f != "text") {
        return Invalid("COPY format \"" + value + "\" not recognized");
      }
    } else if (key == "delimiter") {
      delimiter = value;
    } else if (key == "null") {
      null_string = value;
    } else if (key == "header") {
      ASSIGN_OR_RETURN(options.format.header, HeaderChoice(value, is_from));
    } else if (key == "quote") {
      quote = value;
    } else if (key == "escape") {
      escape = value;
    } else if (key == "force_quote") {
      force_quote = true;
      if (value == "*") {
        options.force_quote_all = true;
      } else {
        options.force_quote = SplitColumns(value);
      }
    } else if (key == "force_not_null" || key == "force_null") {
      if (value == "*") {
        return Invalid("argument to option \"" + key + "\" must be a list of column names");
      }
      (key == "force_null" ? force_null : force_not_null) = true;
      (key == "force_null" ? options.force_null : options.force_not_null) = SplitColumns(value);
    } else if (key == "encoding") {
      const std::string v = Lower(value);
      if (v != "utf8" && v != "utf-8" && v != "unicode") {
        return Unsupported("COPY ENCODING \"" + value + "\" is not supported");
      }
    } else {
      return Syntax("option \"" + key + "\" not recognized");
    }
  }
  if (options.binary && delimiter) return Syntax("cannot specify DELIMITER in BINARY mode");
  if (options.binary && null_string) return Syntax("cannot specify NULL in BINARY mode");

  CopyFormat& format = options.format;
  format.csv = csv;
  if (csv) {
    format.delimiter = ',';
    format.null_string = "";
  }
  if (null_string) format.null_string = *null_string;
  if (delimiter) {
    if (delimiter->size() != 1) {
      return Unsupported("COPY delimiter must be a single one-byte character");
    }
    format.delimiter = (*delimiter)[0];
  }
  if (format.delimiter == '\n' || format.delimiter == '\r') {
    return Invalid("COPY delimiter cannot be newline or carriage return");
  }
  if (format.null_string.find_first_of("\r\n") != std::string::npos) {
    return Invalid("COPY null representation cannot use newline or carriage return");
  }
  if (!csv && !options.binary &&
      std::string_view("\\.abcdefghijklmnopqrstuvwxyz0123456789").find(format.delimiter) !=
          std::string_view::npos) {
    return Invalid("COPY delimiter cannot be \"" + std::string(1, format.delimiter) + "\"");
  }
  if (options.binary && format.header) return Unsupported("cannot specify HEADER in BINARY mode");
  if (!csv && quote) return Unsupported("COPY quote available only in CSV mode");
  if (quote) {
    if (quote->size() != 1) return Unsupported("COPY quote must be a single one-byte character");
    format.quote = (*quote)[0];
  }
  if (csv && format.delimiter == format.quote) {
    return Invalid("COPY delimiter and quote must be different");
  }
  if (!csv && escape) return Unsupported("COPY escape available only in CSV mode");
  if (escape && escape->size() != 1) {
    return Unsupported("COPY escape must be a single one-byte character");
  }
  format.escape = escape ? (*escape)[0] : format.quote;
  if (!csv && force_quote) return Unsupported("COPY force quote available only in CSV mode");
  if (force_quote && is_from) return Unsupported("COPY force quote only available using COPY TO");
  if (!csv && force_not_null) {
    return Unsupported("COPY force not null available only in CSV mode");
  }
  if (force_not_null && !is_from) {
    return Unsupported("COPY force not null only available using COPY FROM");
  }
  if (!csv && force_null) return Unsupported("COPY force null available only in CSV mode");
  if (force_null && !is_from) return Unsupported("COPY force null only available using COPY FROM");
  if (!options.binary && format.null_string.find(format.delimiter) != std::string::npos) {
    return Unsupported("COPY delimiter must not appear in the NULL specification");
  }
  if (csv && format.null_string.find(format.quote) != std::string::npos) {
    return Unsupported("CSV quote character must not appear in the NULL specification");
  }
  return options;
}

}  // namespace sundial::sql
