#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/value.h"
#include "exec/expression.h"
#include "sql/copy_binary_parser.h"
#include "sql/copy_parser.h"
#include "sql/session.h"
#include "sql/statement_context.h"
#include "ts/engine.h"
#include "ts/table_schema.h"

namespace sundial::sql {

// COPY t [(columns)] FROM STDIN: parses records straight into column vectors
// of the table's types (ParseTextInto, or ReadBinaryInto for binary COPY; no
// per-value boxing). Outside a
// transaction block every sealed chunk streams into an engine bulk load that
// commits at Finish (the engine writes ahead while parsing goes on); inside
// one the chunks are kept and handed to the writer at Finish. Either way the
// first bad record poisons the sink and nothing is stored. `writer` must
// outlive the sink.
class TableCopySink : public CopyInSink {
 public:
  struct Options {
    ts::TableSchema table;
    std::vector<int> targets;     // table column of each field, in field order
    std::vector<Value> defaults;  // per table column, for columns not in targets
    // Per table column: a DEFAULT evaluated for each row (nextval), or null
    // where `defaults` has the value.
    std::vector<exec::ExprPtr> per_row_defaults;
    // What the per-row defaults are evaluated in (the session's sequences).
    exec::EvalContext eval;
    CopyFormat format;
    bool binary = false;  // PostgreSQL's binary COPY format instead of `format`
    // Per field, CSV only: FORCE_NOT_NULL reads a NULL field as the null
    // string; FORCE_NULL reads a (quoted) field equal to it as NULL.
    std::vector<bool> force_not_null;
    std::vector<bool> force_null;
    TimeZone time_zone;
  };
  TableCopySink(Options options, RowWriter& writer);

  size_t column_count() const override { return options_.targets.size(); }
  bool binary() const override { return options_.binary; }
  Status Write(std::string_view data) override;
  Result<uint64_t> Finish() override;

 private:
  Status Drain(bool at_end);
  template <typename Parser>
  Status DrainRecords(Parser& parser, bool at_end);
  // Stores the parser's last record as a row of `current_`.
  template <typename Parser>
  Status AddRecord(const Parser& parser);
  // A binary field: the send format, except that text goes through
  // ParseTextInto for the varchar(n) check.
  Status ReadBinaryField(std::string_view bytes, int column, size_t row);
  Status Seal();
  Status Fail(Status status);
  std::string LineContext() const;

  Options options_;
  RowWriter& writer_;
  CopyParser parser_;
  BinaryCopyParser binary_parser_;
  // Per table column: input that needs no general ParseTextInto call (its
  // result is identical; the general path handles whatever the fast one
  // declines).
  enum class FastPath { kNone, kFloat64, kText };
  std::vector<DataType> types_;
  std::vector<FastPath> fast_paths_;
  std::vector<bool> listed_;    // per table column
  std::vector<bool> not_null_;  // per table column
  DataChunk current_;
  size_t current_rows_ = 0;
  std::unique_ptr<ts::BulkLoad> bulk_;  // set at the first sealed chunk when streaming
  bool buffering_ = false;              // set when chunks_ collects for writer_
  std::vector<DataChunk> chunks_;
  uint64_t rows_ = 0;
  Status status_;
  bool finished_ = false;
};

}  // namespace sundial::sql
