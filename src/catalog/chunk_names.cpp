#include "catalog/chunk_names.h"

#include <charconv>

#include "common/datetime.h"
#include "common/quote_ident.h"

namespace sundial::catalog {
namespace {

// Reads a whole decimal integer; false on anything else.
template <typename Int>
bool ParseWhole(std::string_view text, Int& out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string ChunkTableName(const ts::TableSchema& table, int64_t partition_start) {
  const int64_t index = FloorDiv(partition_start, table.partition_interval_micros);
  return "_hyper_" + std::to_string(table.table_id) + "_" + std::to_string(index) + "_chunk";
}

std::string ChunkRegclassName(const ts::TableSchema& table, int64_t partition_start) {
  return std::string(kChunkSchema) + "." + QuoteIdent(ChunkTableName(table, partition_start));
}

std::optional<ChunkId> ParseChunkName(std::string_view name) {
  const std::string prefix = std::string(kChunkSchema) + ".";
  if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  constexpr std::string_view kHead = "_hyper_";
  constexpr std::string_view kTail = "_chunk";
  if (!name.starts_with(kHead) || !name.ends_with(kTail)) return std::nullopt;
  name = name.substr(kHead.size(), name.size() - kHead.size() - kTail.size());
  const size_t separator = name.find('_');
  if (separator == std::string_view::npos) return std::nullopt;
  ChunkId id;
  if (!ParseWhole(name.substr(0, separator), id.table_id) ||
      !ParseWhole(name.substr(separator + 1), id.index)) {
    return std::nullopt;
  }
  return id;
}

}  // namespace sundial::catalog
