#include "ts/segment_order.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace sundial::ts {

namespace {

// Rows sampled to rank the text columns that may become the segment-by key.
constexpr size_t kSampleRows = 1024;
// Candidates whose distinct values are counted over every row.
constexpr size_t kCandidatesCounted = 3;

bool IsNullAt(const std::vector<MemRun>& runs, int column, uint64_t row) {
  return runs[RunOfRow(row)].block->nulls[column][OffsetOfRow(row)] != 0;
}

std::string_view TextAt(const std::vector<MemRun>& runs, int column, uint64_t row) {
  return runs[RunOfRow(row)].block->values[column].data<std::string_view>()[OffsetOfRow(row)];
}

// Dense codes of one text column's values over rows[0, n) in first-seen
// order; NULL rows get `kNullCode`.
struct TextCodes {
  static constexpr uint32_t kNullCode = UINT32_MAX;
  std::vector<uint32_t> codes;
  std::vector<std::string_view> values;  // by code
  bool has_null = false;

  size_t distinct() const { return values.size() + (has_null ? 1 : 0); }
};

TextCodes EncodeText(const std::vector<MemRun>& runs, int column, const uint64_t* rows, size_t n) {
  TextCodes out;
  out.codes.resize(n);
  std::unordered_map<std::string_view, uint32_t> code_of;
  for (size_t i = 0; i < n; ++i) {
    if (IsNullAt(runs, column, rows[i])) {
      out.codes[i] = TextCodes::kNullCode;
      out.has_null = true;
      continue;
    }
    auto [it, added] = code_of.try_emplace(TextAt(runs, column, rows[i]),
                                           static_cast<uint32_t>(out.values.size()));
    if (added) out.values.push_back(it->first);
    out.codes[i] = it->second;
  }
  return out;
}

// Stable counting sort of rows[0, n) by bucket[i] (< buckets).
void SortByBucket(uint64_t* rows, size_t n, const std::vector<uint32_t>& bucket, size_t buckets) {
  std::vector<size_t> start(buckets + 1, 0);
  for (size_t i = 0; i < n; ++i)
    ++start[bucket[i] + 1];
  for (size_t b = 0; b < buckets; ++b)
    start[b + 1] += start[b];
  std::vector<uint64_t> sorted(n);
  for (size_t i = 0; i < n; ++i)
    sorted[start[bucket[i]]++] = rows[i];
  std::memcpy(rows, sorted.data(), n * sizeof(uint64_t));
}

// Text sorts by its bytes: any total order groups equal values, and byte
// order does not depend on a collation.
void SortByText(uint64_t* rows, size_t n, const TextCodes& text, bool descending) {
  size_t d = text.values.size();
  std::vector<uint32_t> by_rank(d);
  for (uint32_t c = 0; c < d; ++c)
    by_rank[c] = c;
  std::sort(by_rank.begin(), by_rank.end(),
            [&](uint32_t a, uint32_t b) { return text.values[a] < text.values[b]; });
  std::vector<uint32_t> rank_of_code(d);
  for (uint32_t r = 0; r < d; ++r)
    rank_of_code[by_rank[r]] = r;
  // Ascending puts NULLs last and descending first, as PostgreSQL's defaults do.
  std::vector<uint32_t> bucket(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t code = text.codes[i];
    if (code == TextCodes::kNullCode) {
      bucket[i] = descending ? 0 : static_cast<uint32_t>(d);
    } else {
      bucket[i] = descending ? static_cast<uint32_t>(d - rank_of_code[code]) : rank_of_code[code];
    }
  }
  SortByBucket(rows, n, bucket, d + 1);
}

// A number's position in PostgreSQL's order as an unsigned key: integers
// offset by 2^63; doubles by their bits (negatives flipped), -0.0 as 0.0
// and NaN above every number.
uint64_t OrderKey(TypeId type, const char* values, size_t offset) {
  auto from_signed = [](int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); };
  switch (type) {
    case TypeId::kBool:
      return reinterpret_cast<const uint8_t*>(values)[offset];
    case TypeId::kInt16:
      return from_signed(reinterpret_cast<const int16_t*>(values)[offset]);
    case TypeId::kInt32:
    case TypeId::kDate:
      return from_signed(reinterpret_cast<const int32_t*>(values)[offset]);
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double v = type == TypeId::kFloat32 ? reinterpret_cast<const float*>(values)[offset]
                                          : reinterpret_cast<const double*>(values)[offset];
      if (std::isnan(v)) return UINT64_MAX;
      if (v == 0) v = 0;
      uint64_t bits = std::bit_cast<uint64_t>(v);
      return (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
    }
    default:
      return from_signed(reinterpret_cast<const int64_t*>(values)[offset]);
  }
}

bool HasOrderKey(TypeId type) {
  return type == TypeId::kBool || IsInteger(type) || IsFloat(type) || type == TypeId::kDate ||
         IsTimestamp(type) || type == TypeId::kTime;
}

