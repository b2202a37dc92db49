#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "ts/file_system.h"
#include "ts/segment_reader.h"
#include "ts/table_schema.h"

namespace sundial::ts {

// Rewrites `inputs`, segments of one partition of the table `schema`
// describes, as new segment files holding exactly the rows a scan of them
// reads under `schema`: a column an input predates reads its missing value
// (NULL when unset), columns no longer in the schema are not written, and
// every row is kept (duplicates too). Rows are ordered by WriteTableSegments,
// as a flush orders them. When they hold more than row_cap rows they are cut
// by time into slices of about row_cap rows, one segment each, so memory
// stays bounded by the cap and the outputs never overlap one another.
//
// The files are fsynced but named by no manifest: the caller publishes them
// with one manifest switch or deletes them. On failure, or when `cancel`
// becomes true (kQueryCanceled), the files written so far are deleted.
Result<std::vector<std::shared_ptr<const SegmentReader>>> MergeSegments(
    FileSystem& fs, const std::string& data_dir, const TableSchema& schema,
    const std::vector<std::shared_ptr<const SegmentReader>>& inputs, uint64_t row_cap,
    const std::function<uint64_t()>& allocate_file_number, const std::atomic<bool>& cancel);

// Deletes the files of `segments` that no manifest names (a merge abandoned
// before its switch); returns the first error.
Status DeleteSegmentFiles(FileSystem& fs, const std::string& data_dir,
                          const std::vector<std::shared_ptr<const SegmentReader>>& segments);

}  // namespace sundial::ts
