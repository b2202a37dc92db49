#include "sql/copy_out.h"

#include "common/value_binary.h"
#include "common/value_text.h"
#include "sql/copy_binary_parser.h"

namespace sundial::sql {
namespace {

// The letter of a control character's backslash escape in text COPY, or 0.
char ControlEscape(char c) {
  switch (c) {
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    case '\v':
      return 'v';
    default:
      return 0;
  }
}

}  // namespace

QueryCopySource::QueryCopySource(std::unique_ptr<RowSource> rows, Options options)
    : source_(std::move(rows)), options_(std::move(options)) {}

Result<bool> QueryCopySource::Next(std::string& out) {
  if (finished_) return false;
  const CopyFormat& format = options_.copy.format;
  if (header_pending_) {
    header_pending_ = false;
    if (options_.copy.binary) {
      // Flags and header extension length: both 0.
      out.append(kBinaryCopySignature);
      AppendBigEndian<int32_t>(0, out);
      AppendBigEndian<int32_t>(0, out);
    } else if (format.header) {
      const std::vector<std::string>& names = options_.column_names;
      for (size_t c = 0; c < names.size(); ++c) {
        if (c > 0) out.push_back(format.delimiter);
        if (format.csv) {
          AppendCsv(names[c], false, out);
        } else {
          AppendText(names[c], out);
        }
      }
      out.push_back('\n');
      return true;
    }
  }
  while (chunk_row_ >= chunk_.size() && !source_done_) {
    chunk_ = DataChunk{};
    chunk_row_ = 0;
    ASSIGN_OR_RETURN(bool more, source_->Next(chunk_));
    // Rows delivered together with the end signal still count.
    source_done_ = !more;
  }
  if (chunk_row_ < chunk_.size()) {
    AppendRow(out);
    ++chunk_row_;
    ++rows_;
    return true;
  }
  finished_ = true;
  if (!options_.copy.binary) return false;
  AppendBigEndian<int16_t>(-1, out);
  return true;
}

void QueryCopySource::AppendRow(std::string& out) {
  const CopyFormat& format = options_.copy.format;
  const size_t row = chunk_row_;
  if (options_.copy.binary) {
    AppendBigEndian(static_cast<int16_t>(chunk_.columns.size()), out);
    for (const ColumnVector& column : chunk_.columns) {
      if (column.IsNull(row)) {
        AppendBigEndian<int32_t>(-1, out);
        continue;
      }
      // The length goes before the value: encode, then insert it.
      value_.clear();
      AppendBinary(column, row, value_);
      AppendBigEndian(static_cast<int32_t>(value_.size()), out);
      out.append(value_);
    }
    return;
  }
  for (size_t c = 0; c < chunk_.columns.size(); ++c) {
    if (c > 0) out.push_back(format.delimiter);
    const ColumnVector& column = chunk_.columns[c];
    if (column.IsNull(row)) {
      out.append(format.null_string);
      continue;
    }
    value_.clear();
    FormatText(column, row, options_.time_zone, value_);
    if (format.csv) {
      AppendCsv(value_, options_.force_quote[c], out);
    } else {
      AppendText(value_, out);
    }
  }
  out.push_back('\n');
}

void QueryCopySource::AppendText(std::string_view value, std::string& out) const {
  const char delimiter = options_.copy.format.delimiter;
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    char escaped;
    if (static_cast<unsigned char>(c) < 0x20) {
      escaped = ControlEscape(c);
      // Other control characters go out as they are, unless they delimit.
      if (escaped == 0) {
        if (c != delimiter) continue;
        escaped = c;
      }
    } else if (c == '\\' || c == delimiter) {
      escaped = c;
    } else {
      continue;
    }
    out.append(value.substr(start, i - start));
    out.push_back('\\');
    out.push_back(escaped);
    start = i + 1;
  }
  out.append(value.substr(start));
}

void QueryCopySource::AppendCsv(std::string_view value, bool force_quote, std::string& out) const {
  const CopyFormat& format = options_.copy.format;
  bool quote =
      force_quote || value == format.null_string || (column_count() == 1 && value == "\\.");
  for (size_t i = 0; !quote && i < value.size(); ++i) {
    const char c = value[i];
    quote = c == format.delimiter || c == format.quote || c == '\n' || c == '\r';
  }
  if (!quote) {
    out.append(value);
    return;
  }
  out.push_back(format.quote);
  for (const char c : value) {
    if (c == format.quote || c == format.escape) out.push_back(format.escape);
    out.push_back(c);
  }
  out.push_back(format.quote);
}

}  // namespace sundial::sql
