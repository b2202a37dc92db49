#include <catch2/catch.hpp>

#include <thread>

#include "support/temp_dir.h"
#include "ts/chunk_scanner.h"
#include "ts/morsel_scan.h"
#include "ts_test_util.h"

namespace sundial::ts {
namespace {

using namespace sundial::ts::testing;

struct MorselFixture {
  sundial::testing::TempDir dir;
  std::unique_ptr<Engine> engine;
  uint32_t table_id = 0;

  MorselFixture() {
    auto opened = Engine::Open(EngineOptions{.data_dir = dir.path()});
    REQUIRE(opened.ok());
    engine = std::move(opened).value();
    REQUIRE(engine->CreateTable(CpuSchema()).ok());
    auto hyper = engine->MakeHypertable("cpu", 0, kMicrosPerHour);
    REQUIRE(hyper.ok());
    table_id = hyper->table_id;
  }

  void Append(const std::vector<CpuRow>& rows) {
    std::vector<DataChunk> chunks;
    for (size_t begin = 0; begin < rows.size(); begin += kBatchCapacity) {
      size_t end = std::min(rows.size(), begin + kBatchCapacity);
      chunks.push_back(MakeCpuChunk({rows.begin() + static_cast<ptrdiff_t>(begin),
                                     rows.begin() + static_cast<ptrdiff_t>(end)}));
    }
    REQUIRE(engine->Append(table_id, chunks).ok());
  }

  // The rows of every morsel, read one morsel after the other.
  std::vector<CpuRow> ReadMorsels(const MorselScan& scan) {
    std::vector<CpuRow> rows;
    for (size_t m = 0; m < scan.morsel_count(); ++m) {
      auto scanner = scan.OpenMorsel(m);
      REQUIRE(scanner.ok());
      std::vector<CpuRow> part = ReadCpuRows(**scanner);
      rows.insert(rows.end(), part.begin(), part.end());
    }
    return rows;
  }
};

TEST_CASE("Morsels read one after the other give exactly the rows of one scan, in order",
          "[engine][morsel]") {
  MorselFixture f;
  // Two hours flushed into segments (one row group per partition of 3600
  // rows at one row a second, a large one at 10 rows a second), then rows
  // left in the memtable, some of them out of order.
  f.Append(CpuRows(0, 7200));
  f.Append(CpuRows(0, 140000, 3 * kMicrosPerHour, kMicrosPerSecond / 10));
  REQUIRE(f.engine->Checkpoint().ok());
  f.Append(CpuRows(0, 40000, 8 * kMicrosPerHour));
  f.Append(CpuRows(0, 100, kMicrosPerHour / 2));

  for (TimeRange range : {TimeRange{}, TimeRange{.begin = kMicrosPerHour / 2,
                                       .end = 3 * kMicrosPerHour + int64_t{70000} * 100000}}) {
    ScanSpec spec{.table_id = f.table_id, .columns = {0, 1, 2}, .time_range = range};
    auto serial = f.engine->Scan(spec);
    REQUIRE(serial.ok());
    std::vector<CpuRow> expected = ReadCpuRows(**serial);
    auto morsels = f.engine->ScanMorsels(spec);
    REQUIRE(morsels.ok());
    // Row groups of the segments and memtable runs become separate morsels.
    CHECK((*morsels)->morsel_count() >= 6);
    CHECK(f.ReadMorsels(**morsels) == expected);
  }
}

TEST_CASE("Morsels apply the scan's predicates and report what pruning left out",
          "[engine][morsel]") {
  MorselFixture f;
  f.Append(CpuRows(0, 4 * 3600));
  REQUIRE(f.engine->Checkpoint().ok());
  ScanSpec spec{.table_id = f.table_id,
                .columns = {0, 1, 2},
                .time_range = {.begin = 2 * kMicrosPerHour, .end = 4 * kMicrosPerHour},
                .predicates = {ScanPredicate{
                    .column = 1, .op = ScanCompare::kEq, .values = {Value::Text("h3")}}}};
  auto morsels = f.engine->ScanMorsels(spec);
  REQUIRE(morsels.ok());
  CHECK((*morsels)->morsel_count() == 2);
  CHECK((*morsels)->pruning_statistics().partitions_skipped == 2);
  std::vector<CpuRow> rows = f.ReadMorsels(**morsels);
  REQUIRE(rows.size() == 2 * 3600 / 5);
  for (const CpuRow& row : rows) {
    CHECK(row.host == "h3");
    CHECK(row.ts >= 2 * kMicrosPerHour);
  }
  CHECK_FALSE((*morsels)->OpenMorsel(2).ok());
}

TEST_CASE("Morsels keep their snapshot while rows arrive and threads read them at once",
          "[engine][morsel]") {
  MorselFixture f;
  f.Append(CpuRows(0, 50000));
  ScanSpec spec{.table_id = f.table_id, .columns = {0, 1, 2}};
  auto morsels = f.engine->ScanMorsels(spec);
  REQUIRE(morsels.ok());
  f.Append(CpuRows(50000, 60000));
  REQUIRE(f.engine->Checkpoint().ok());
  // 50,000 memtable rows in runs of at most kMemtableMorselRows.
  CHECK((*morsels)->morsel_count() == (50000 + kMemtableMorselRows - 1) / kMemtableMorselRows);

  // Threads read the morsels at once; Catch asserts only on this thread.
  const MorselScan& scan = **morsels;
  std::vector<std::vector<DataChunk>> parts(scan.morsel_count());
  std::vector<Status> statuses(scan.morsel_count(), Status::Ok());
  std::vector<std::thread> readers;
  for (size_t m = 0; m < scan.morsel_count(); ++m) {
    readers.emplace_back([&, m] {
      auto scanner = scan.OpenMorsel(m);
      if (!scanner.ok()) {
        statuses[m] = scanner.status();
        return;
      }
      DataChunk chunk;
      while (true) {
        Result<bool> more = (*scanner)->Next(chunk);
        if (!more.ok() || !*more) {
          if (!more.ok()) statuses[m] = more.status();
          return;
        }
        parts[m].push_back(chunk);
      }
    });
  }
  for (std::thread& reader : readers)
    reader.join();
  std::vector<CpuRow> rows;
  for (size_t m = 0; m < parts.size(); ++m) {
    REQUIRE(statuses[m].ok());
    ChunkScanner chunks(std::move(parts[m]));
    std::vector<CpuRow> part = ReadCpuRows(chunks);
    rows.insert(rows.end(), part.begin(), part.end());
  }
  CHECK(rows == CpuRows(0, 50000));
}

}  // namespace
}  // namespace sundial::ts
