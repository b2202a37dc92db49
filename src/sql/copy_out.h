#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "sql/copy_options.h"
#include "sql/session.h"

namespace sundial::sql {

// COPY ... TO STDOUT over a query's rows, pulled batch by batch. Values are
// written as PostgreSQL's COPY TO writes them:
// - text: each value's output text with backslash, the delimiter and the
//   control characters \b \f \n \r \t \v escaped; NULL is the null string.
// - csv: a value is quoted when it contains the delimiter, the quote, CR or
//   LF, equals the null string, is a lone `\.` in a one-column copy, or its
//   column is in FORCE_QUOTE; inside quotes the quote and escape characters
//   are preceded by the escape character. NULL is the unquoted null string.
// - binary: the file header, then per row an int16 field count and per field
//   an int32 length (-1: NULL) and the send format; an int16 -1 trailer.
// A HEADER line holds the column names, formatted like values.
class QueryCopySource : public CopyOutSource {
 public:
  struct Options {
    CopyOptions copy;
    std::vector<std::string> column_names;
    std::vector<bool> force_quote;  // per column (CSV)
    TimeZone time_zone;
  };
  QueryCopySource(std::unique_ptr<RowSource> rows, Options options);

  size_t column_count() const override { return options_.column_names.size(); }
  bool binary() const override { return options_.copy.binary; }
  Result<bool> Next(std::string& out) override;
  uint64_t rows() const override { return rows_; }

 private:
  void AppendRow(std::string& out);
  void AppendText(std::string_view value, std::string& out) const;
  void AppendCsv(std::string_view value, bool force_quote, std::string& out) const;

  std::unique_ptr<RowSource> source_;
  Options options_;
  DataChunk chunk_;
  size_t chunk_row_ = 0;
  bool header_pending_ = true;
  bool source_done_ = false;
  bool finished_ = false;
  uint64_t rows_ = 0;
  std::string value_;  // one value's output text, reused
};

}  // namespace sundial::sql
