#include "sql/copy_in_sink.h"

#include <type_traits>

#include "common/value_binary.h"
#include "common/value_text.h"
#include "sql/table_rows.h"

namespace sundial::sql {

TableCopySink::TableCopySink(Options options, RowWriter& writer)
    : options_(std::move(options)),
      writer_(writer),
      parser_(options_.format),
      binary_parser_(options_.targets.size()) {
  const ts::TableSchema& table = options_.table;
  listed_.assign(table.columns.size(), false);
  for (int column : options_.targets)
    listed_[column] = true;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    DataType type = table.columns[c].type;
    types_.push_back(type);
    fast_paths_.push_back(type.id == TypeId::kFloat64 ? FastPath::kFloat64
                          : type.id == TypeId::kText ||
                                  (type.id == TypeId::kVarchar && type.max_length < 0)
                              ? FastPath::kText
                              : FastPath::kNone);
    not_null_.push_back(IsNotNullColumn(table, static_cast<int>(c)));
  }
}

Status TableCopySink::Fail(Status status) {
  status_ = status;
  writer_.StatementFailed();
  return status;
}

std::string TableCopySink::LineContext() const {
  const uint64_t line = options_.binary ? binary_parser_.line_number() : parser_.line_number();
  return "COPY " + options_.table.name + ", line " + std::to_string(line);
}

Status TableCopySink::Write(std::string_view data) {
  if (!status_.ok()) return status_;
  if (options_.binary) {
    binary_parser_.Feed(data);
  } else {
    parser_.Feed(data);
  }
  return Drain(false);
}

Status TableCopySink::Drain(bool at_end) {
  return options_.binary ? DrainRecords(binary_parser_, at_end) : DrainRecords(parser_, at_end);
}

template <typename Parser>
Status TableCopySink::DrainRecords(Parser& parser, bool at_end) {
  while (true) {
    auto outcome = parser.Next(at_end);
    if (!outcome.ok()) {
      return Fail(outcome.status().WithContext(LineContext()));
    }
    if (*outcome != Parser::Outcome::kRecord) return Status::Ok();
    Status added = AddRecord(parser);
    if (!added.ok()) return Fail(added);
  }
}

Status TableCopySink::ReadBinaryField(std::string_view bytes, int column, size_t row) {
  ColumnVector& vector = current_.columns[column];
  const DataType type = types_[column];
  if (IsString(type.id)) return ParseTextInto(bytes, type, options_.time_zone, vector, row);
  return ReadBinaryInto(bytes, type, vector, row);
}

