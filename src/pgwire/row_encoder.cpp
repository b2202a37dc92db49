#include "pgwire/row_encoder.h"

#include "common/value_text.h"
#include "pgwire/pg_types.h"

namespace sundial::pgwire {

std::vector<FieldDescription> DescribeColumns(const std::vector<sql::ResultColumn>& columns) {
  std::vector<FieldDescription> fields;
  fields.reserve(columns.size());
  for (const sql::ResultColumn& column : columns) {
    PgTypeInfo info = PgTypeOf(column.type);
    fields.push_back(FieldDescription{.name = column.name,
                                      .type_oid = info.oid,
                                      .type_length = info.length,
                                      .type_modifier = info.modifier});
  }
  return fields;
}

void RowEncoder::Encode(const DataChunk& chunk, size_t begin, size_t end,
                        MessageWriter& out) const {
  const auto column_count = static_cast<int16_t>(chunk.columns.size());
  for (size_t row = begin; row < end; ++row) {
    out.BeginDataRow(column_count);
    for (const ColumnVector& column : chunk.columns) {
      if (column.IsNull(row)) {
        out.NullValue();
        continue;
      }
      out.BeginValue();
      FormatText(column, row, zone_, out.value_buffer());
      out.EndValue();
    }
    out.EndDataRow();
  }
}

}  // namespace sundial::pgwire
