#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <memory>
#include <utility>

#include "common/column_vector.h"
#include "common/datetime.h"
#include "ts/coding.h"
#include "ts/engine.h"
#include "ts/filenames.h"
#include "ts/manifest.h"

// Requires an expression giving a Status to be OK, and prints it when not.
#define REQUIRE_OK(expr)      \
  do {                        \
    Status status_ = (expr);  \
    INFO(status_.ToString()); \
    REQUIRE(status_.ok());    \
  } while (false)

namespace sundial::ts::testing {

// A table (ts timestamptz, host text, usage double).
inline TableSchema CpuSchema(const std::string& name = "cpu") {
  return TableSchema{.name = name,
                     .columns = {{.name = "ts", .type = DataType::Of(TypeId::kTimestampTz)},
                                 {.name = "host", .type = DataType::Of(TypeId::kText)},
                                 {.name = "usage", .type = DataType::Of(TypeId::kFloat64)}}};
}

struct CpuRow {
  int64_t ts = 0;
  std::string host;
  double usage = 0;
  bool usage_null = false;

  friend bool operator==(const CpuRow&, const CpuRow&) = default;
};

inline DataChunk MakeCpuChunk(const std::vector<CpuRow>& rows) {
  DataChunk chunk = DataChunk::Make({DataType::Of(TypeId::kTimestampTz),
                                     DataType::Of(TypeId::kText), DataType::Of(TypeId::kFloat64)},
                                    std::max<size_t>(1, rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    chunk.columns[0].data<int64_t>()[i] = rows[i].ts;
    chunk.columns[1].data<std::string_view>()[i] = chunk.columns[1].AddString(rows[i].host);
    chunk.columns[2].data<double>()[i] = rows[i].usage;
    if (rows[i].usage_null) chunk.columns[2].SetNull(i, true);
  }
  chunk.SetSize(rows.size());
  return chunk;
}

// Rows i in [begin, end): ts = base + i * step, host "h<i % hosts>", usage i / 2.
inline std::vector<CpuRow> CpuRows(int64_t begin, int64_t end, int64_t base = 0,
                                   int64_t step = kMicrosPerSecond, int hosts = 5) {
  std::vector<CpuRow> rows;
  for (int64_t i = begin; i < end; ++i) {
    rows.push_back(CpuRow{.ts = base + i * step,
                          .host = "h" + std::to_string(i % hosts),
                          .usage = i % 7 == 3 ? 0.0 : static_cast<double>(i) / 2,
                          .usage_null = i % 7 == 3});
  }
  return rows;
}

// `rows` in the order a checkpoint stores them in a hypertable with
// partitions of `interval`: partition by partition, and inside one the rows
// of each host (the series the segment keeps together) by time; rows equal
// in all three keep their order.
inline std::vector<CpuRow> InSegmentOrder(std::vector<CpuRow> rows, int64_t interval) {
  auto partition = [&](int64_t ts) { return ts >= 0 ? ts / interval : (ts + 1) / interval - 1; };
  std::stable_sort(rows.begin(), rows.end(), [&](const CpuRow& a, const CpuRow& b) {
    return std::tuple(partition(a.ts), a.host, a.ts) < std::tuple(partition(b.ts), b.host, b.ts);
  });
  return rows;
}

// Every row `scanner` returns (columns ts, host, usage).
inline std::vector<CpuRow> ReadCpuRows(TableScanner& scanner) {
  std::vector<CpuRow> rows;
  DataChunk chunk;
  while (true) {
    auto more = scanner.Next(chunk);
    REQUIRE(more.ok());
    if (!*more) break;
    REQUIRE(chunk.size() > 0);
    REQUIRE(chunk.size() <= kBatchCapacity);
    for (size_t r = 0; r < chunk.size(); ++r) {
      bool null = chunk.columns[2].IsNull(r);
      rows.push_back(CpuRow{.ts = chunk.columns[0].data<int64_t>()[r],
                            .host = std::string(chunk.columns[1].data<std::string_view>()[r]),
                            .usage = null ? 0 : chunk.columns[2].data<double>()[r],
                            .usage_null = null});
    }
  }
  return rows;
}

// `rows` sorted by (ts, host, usage_null, usage), an order that does not
// depend on how a scan returned them.
inline std::vector<CpuRow> SortedCpuRows(std::vector<CpuRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const CpuRow& a, const CpuRow& b) {
    return std::tie(a.ts, a.host, a.usage_null, a.usage) <
           std::tie(b.ts, b.host, b.usage_null, b.usage);
  });
  return rows;
}