void SortByNumber(const std::vector<MemRun>& runs, int column, TypeId type, uint64_t* rows,
                  size_t n, bool descending) {
  struct Keyed {
    bool null_rank;  // sorts after non-NULLs ascending, before them descending
    uint64_t key;
    uint32_t position;
  };
  std::vector<Keyed> keyed(n);
  for (size_t i = 0; i < n; ++i) {
    const MemRun& run = runs[RunOfRow(rows[i])];
    bool is_null = IsNullAt(runs, column, rows[i]);
    uint64_t key =
        is_null ? 0 : OrderKey(type, run.block->values[column].data<char>(), OffsetOfRow(rows[i]));
    keyed[i] = Keyed{.null_rank = is_null != descending,
                     .key = descending ? ~key : key,
                     .position = static_cast<uint32_t>(i)};
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.null_rank != b.null_rank) return a.null_rank < b.null_rank;
    if (a.key != b.key) return a.key < b.key;
    return a.position < b.position;
  });
  std::vector<uint64_t> sorted(n);
  for (size_t i = 0; i < n; ++i)
    sorted[i] = rows[keyed[i].position];
  std::memcpy(rows, sorted.data(), n * sizeof(uint64_t));
}

int ColumnIndex(const TableSchema& schema, uint32_t column_id) {
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    if (schema.columns[c].column_id == column_id) return static_cast<int>(c);
  }
  return -1;
}

// One stable pass by a column; false (rows untouched) for a column the
// table no longer has or a type without an order here.
bool SortByColumn(const TableSchema& schema, const std::vector<MemRun>& runs, uint32_t column_id,
                  uint64_t* rows, size_t n, bool descending) {
  int column = ColumnIndex(schema, column_id);
  if (column < 0) return false;
  TypeId type = schema.columns[column].type.id;
  if (HasStringHeap(type)) {
    SortByText(rows, n, EncodeText(runs, column, rows, n), descending);
  } else if (HasOrderKey(type)) {
    SortByNumber(runs, column, type, rows, n, descending);
  } else {
    return false;
  }
  return true;
}

// The text column to keep together when the schema names none, with its
// codes over rows[0, n); column -1 when no text column repeats enough.
struct ChosenColumn {
  int column = -1;
  TextCodes codes;
};

ChosenColumn ChooseSegmentBy(const TableSchema& schema, const std::vector<MemRun>& runs,
                             const uint64_t* rows, size_t n) {
  struct Candidate {
    int column;
    size_t sampled_distinct;
  };
  std::vector<Candidate> candidates;
  // Rows at a fixed stride would alias with a table that writes its series
  // in the same order at every timestamp (one series sampled over and over),
  // so the sample takes one pseudo-random row from each stride.
  std::vector<size_t> sample;
  size_t stride = std::max<size_t>(1, n / kSampleRows);
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (size_t begin = 0; begin < n; begin += stride) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    sample.push_back(begin + (state >> 33) % std::min(stride, n - begin));
  }
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    if (!IsString(schema.columns[c].type.id)) continue;
    std::unordered_set<std::string_view> seen;
    bool null_seen = false;
    for (size_t i : sample) {
      if (IsNullAt(runs, static_cast<int>(c), rows[i])) {
        null_seen = true;
      } else {
        seen.insert(TextAt(runs, static_cast<int>(c), rows[i]));
      }
    }
    size_t distinct = seen.size() + (null_seen ? 1 : 0);
    if (distinct > 1) candidates.push_back({static_cast<int>(c), distinct});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     return a.sampled_distinct > b.sampled_distinct;
                   });
  if (candidates.size() > kCandidatesCounted) candidates.resize(kCandidatesCounted);
  for (const Candidate& candidate : candidates) {
    TextCodes codes = EncodeText(runs, candidate.column, rows, n);
    if (codes.distinct() * 2 <= n) return ChosenColumn{candidate.column, std::move(codes)};
  }
  return {};
}

}  // namespace

SegmentSortKey OrderSegmentRows(const TableSchema& schema, const std::vector<MemRun>& runs,
                                uint64_t* rows, size_t n) {
  SegmentSortKey key;
  if (n < 2) return key;
  // Least significant key first: each stable pass keeps the order the
  // previous passes (and the time sort before them) established among equal keys.
  for (auto it = schema.order_by.rbegin(); it != schema.order_by.rend(); ++it) {
    if (SortByColumn(schema, runs, it->column_id, rows, n, it->descending)) {
      key.order_by.insert(key.order_by.begin(), *it);
    }
  }
  if (!schema.segment_by) {
    // An ordinary table keeps its append order unless told otherwise.
    if (!schema.is_hypertable()) return key;
    ChosenColumn chosen = ChooseSegmentBy(schema, runs, rows, n);
    if (chosen.column >= 0) {
      SortByText(rows, n, chosen.codes, false);
      key.segment_by.push_back(schema.columns[chosen.column].column_id);
    }
    return key;
  }
  for (auto it = schema.segment_by->rbegin(); it != schema.segment_by->rend(); ++it) {
    if (SortByColumn(schema, runs, *it, rows, n, false)) {
      key.segment_by.insert(key.segment_by.begin(), *it);
    }
  }
  return key;
}

}  // namespace sundial::ts
