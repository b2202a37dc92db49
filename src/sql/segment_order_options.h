#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ts/table_schema.h"

// TimescaleDB's options that choose how a hypertable's rows are grouped and
// sorted (compress_segmentby, compress_orderby and their 2.18+ names
// segmentby / orderby), read from CREATE TABLE ... WITH (...) and ALTER
// TABLE ... SET / RESET (...). Sundial applies them to the order of rows in
// its segments; every segment is compressed, so compress may only be true.

namespace sundial::sql {

// Whether `key` is TimescaleDB's option `name` under either of its prefixes
// (timescaledb.name or tsdb.name).
bool IsTimescaleOption(const std::string& key, std::string_view name);

struct OrderByItem {
  std::string column;
  bool descending = false;
};

// The column names of a segmentby list: identifiers (quoted ones keep their
// case) separated by commas; blank means none. 42601 otherwise.
Result<std::vector<std::string>> ParseSegmentBy(std::string_view text, const std::string& option);

// An orderby list: column [ASC | DESC] [NULLS FIRST | NULLS LAST], ...;
// blank means none. 42601 when it is not such a list; 0A000 for a NULLS
// placement other than the direction's default (FIRST for DESC, LAST for
// ASC), which is the only one segments keep.
Result<std::vector<OrderByItem>> ParseOrderBy(std::string_view text, const std::string& option);

// The segment order options of one statement, by column name.
struct SegmentOrderOptions {
  bool sets_segment_by = false;
  std::optional<std::vector<std::string>> segment_by;  // nullopt: back to chosen per segment
  bool sets_order_by = false;
  std::vector<OrderByItem> order_by;
  // The option names as written, for messages about unknown columns.
  std::string segment_by_option;
  std::string order_by_option;

  bool empty() const { return !sets_segment_by && !sets_order_by; }

  // Takes `key` = `value` if `key` is compress, segmentby or orderby under
  // any of TimescaleDB's names and prefixes; false for any other key.
  // compress = false answers 0A000.
  Result<bool> Take(const std::string& key, const std::string& value);
  // Takes RESET (key): segmentby back to unset, orderby to none; false for
  // other keys. Resetting compress answers 0A000.
  Result<bool> TakeReset(const std::string& key);
  // The schema change for `table`, names resolved to column ids (42703 for
  // a name the table lacks).
  Result<ts::SchemaChange> Change(const ts::TableSchema& table) const;
};

}  // namespace sundial::sql
