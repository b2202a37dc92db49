#include "pgwire/row_encoder.h"

#include "common/value_binary.h"
#include "common/value_text.h"
#include "pgwire/pg_types.h"
#include "pgwire/type_codec.h"

namespace sundial::pgwire {

std::vector<FieldDescription> DescribeColumns(const std::vector<sql::ResultColumn>& columns,
                                              const std::vector<int16_t>& formats) {
  std::vector<FieldDescription> fields;
  fields.reserve(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    PgTypeInfo info = PgTypeOf(columns[i].type);
    fields.push_back(FieldDescription{.name = columns[i].name,
                                      .type_oid = info.oid,
                                      .type_length = info.length,
                                      .type_modifier = info.modifier,
                                      .format = formats.empty() ? kTextFormat : formats[i]});
  }
  return fields;
}

void RowEncoder::Encode(const DataChunk& chunk, size_t begin, size_t end,
                        MessageWriter& out) const {
  const auto column_count = static_cast<int16_t>(chunk.columns.size());
  for (size_t row = begin; row < end; ++row) {
    out.BeginDataRow(column_count);
    for (size_t c = 0; c < chunk.columns.size(); ++c) {
      const ColumnVector& column = chunk.columns[c];
      if (column.IsNull(row)) {
        out.NullValue();
        continue;
      }
      out.BeginValue();
      if (!formats_.empty() && formats_[c] == kBinaryFormat) {
        AppendBinary(column, row, out.value_buffer());
      } else {
        FormatText(column, row, zone_, out.value_buffer());
      }
      out.EndValue();
    }
    out.EndDataRow();
  }
}

}  // namespace sundial::pgwire
