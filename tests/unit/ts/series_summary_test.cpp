#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "ts/series_summary.h"
#include "ts_test_util.h"

namespace sundial::ts {
namespace {

using testing::CpuRow;
using testing::CpuRows;
using testing::MakeCpuChunk;
using testing::OpenEngine;

// Rows of (time int64, key text, payload int64) fed to the builder in
// groups of `group_rows`.
struct Row {
  std::optional<int64_t> time;
  std::optional<std::string> key;
  int64_t payload = 0;
};

SeriesSummaryBuilder::Columns Summarize(SeriesSummaryBuilder& builder, const std::vector<Row>& rows,
                                        size_t group_rows) {
  for (size_t begin = 0; begin < rows.size(); begin += group_rows) {
    size_t n = std::min(group_rows, rows.size() - begin);
    std::vector<int64_t> times(n);
    std::vector<std::string_view> keys(n);
    std::vector<int64_t> payloads(n);
    std::vector<uint8_t> time_nulls(n);
    std::vector<uint8_t> key_nulls(n);
    size_t time_null_count = 0;
    size_t key_null_count = 0;
    for (size_t i = 0; i < n; ++i) {
      const Row& row = rows[begin + i];
      times[i] = row.time.value_or(0);
      time_nulls[i] = row.time ? 0 : 1;
      time_null_count += time_nulls[i];
      if (row.key) keys[i] = *row.key;
      key_nulls[i] = row.key ? 0 : 1;
      key_null_count += key_nulls[i];
      payloads[i] = row.payload;
    }
    builder.Add({BlockValues{.type = TypeId::kTimestampTz,
                             .values = times.data(),
                             .nulls = time_nulls.data(),
                             .count = n,
                             .null_count = time_null_count},
                 BlockValues{.type = TypeId::kText,
                             .values = keys.data(),
                             .nulls = key_nulls.data(),
                             .count = n,
                             .null_count = key_null_count},
                 BlockValues{.type = TypeId::kInt64, .values = payloads.data(), .count = n}},
                n);
  }
  return builder.Take();
}

TEST_CASE("A series summary holds each key's first row of its newest time", "[summary]") {
  std::mt19937_64 random(GENERATE(1, 2, 3, 4));
  // Rows grouped by key (as a segment stores them), times in any order
  // inside a key, with NULL keys, NULL times and repeated times.
  std::vector<Row> rows;
  int keys = 1 + static_cast<int>(random() % 300);
  for (int k = 0; k <= keys; ++k) {
    std::optional<std::string> key;
    if (k < keys) key = "host_" + std::to_string(k);
    size_t count = 1 + random() % 40;
    for (size_t i = 0; i < count; ++i) {
      std::optional<int64_t> time = static_cast<int64_t>(random() % 20) - 5;
      if (random() % 50 == 0) time.reset();
      rows.push_back(Row{.time = time, .key = key, .payload = static_cast<int64_t>(rows.size())});
    }
  }
  // What DISTINCT ON (key) ... ORDER BY key, time DESC keeps, the first of
  // equal times winning.
  std::map<std::optional<std::string>, const Row*> expected;
  auto newer = [](const Row& a, const Row& b) {
    if (!a.time || !b.time) return !a.time && b.time;
    return *a.time > *b.time;
  };
  for (const Row& row : rows) {
    auto [it, inserted] = expected.emplace(row.key, &row);
    if (!inserted && newer(row, *it->second)) it->second = &row;
  }

  SeriesSummaryBuilder builder({TypeId::kTimestampTz, TypeId::kText, TypeId::kInt64}, 1, 0);
  SeriesSummaryBuilder::Columns summary = Summarize(builder, rows, 1 + random() % 100);
  REQUIRE(builder.worthwhile());
  REQUIRE(summary.rows == expected.size());
  std::map<std::optional<std::string>, int64_t> got;
  std::optional<std::string> previous_key;
  for (size_t i = 0; i < summary.rows; ++i) {
    const BlockValues& key = summary.blocks[1];
    std::optional<std::string> value;
    if (key.nulls == nullptr || key.nulls[i] == 0) {
      value = std::string(static_cast<const std::string_view*>(key.values)[i]);
    }
    // Sorted by key bytes, NULL last.
    if (i > 0) CHECK((previous_key && (!value || *previous_key < *value)));
    previous_key = value;
    got[value] = static_cast<const int64_t*>(summary.blocks[2].values)[i];
  }
  for (const auto& [key, row] : expected)
    CHECK(got[key] == row->payload);
}

TEST_CASE("A series summary is dropped when it would be a large share of the segment",
          "[summary]") {
  SeriesSummaryBuilder repeating({TypeId::kTimestampTz, TypeId::kText, TypeId::kInt64}, 1, 0);
  SeriesSummaryBuilder unique({TypeId::kTimestampTz, TypeId::kText, TypeId::kInt64}, 1, 0);
  std::vector<Row> four_per_key;
  std::vector<Row> one_per_key;
  for (int64_t i = 0; i < 40000; ++i) {
    four_per_key.push_back(Row{.time = i % 4, .key = "k" + std::to_string(i / 4)});
    one_per_key.push_back(Row{.time = 0, .key = "k" + std::to_string(i)});
  }
  Summarize(repeating, four_per_key, 8192);
  Summarize(unique, one_per_key, 8192);
  CHECK(repeating.worthwhile());
  CHECK_FALSE(unique.worthwhile());
}

// The newest (time, usage) per host by a latest_per_column scan, and by
// reading every row.
std::map<std::string, std::pair<int64_t, double>> NewestByScan(Engine& engine, uint32_t id,
                                                               bool latest, size_t* returned) {
  ScanSpec spec{.table_id = id, .columns = {0, 1, 2}};
  if (latest) spec.latest_per_column = 1;
  auto scanner = engine.Scan(spec);
  REQUIRE(scanner.ok());
  std::vector<CpuRow> rows = testing::ReadCpuRows(**scanner);
  *returned = rows.size();
  std::map<std::string, std::pair<int64_t, double>> newest;
  for (const CpuRow& row : rows) {
    auto it = newest.find(row.host);
    if (it == newest.end() || row.ts > it->second.first) newest[row.host] = {row.ts, row.usage};
  }
  return newest;
}

TEST_CASE("Newest-per-host scans read summaries and stay exact under late rows and merges",
          "[summary]") {
  sundial::testing::TempDir dir;
  EngineOptions options{.data_dir = dir.path(), .background_merge = false};
  auto engine = testing::OpenOrFail(options);
  uint32_t id = testing::CreateCpuHypertable(*engine, 365 * kMicrosPerDay);
  // 40 hosts; then late rows for some hosts, older than their newest, and
  // one host's row newer than all; then a host that only has late rows.
  REQUIRE(engine->Append(id, {MakeCpuChunk(CpuRows(0, 40000, 0, kMicrosPerSecond, 40))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  std::vector<CpuRow> late = CpuRows(100, 12000, 0, kMicrosPerSecond, 40);
  late.push_back(CpuRow{.ts = 50000 * kMicrosPerSecond, .host = "h7", .usage = 77});
  late.push_back(CpuRow{.ts = 3, .host = "only_late", .usage = 5});
  REQUIRE(engine->Append(id, {MakeCpuChunk(late)}).ok());
  REQUIRE(engine->Checkpoint().ok());

  size_t all_rows = 0;
  size_t summary_rows = 0;
  auto expected = NewestByScan(*engine, id, false, &all_rows);
  CHECK(expected.size() == 41);
  CHECK(expected["h7"].first == 50000 * kMicrosPerSecond);
  CHECK(NewestByScan(*engine, id, true, &summary_rows) == expected);
  // Two segments' summaries, not their 51,902 rows.
  CHECK(all_rows == 40000 + late.size());
  CHECK(summary_rows <= 2 * 41);

  // The late rows are over a quarter of the segment they overlap, so a
  // merge rewrites both into one segment with one summary.
  REQUIRE(engine->CompactTable(id).ok());
  CHECK(NewestByScan(*engine, id, true, &summary_rows) == expected);
  CHECK(summary_rows == 41);

  // Rows still in the memtable are read as they are.
  REQUIRE(engine
              ->Append(id, {MakeCpuChunk(
                               {CpuRow{.ts = 60000 * kMicrosPerSecond, .host = "h3", .usage = 3}})})
              .ok());
  expected["h3"] = {60000 * kMicrosPerSecond, 3};
  CHECK(NewestByScan(*engine, id, true, &summary_rows) == expected);

  // Summaries survive a restart.
  engine.reset();
  engine = testing::OpenOrFail(options);
  CHECK(NewestByScan(*engine, id, true, &summary_rows) == expected);
}

TEST_CASE("A summary of more series than a row group holds spans several groups", "[summary]") {
  sundial::testing::TempDir dir;
  auto engine = OpenEngine(dir.path());
  uint32_t id = testing::CreateCpuHypertable(*engine, 365 * kMicrosPerDay);
  constexpr int kHosts = 70000;
  REQUIRE(
      engine->Append(id, {MakeCpuChunk(CpuRows(0, 4 * kHosts, 0, kMicrosPerSecond, kHosts))}).ok());
  REQUIRE(engine->Checkpoint().ok());
  size_t all_rows = 0;
  size_t summary_rows = 0;
  auto expected = NewestByScan(*engine, id, false, &all_rows);
  CHECK(expected.size() == kHosts);
  CHECK(NewestByScan(*engine, id, true, &summary_rows) == expected);
  CHECK(summary_rows == kHosts);
}

}  // namespace
}  // namespace sundial::ts
