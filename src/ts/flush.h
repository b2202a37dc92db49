#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "ts/file_system.h"
#include "ts/memtable.h"
#include "ts/segment_reader.h"
#include "ts/table_schema.h"

namespace sundial::ts {

// Writes the rows of one table taken from a frozen memtable as new segment
// files: rows are sorted by the time column (stable: equal times keep append
// order), split by partition, one segment per partition touched (an
// ordinary table gets one segment in partition 0), and each segment's rows
// put in the table's segment order (OrderSegmentRows). Files are fsynced with
// their directories but not yet named by the manifest: the caller publishes
// the returned segments with one manifest switch. On failure the files
// written so far are removed (or left for the next Open to remove).
Result<std::vector<std::shared_ptr<const SegmentReader>>> WriteTableSegments(
    FileSystem& fs, const std::string& data_dir, const TableSchema& schema,
    const std::vector<MemRun>& runs, const std::function<uint64_t()>& allocate_file_number);

}  // namespace sundial::ts
