#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "support/fault_injecting_file_system.h"
#include "support/temp_dir.h"
#include "ts_test_util.h"

namespace sundial::ts::testing {

// A store on a fault-injecting file system holding three hours of rows in
// segments.
struct FaultyCpuStore {
  sundial::testing::TempDir dir;
  sundial::testing::FaultInjectingFileSystem fs;
  EngineOptions options;
  std::unique_ptr<Engine> engine;
  uint32_t id = 0;
  std::vector<CpuRow> rows = CpuRows(0, 3 * 3600, 0, kMicrosPerSecond);

  FaultyCpuStore() {
    options = EngineOptions{.data_dir = dir.path(), .file_system = &fs, .background_merge = false};
    engine = OpenOrFail(options);
    id = CreateCpuHypertable(*engine);
    REQUIRE(engine->Append(id, {MakeCpuChunk(rows)}).ok());
    REQUIRE(engine->Checkpoint().ok());
  }

  void CrashAndReopen() {
    engine.reset();
    fs.ClearFaults();
    Status crashed = fs.Crash();
    INFO(crashed.ToString());
    REQUIRE(crashed.ok());
    engine = OpenOrFail(options);
  }
};

}  // namespace sundial::ts::testing