// Row `r` of a chunk of columns (ts, host, usage).
inline CpuRow RowAt(const DataChunk& chunk, size_t r) {
  bool null = chunk.columns[2].IsNull(r);
  return CpuRow{.ts = chunk.columns[0].data<int64_t>()[r],
                .host = std::string(chunk.columns[1].data<std::string_view>()[r]),
                .usage = null ? 0 : chunk.columns[2].data<double>()[r],
                .usage_null = null};
}

using RowPredicate = std::function<bool(const CpuRow&)>;
using RowChange = std::function<CpuRow(const CpuRow&)>;

// The rows `removed` holds false for, sorted by SortedCpuRows.
inline std::vector<CpuRow> Without(const std::vector<CpuRow>& rows, const RowPredicate& removed) {
  std::vector<CpuRow> kept;
  for (const CpuRow& row : rows) {
    if (!removed(row)) kept.push_back(row);
  }
  return SortedCpuRows(kept);
}

// What the table should hold after replacing each row `picked` holds true
// for by `changed(row)`, sorted by SortedCpuRows.
inline std::vector<CpuRow> Replaced(const std::vector<CpuRow>& rows, const RowPredicate& picked,
                                    const RowChange& changed) {
  std::vector<CpuRow> result;
  for (const CpuRow& row : rows)
    result.push_back(picked(row) ? changed(row) : row);
  return SortedCpuRows(result);
}

// How many of `rows` `picked` holds true for.
inline uint64_t CountOf(const std::vector<CpuRow>& rows, const RowPredicate& picked) {
  return static_cast<uint64_t>(std::count_if(rows.begin(), rows.end(), picked));
}

// A replacer over chunks of columns (ts, host, usage) that replaces each row
// `picked` holds true for by `changed(row)`, as UPDATE's does: the new
// versions of one chunk's rows in one chunk of their own. Without `changed`
// it only picks them, as DELETE's does.
inline RowReplacer Replacing(RowPredicate picked, RowChange changed = nullptr) {
  return [picked = std::move(picked), changed = std::move(changed)](
             const DataChunk& rows, std::vector<uint8_t>& matches,
             std::vector<DataChunk>& replacements) -> Status {
    REQUIRE(rows.columns.size() == 3);
    std::vector<CpuRow> new_rows;
    for (size_t r = 0; r < rows.size(); ++r) {
      CpuRow row = RowAt(rows, r);
      if (!picked(row)) continue;
      matches[r] = 1;
      if (changed) new_rows.push_back(changed(row));
    }
    if (!new_rows.empty()) replacements.push_back(MakeCpuChunk(new_rows));
    return Status::Ok();
  };
}

// A scan of columns (ts, host, usage) of the whole table.
inline ScanSpec AllColumns(uint32_t table_id) {
  return ScanSpec{.table_id = table_id, .columns = {0, 1, 2}};
}

inline std::unique_ptr<Engine> OpenOrFail(const EngineOptions& options) {
  auto engine = Engine::Open(options);
  INFO(engine.status().ToString());
  REQUIRE(engine.ok());
  return std::move(engine).value();
}

// Creates CpuSchema(name) as a hypertable on ts; returns its id.
inline uint32_t CreateCpuHypertable(Engine& engine, int64_t interval = kMicrosPerHour,
                                    const std::string& name = "cpu") {
  REQUIRE(engine.CreateTable(CpuSchema(name)).ok());
  auto hyper = engine.MakeHypertable(name, 0, interval);
  REQUIRE(hyper.ok());
  return hyper->table_id;
}

// How many rows `scanner` returns.
inline size_t CountRows(TableScanner& scanner) {
  size_t rows = 0;
  DataChunk chunk;
  while (true) {
    auto more = scanner.Next(chunk);
    REQUIRE(more.ok());
    if (!*more) return rows;
    rows += chunk.size();
  }
}

inline std::vector<CpuRow> ScanAll(Engine& engine, uint32_t table_id, TimeRange range = {}) {
  auto scanner =
      engine.Scan(ScanSpec{.table_id = table_id, .columns = {0, 1, 2}, .time_range = range});
  REQUIRE(scanner.ok());
  return ReadCpuRows(**scanner);
}

// The store in `dir` with default options, opened or the test fails.
inline std::unique_ptr<Engine> OpenEngine(const std::string& dir) {
  return OpenOrFail(EngineOptions{.data_dir = dir});
}

