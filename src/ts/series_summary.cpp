#include "ts/series_summary.h"

#include <algorithm>
#include <cstring>

namespace sundial::ts {

namespace {

// Below this many values a summary is always kept: it costs a few blocks.
constexpr size_t kAlwaysKeptEntries = 4096;

std::string_view TextAt(const BlockValues& block, size_t row) {
  return static_cast<const std::string_view*>(block.values)[row];
}

bool NullAt(const BlockValues& block, size_t row) {
  return block.nulls != nullptr && block.nulls[row] != 0;
}

}  // namespace

SeriesSummaryBuilder::SeriesSummaryBuilder(std::vector<TypeId> column_types, int key_column,
                                           int time_column)
    : types_(std::move(column_types)),
      key_column_(key_column),
      time_column_(time_column),
      bytes_(types_.size()),
      nulls_(types_.size()),
      texts_(types_.size()) {}

SeriesSummaryBuilder::Rank SeriesSummaryBuilder::RankOf(const BlockValues& time, size_t row) const {
  if (NullAt(time, row)) return Rank{.null_time = true};
  if (PhysicalSize(time.type) == 4) {
    return Rank{.time = static_cast<const int32_t*>(time.values)[row]};
  }
  return Rank{.time = static_cast<const int64_t*>(time.values)[row]};
}

SeriesSummaryBuilder::Entry SeriesSummaryBuilder::NewEntry() {
  uint32_t slot = slots_++;
  for (size_t c = 0; c < types_.size(); ++c) {
    nulls_[c].push_back(0);
    if (HasStringHeap(types_[c])) {
      texts_[c].emplace_back();
    } else {
      bytes_[c].resize(bytes_[c].size() + PhysicalSize(types_[c]));
    }
  }
  return Entry{.slot = slot};
}

void SeriesSummaryBuilder::CopyRow(const std::vector<BlockValues>& blocks, size_t row,
                                   uint32_t slot) {
  for (size_t c = 0; c < types_.size(); ++c) {
    const BlockValues& block = blocks[c];
    nulls_[c][slot] = NullAt(block, row) ? 1 : 0;
    if (HasStringHeap(types_[c])) {
      texts_[c][slot].assign(TextAt(block, row));
      continue;
    }
    size_t width = PhysicalSize(types_[c]);
    std::memcpy(bytes_[c].data() + size_t{slot} * width,
                static_cast<const char*>(block.values) + row * width, width);
  }
}

void SeriesSummaryBuilder::Abandon() {
  abandoned_ = true;
  entries_ = {};
  null_entry_.reset();
  bytes_ = {};
  nulls_ = {};
  texts_ = {};
}

void SeriesSummaryBuilder::Add(const std::vector<BlockValues>& blocks, size_t rows) {
  if (abandoned_) return;
  rows_seen_ += rows;
  const BlockValues& keys = blocks[key_column_];
  const BlockValues& times = blocks[time_column_];
  // Rows come grouped by key, so the entry is looked up once per run and
  // the run's best row copied when the run ends.
  Entry* current = nullptr;
  bool current_null = false;
  std::string_view current_key;
  size_t best_row = SIZE_MAX;
  auto finish_run = [&] {
    if (current != nullptr && best_row != SIZE_MAX) CopyRow(blocks, best_row, current->slot);
    best_row = SIZE_MAX;
  };
  for (size_t row = 0; row < rows; ++row) {
    bool null_key = NullAt(keys, row);
    std::string_view key = null_key ? std::string_view() : TextAt(keys, row);
    bool fresh = false;
    if (current == nullptr || null_key != current_null || key != current_key) {
      finish_run();
      current_null = null_key;
      current_key = key;
      if (null_key) {
        if (!null_entry_) {
          null_entry_ = std::make_unique<Entry>(NewEntry());
          fresh = true;
        }
        current = null_entry_.get();
      } else {
        auto it = entries_.find(key);
        if (it == entries_.end()) {
          it = entries_.emplace(std::string(key), NewEntry()).first;
          fresh = true;
        }
        current = &it->second;
      }
    }
    Rank rank = RankOf(times, row);
    if (fresh || rank > current->rank) {
      current->rank = rank;
      best_row = row;
    }
  }
  finish_run();
  if (slots_ > kAlwaysKeptEntries && uint64_t{slots_} * 4 > rows_seen_) Abandon();
}

bool SeriesSummaryBuilder::worthwhile() const {
  return !abandoned_ && slots_ > 0 &&
         (slots_ <= kAlwaysKeptEntries || uint64_t{slots_} * 4 <= rows_seen_);
}

SeriesSummaryBuilder::Columns SeriesSummaryBuilder::Take() const {
  std::vector<std::pair<std::string_view, uint32_t>> order;
  order.reserve(entries_.size());
  for (const auto& [key, entry] : entries_)
    order.emplace_back(key, entry.slot);
  std::sort(order.begin(), order.end());
  if (null_entry_) order.emplace_back(std::string_view(), null_entry_->slot);

  Columns out;
  out.rows = order.size();
  for (size_t c = 0; c < types_.size(); ++c) {
    size_t width = PhysicalSize(types_[c]);
    auto& values = out.values.emplace_back(std::make_unique<char[]>(out.rows * width));
    auto& nulls = out.nulls.emplace_back(std::make_unique<uint8_t[]>(out.rows));
    size_t null_count = 0;
    for (size_t i = 0; i < out.rows; ++i) {
      uint32_t slot = order[i].second;
      nulls[i] = nulls_[c][slot];
      null_count += nulls[i];
      if (HasStringHeap(types_[c])) {
        auto* views = reinterpret_cast<std::string_view*>(values.get());
        views[i] = nulls[i] ? std::string_view() : std::string_view(texts_[c][slot]);
      } else {
        std::memcpy(values.get() + i * width, bytes_[c].data() + size_t{slot} * width, width);
      }
    }
    out.blocks.push_back(BlockValues{.type = types_[c],
                                     .values = values.get(),
                                     .nulls = null_count > 0 ? nulls.get() : nullptr,
                                     .count = out.rows,
                                     .null_count = null_count});
  }
  return out;
}

}  // namespace sundial::ts
