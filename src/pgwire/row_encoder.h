#pragma once

#include <cstddef>
#include <vector>

#include "common/column_vector.h"
#include "common/time_zone.h"
#include "pgwire/message_writer.h"
#include "sql/session.h"

namespace sundial::pgwire {

// RowDescription for a statement's result columns (text format, no source
// table: table OID and attnum 0 so drivers skip their nullability lookups).
std::vector<FieldDescription> DescribeColumns(const std::vector<sql::ResultColumn>& columns);

// Encodes rows as DataRow messages in text format. Values are formatted
// straight into the writer's buffer: no per-value allocation.
class RowEncoder {
 public:
  explicit RowEncoder(const TimeZone& zone) : zone_(zone) {}

  // Appends DataRows for rows [begin, end) of `chunk`.
  void Encode(const DataChunk& chunk, size_t begin, size_t end, MessageWriter& out) const;

 private:
  const TimeZone& zone_;
};

}  // namespace sundial::pgwire
