#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/column_vector.h"
#include "common/time_zone.h"
#include "pgwire/message_writer.h"
#include "sql/session.h"

namespace sundial::pgwire {

// RowDescription for a statement's result columns (no source table: table
// OID and attnum 0 so drivers skip their nullability lookups). `formats`
// holds each column's format code; empty: all text.
std::vector<FieldDescription> DescribeColumns(const std::vector<sql::ResultColumn>& columns,
                                              const std::vector<int16_t>& formats = {});

// Encodes rows as DataRow messages, each column in its format (text unless
// `formats`, one code per column, says binary). Values are formatted straight
// into the writer's buffer: no per-value allocation.
class RowEncoder {
 public:
  explicit RowEncoder(const TimeZone& zone, std::vector<int16_t> formats = {})
      : zone_(zone), formats_(std::move(formats)) {}

  // Appends DataRows for rows [begin, end) of `chunk`.
  void Encode(const DataChunk& chunk, size_t begin, size_t end, MessageWriter& out) const;

 private:
  const TimeZone& zone_;
  std::vector<int16_t> formats_;
};

}  // namespace sundial::pgwire
