#pragma once

#include <memory>
#include <vector>

#include "ts/engine.h"
#include "ts/memtable.h"
#include "ts/version.h"

namespace sundial::ts {

// Memtable rows one morsel takes at most (whole runs; a run is at most
// kMemBlockRows rows), so a large memtable spreads over several readers.
inline constexpr size_t kMemtableMorselRows = 4 * kMemBlockRows;

// Cuts a pinned snapshot into morsels: one per row group of each segment
// the time range keeps, then runs of memtable rows.
std::shared_ptr<const MorselScan> MakeSnapshotMorselScan(std::shared_ptr<const TableVersion> table,
                                                         const ScanSpec& spec,
                                                         std::vector<MemRun> memtable_rows);

}  // namespace sundial::ts