// The store in `dir` without background merges, so files stay as the test
// left them.
inline std::unique_ptr<Engine> OpenQuiet(const std::string& dir) {
  return OpenOrFail(EngineOptions{.data_dir = dir, .background_merge = false});
}

// Every row the morsels of `spec` return, sorted by SortedCpuRows.
inline std::vector<CpuRow> ReadMorsels(Engine& engine, const ScanSpec& spec) {
  auto scan = engine.ScanMorsels(spec);
  REQUIRE(scan.ok());
  std::vector<CpuRow> rows;
  for (size_t m = 0; m < (*scan)->morsel_count(); ++m) {
    auto scanner = (*scan)->OpenMorsel(m);
    REQUIRE(scanner.ok());
    std::vector<CpuRow> part = ReadCpuRows(**scanner);
    rows.insert(rows.end(), part.begin(), part.end());
  }
  return SortedCpuRows(rows);
}

// Every row of the table read morsel by morsel, sorted by SortedCpuRows.
inline std::vector<CpuRow> ReadMorsels(Engine& engine, uint32_t table_id) {
  return ReadMorsels(engine, AllColumns(table_id));
}

// The starts of the table's partitions that hold rows, ascending.
inline std::vector<int64_t> Partitions(Engine& engine, uint32_t table_id) {
  auto partitions = engine.ListPartitions(table_id);
  REQUIRE(partitions.ok());
  return *partitions;
}

// How many files under the tables directory of `dir` end with `suffix`.
inline size_t FilesEndingWith(const std::string& dir, const std::string& suffix) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir + "/tables")) {
    if (entry.is_regular_file() && entry.path().string().ends_with(suffix)) ++files;
  }
  return files;
}

// The files under the tables directory.
inline std::set<std::string> TableFiles(const std::string& dir) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir + "/tables")) {
    if (entry.is_regular_file()) files.insert(entry.path().string());
  }
  return files;
}

// The segment and marker files the manifest on disk names.
inline std::set<std::string> ManifestFiles(const std::string& dir) {
  auto manifest = ReadManifest(FileSystem::Default(), dir);
  REQUIRE(manifest.ok());
  REQUIRE(manifest->has_value());
  std::set<std::string> files;
  for (const ManifestData::Table& table : (*manifest)->tables) {
    for (const SegmentMeta& meta : table.segments) {
      files.insert(SegmentPath(dir, meta.table_id, meta.partition_start, meta.file_number));
      if (meta.markers_file_number != 0) {
        files.insert(
            DeleteMarkersPath(dir, meta.table_id, meta.partition_start, meta.markers_file_number));
      }
    }
  }
  return files;
}

// A manifest file as versions 1 and 2 wrote it, holding one hypertable "cpu"
// (id 1, time column 0, daily partitions, no segments) with `columns`.
// Version 1 has no column ids; version 2 gives them by position, with no
// missing values, and ends the schema with next_column_id.
inline std::string OldVersionManifest(uint32_t version,
                                      const std::vector<std::pair<std::string, TypeId>>& columns) {
  std::string body;
  PutFixed<uint32_t>(body, 2);  // next_table_id
  PutFixed<uint64_t>(body, 9);  // next_file_number
  PutFixed<uint64_t>(body, 3);  // wal_start
  PutFixed<uint32_t>(body, 1);  // tables
  PutFixed<uint32_t>(body, 1);  // table_id
  PutString(body, "cpu");
  PutFixed<uint32_t>(body, static_cast<uint32_t>(columns.size()));
  for (size_t c = 0; c < columns.size(); ++c) {
    PutString(body, columns[c].first);
    body.push_back(static_cast<char>(columns[c].second));
    PutFixed<int32_t>(body, -1);  // max_length
    body.push_back(0);            // not_null
    if (version >= 2) {
      PutFixed<uint32_t>(body, static_cast<uint32_t>(c));
      body.push_back(0);  // no missing value
    }
  }
  PutFixed<int32_t>(body, 0);  // time column
  PutFixed<int64_t>(body, kMicrosPerDay);
  if (version >= 2) PutFixed<uint32_t>(body, static_cast<uint32_t>(columns.size()));
  PutFixed<uint32_t>(body, 0);  // segments
  std::string file;
  PutFixed<uint32_t>(file, 0x464d4453);
  PutFixed<uint32_t>(file, version);
  PutFixed<uint64_t>(file, body.size());
  file += body;
  PutFixed<uint32_t>(file, Checksum32(body.data(), body.size()));
  return file;
}

}  // namespace sundial::ts::testing
