#include "ts/memtable.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace sundial::ts {

MemBlock::MemBlock(const std::vector<DataType>& types) {
  values.reserve(types.size());
  nulls.reserve(types.size());
  for (const DataType& type : types) {
    values.emplace_back(type, kMemBlockRows);
    nulls.push_back(std::make_unique<uint8_t[]>(kMemBlockRows));
  }
}

MemBlock::MemBlock(const DataChunk& chunk) : values(chunk.columns) {
  size_t rows = chunk.size();
  nulls.reserve(values.size());
  for (const ColumnVector& column : values) {
    // Zeroed: every row valid unless the bitmap says otherwise.
    auto bytes = std::make_unique<uint8_t[]>(std::max<size_t>(1, rows));
    if (column.MayHaveNulls()) {
      for (size_t r = 0; r < rows; ++r)
        bytes[r] = column.IsNull(r) ? 1 : 0;
    }
    nulls.push_back(std::move(bytes));
  }
}

std::shared_ptr<MemTable::TableBuffer> MemTable::Find(uint32_t table_id) const {
  std::lock_guard lock(mu_);
  auto it = tables_.find(table_id);
  return it == tables_.end() ? nullptr : it->second;
}

void MemTable::Insert(const std::vector<MemTableRows>& tables) {
  std::vector<size_t> order(tables.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return tables[a].table_id < tables[b].table_id; });
  std::vector<std::shared_ptr<TableBuffer>> buffers(tables.size());
  {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < tables.size(); ++i) {
      auto& slot = tables_[tables[i].table_id];
      if (!slot) slot = std::make_shared<TableBuffer>();
      buffers[i] = slot;
    }
  }
  // In table id order, each table once: concurrent inserts never deadlock,
  // and readers hold one table's lock at a time.
  std::vector<std::unique_lock<std::mutex>> locks;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k > 0 && tables[order[k - 1]].table_id == tables[order[k]].table_id) continue;
    locks.emplace_back(buffers[order[k]]->mu);
  }
  size_t added_bytes = 0;
  for (size_t i : order)
    added_bytes += AppendLocked(*buffers[i], tables[i].types, tables[i].chunks);
  bytes_.fetch_add(added_bytes, std::memory_order_relaxed);
}

size_t MemTable::AppendLocked(TableBuffer& table, const std::vector<DataType>& types,
                              std::span<const DataChunk> chunks) {
  size_t added_bytes = 0;
  for (const DataChunk& chunk : chunks) {
    size_t rows = chunk.size();
    size_t done = 0;
    while (done < rows) {
      if (table.blocks.empty() || table.last_rows == kMemBlockRows) {
        table.blocks.push_back(std::make_shared<MemBlock>(types));
        table.last_rows = 0;
      }
      MemBlock& block = *table.blocks.back();
      size_t at = table.last_rows;
      size_t n = std::min(rows - done, kMemBlockRows - at);
      for (size_t c = 0; c < types.size(); ++c) {
        const ColumnVector& source = chunk.columns[c];
        ColumnVector& dest = block.values[c];
        uint8_t* nulls = block.nulls[c].get() + at;
        if (source.MayHaveNulls()) {
          for (size_t r = 0; r < n; ++r)
            nulls[r] = source.IsNull(done + r) ? 1 : 0;
        }
        if (HasStringHeap(types[c].id)) {
          const std::string_view* in = source.data<std::string_view>() + done;
          std::string_view* out = dest.data<std::string_view>() + at;
          for (size_t r = 0; r < n; ++r) {
            out[r] = nulls[r] ? std::string_view() : dest.AddString(in[r]);
            added_bytes += out[r].size();
          }
        } else {
          size_t width = PhysicalSize(types[c].id);
          std::memcpy(dest.data<char>() + at * width, source.data<char>() + done * width,
                      n * width);
        }
        added_bytes += n * (PhysicalSize(types[c].id) + 1);
      }
      table.last_rows += n;
      table.rows += n;
      done += n;
    }
  }
  return added_bytes;
}

std::vector<MemRun> MemTable::Snapshot(uint32_t table_id) const {
  std::vector<MemRun> runs;
  std::shared_ptr<TableBuffer> table = Find(table_id);
  if (!table) return runs;
  std::lock_guard lock(table->mu);
  runs.reserve(table->blocks.size());
  for (size_t i = 0; i < table->blocks.size(); ++i) {
    size_t rows = i + 1 == table->blocks.size() ? table->last_rows : kMemBlockRows;
    runs.push_back(MemRun{.block = table->blocks[i], .rows = rows});
  }
  return runs;
}

std::vector<uint32_t> MemTable::TableIds() const {
  std::lock_guard lock(mu_);
  std::vector<uint32_t> ids;
  for (const auto& [id, table] : tables_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

uint64_t MemTable::RowCount(uint32_t table_id) const {
  std::shared_ptr<TableBuffer> table = Find(table_id);
  if (!table) return 0;
  std::lock_guard lock(table->mu);
  return table->rows;
}

}  // namespace sundial::ts