template <typename Parser>
Status TableCopySink::AddRecord(const Parser& parser) {
  constexpr bool kBinary = std::is_same_v<Parser, BinaryCopyParser>;
  const std::vector<int>& targets = options_.targets;
  const ts::TableSchema& table = options_.table;
  // Text records are quoted in error contexts as PostgreSQL does; binary
  // ones have no text to quote.
  auto record_context = [&] {
    if constexpr (kBinary) {
      return LineContext();
    } else {
      return LineContext() + ": \"" + std::string(parser.line()) + "\"";
    }
  };
  size_t fields = parser.field_count();
  if (fields != targets.size()) {
    std::string context = record_context();
    if (fields < targets.size()) {
      return Status::Error(
                 ErrorCode::kBadCopyFileFormat,
                 "missing data for column \"" + table.columns[targets[fields]].name + "\"")
          .WithContext(context);
    }
    return Status::Error(ErrorCode::kBadCopyFileFormat, "extra data after last expected column")
        .WithContext(context);
  }
  if (current_rows_ == 0) current_ = DataChunk::Make(types_);
  size_t row = current_rows_;
  for (size_t i = 0; i < fields; ++i) {
    int column = targets[i];
    ColumnVector& vector = current_.columns[column];
    std::string_view text = parser.field(i);
    bool is_null = parser.is_null(i);
    if constexpr (!kBinary) {
      if (is_null && !options_.force_not_null.empty() && options_.force_not_null[i]) {
        is_null = false;
        text = options_.format.null_string;
      } else if (!is_null && !options_.force_null.empty() && options_.force_null[i] &&
                 text == options_.format.null_string) {
        is_null = true;
      }
    }
    if (is_null) {
      if (not_null_[column]) {
        return Status::Error(ErrorCode::kNotNullViolation, "null value in column \"" +
                                                               table.columns[column].name +
                                                               "\" of relation \"" + table.name +
                                                               "\" violates not-null constraint")
            .WithContext(record_context());
      }
      vector.SetNull(row, true);
      continue;
    }
    if constexpr (kBinary) {
      Status read = ReadBinaryField(text, column, row);
      if (!read.ok()) {
        return read.WithContext(LineContext() + ", column " + table.columns[column].name);
      }
      continue;
    }
    switch (fast_paths_[column]) {
      case FastPath::kFloat64:
        if (ParseShortDecimal(text, vector.data<double>()[row])) continue;
        break;
      case FastPath::kText:
        vector.data<std::string_view>()[row] = vector.AddString(text);
        continue;
      case FastPath::kNone:
        break;
    }
    Status parsed = ParseTextInto(text, types_[column], options_.time_zone, vector, row);
    if (!parsed.ok()) {
      return parsed.WithContext(LineContext() + ", column " + table.columns[column].name + ": \"" +
                                std::string(text) + "\"");
    }
  }
  ++rows_;
  if (++current_rows_ == kBatchCapacity) return Seal();
  return Status::Ok();
}

Status TableCopySink::Seal() {
  if (current_rows_ == 0) return Status::Ok();
  const ts::TableSchema& table = options_.table;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (listed_[c]) continue;
    if (const exec::ExprPtr& per_row = options_.per_row_defaults[c]) {
      DataChunk rows;
      rows.row_count_without_columns = current_rows_;
      ColumnVector values;
      RETURN_IF_ERROR(exec::Evaluate(*per_row, rows, options_.eval, values));
      for (size_t r = 0; r < current_rows_; ++r)
        Value::FromVector(values, r).WriteTo(current_.columns[c], r);
      continue;
    }
    const Value& value = options_.defaults[c];
    if (value.is_null() && not_null_[c]) {
      return Status::Error(ErrorCode::kNotNullViolation,
                           "null value in column \"" + table.columns[c].name + "\" of relation \"" +
                               table.name + "\" violates not-null constraint");
    }
    for (size_t r = 0; r < current_rows_; ++r)
      value.WriteTo(current_.columns[c], r);
  }
  current_.SetSize(current_rows_);
  current_rows_ = 0;
  if (bulk_ == nullptr && !buffering_) {
    ts::Engine* engine = writer_.DirectEngine();
    if (engine == nullptr) {
      buffering_ = true;
    } else {
      ASSIGN_OR_RETURN(bulk_, engine->BeginBulkLoad(table.table_id));
    }
  }
  std::vector<DataChunk> sealed;
  sealed.push_back(std::move(current_));
  current_ = DataChunk();
  if (bulk_ != nullptr) return bulk_->Add(std::move(sealed));
  chunks_.push_back(std::move(sealed.front()));
  return Status::Ok();
}

Result<uint64_t> TableCopySink::Finish() {
  if (!status_.ok()) return status_;
  if (finished_) {
    return Status::Error(ErrorCode::kProtocolViolation, "COPY data was already finished");
  }
  finished_ = true;
  RETURN_IF_ERROR(Drain(true));
  Status sealed = Seal();
  if (!sealed.ok()) return Fail(sealed);
  if (bulk_ != nullptr) {
    Status committed = bulk_->Commit();
    if (!committed.ok()) return Fail(committed);
  } else if (!chunks_.empty()) {
    Status written = writer_.Write(options_.table.table_id, std::move(chunks_));
    if (!written.ok()) return Fail(written);
  }
  return rows_;
}

}  // namespace sundial::sql
