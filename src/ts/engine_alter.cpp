// EngineImpl's schema changes and row removal: ALTER TABLE, TRUNCATE and
// dropping whole partitions. Each is one manifest switch made after the
// memtables were flushed (see RunWithMemtablesFlushed).

#include <map>

#include "common/logging.h"
#include "ts/engine_impl.h"
#include "ts/filenames.h"
#include "ts/partitioning.h"

namespace sundial::ts {
namespace {

Status NoSuchTable(const std::string& name) {
  return Status::Error(ErrorCode::kUndefinedTable, "relation \"" + name + "\" does not exist");
}

Status NoSuchTableId(uint32_t table_id) {
  return Status::Error(ErrorCode::kUndefinedTable,
                       "table with id " + std::to_string(table_id) + " does not exist");
}

Status NoSuchColumn(const std::string& column, const std::string& table) {
  return Status::Error(ErrorCode::kUndefinedColumn,
                       "column \"" + column + "\" of relation \"" + table + "\" does not exist");
}

Status DuplicateColumn(const std::string& column, const std::string& table) {
  return Status::Error(ErrorCode::kDuplicateColumn,
                       "column \"" + column + "\" of relation \"" + table + "\" already exists");
}

Status NotAHypertable(const std::string& table) {
  return Status::Error(ErrorCode::kInvalidParameterValue,
                       "table \"" + table + "\" is not a hypertable");
}

// `schema` with `change` applied; the table holds `rows` rows.
Result<TableSchema> ChangedSchema(TableSchema schema, const SchemaChange& change, uint64_t rows) {
  const std::string& table = schema.name;
  switch (change.kind) {
    case SchemaChange::Kind::kAddColumn: {
      if (schema.FindColumn(change.column.name) >= 0) {
        return DuplicateColumn(change.column.name, table);
      }
      ColumnSchema column = change.column;
      if (column.missing_value && column.missing_value->is_null()) column.missing_value.reset();
      if (column.not_null && !column.missing_value && rows > 0) {
        return Status::Error(
            ErrorCode::kNotNullViolation,
            "column \"" + column.name + "\" of relation \"" + table + "\" contains null values");
      }
      column.column_id = schema.next_column_id++;
      schema.columns.push_back(std::move(column));
      return schema;
    }
    case SchemaChange::Kind::kDropColumn: {
      int index = schema.FindColumn(change.column_name);
      if (index < 0) return NoSuchColumn(change.column_name, table);
      if (schema.time_column && *schema.time_column == index) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "cannot drop column named in partition key")
            .WithDetail("Column \"" + change.column_name +
                        "\" is the time column of hypertable \"" + table + "\".");
      }
      if (schema.columns.size() == 1) {
        return Status::Error(ErrorCode::kFeatureNotSupported,
                             "dropping the last column of \"" + table + "\" is not supported");
      }
      // Flush and merge stop ordering by the column; segments sorted by it
      // stay valid (ordering is a layout choice, not a promise to readers).
      const uint32_t id = schema.columns[index].column_id;
      if (schema.segment_by) std::erase(*schema.segment_by, id);
      std::erase_if(schema.order_by, [&](const OrderColumn& c) { return c.column_id == id; });
      schema.columns.erase(schema.columns.begin() + index);
      if (schema.time_column && *schema.time_column > index) --*schema.time_column;
      return schema;
    }
    case SchemaChange::Kind::kRenameColumn: {
      int index = schema.FindColumn(change.column_name);
      if (index < 0) return NoSuchColumn(change.column_name, table);
      if (schema.FindColumn(change.new_name) >= 0) return DuplicateColumn(change.new_name, table);
      schema.columns[index].name = change.new_name;
      return schema;
    }
    case SchemaChange::Kind::kRenameTable:
      schema.name = change.new_name;
      return schema;
    case SchemaChange::Kind::kSetSegmentOrder:
      if (!schema.is_hypertable()) return NotAHypertable(table);
      if (change.sets_segment_by) schema.segment_by = change.segment_by;
      if (change.sets_order_by) schema.order_by = change.order_by;
      RETURN_IF_ERROR(CheckSegmentOrder(schema));
      return schema;
  }
  return Status::Error(ErrorCode::kInternal, "unknown schema change");
}

// A copy of `table` without the segments for which `drop` is true, which are
// appended to `dropped`.
template <typename Predicate>
std::shared_ptr<TableVersion> WithoutPartitions(
    const TableVersion& table, Predicate drop,
    std::vector<std::shared_ptr<const SegmentReader>>& dropped) {
  auto changed = std::make_shared<TableVersion>();
  changed->schema = table.schema;
  for (const auto& [start, segments] : table.partitions) {
    if (drop(start)) {
      dropped.insert(dropped.end(), segments.begin(), segments.end());
      continue;
    }
    changed->partitions[start] = segments;
    for (const auto& segment : segments) {
      changed->segment_rows += segment->meta().row_count;
      changed->disk_bytes += segment->meta().file_size;
    }
  }
  return changed;
}

}  // namespace

Status EngineImpl::RunWithMemtablesFlushed(const std::function<Status()>& change) {
  auto release = [this] {
    {
      std::lock_guard lock(mu_);
      --freeze_requests_;
    }
    cv_.notify_all();
  };
  {
    std::unique_lock lock(mu_);
    // Holds new appends back (Append waits while freeze requests exist).
    ++freeze_requests_;
    Status status = FreezeWhenIdleLocked(lock);
    if (status.ok()) status = WaitForFlushLocked(lock);
    if (!status.ok()) {
      lock.unlock();
      release();
      return status;
    }
  }
  Status status;
  {
    std::lock_guard manifest_lock(manifest_mu_);
    status = change();
  }
  release();
  return status;
}

Status EngineImpl::InstallDroppingSegments(
    std::shared_ptr<const Version> next,
    const std::vector<std::shared_ptr<const SegmentReader>>& dropped, bool* next_may_be_live) {
  RETURN_IF_ERROR(InstallVersion(std::move(next), next_may_be_live));
  // Committed by the switch above; scans that pinned the old version keep
  // reading through their open files. Emptied partition directories are
  // removed by the next Open.
  for (const auto& segment : dropped) {
    const SegmentMeta& meta = segment->meta();
    Status removed =
        fs_.RemoveFile(SegmentPath(dir_, meta.table_id, meta.partition_start, meta.file_number));
    if (removed.ok() && meta.markers_file_number != 0) {
      removed = fs_.RemoveFile(
          DeleteMarkersPath(dir_, meta.table_id, meta.partition_start, meta.markers_file_number));
    }
    if (!removed.ok()) {
      LogWarning("a removed segment is left for the next start to delete: " + removed.ToString());
    }
  }
  return Status::Ok();
}

Result<TableSchema> EngineImpl::AlterTable(const std::string& name, const SchemaChange& change) {
  TableSchema altered;
  auto apply = [&]() -> Status {
    std::shared_ptr<const Version> current = CurrentVersion();
    const TableVersion* table = current->FindTable(name);
    if (table == nullptr) return NoSuchTable(name);
    if (change.kind == SchemaChange::Kind::kRenameTable && change.new_name != name &&
        current->FindTable(change.new_name) != nullptr) {
      return Status::Error(ErrorCode::kDuplicateTable,
                           "relation \"" + change.new_name + "\" already exists");
    }
    uint64_t rows = table->LiveRows();
    {
      std::lock_guard lock(mu_);
      rows += active_->RowCount(table->schema.table_id);
    }
    ASSIGN_OR_RETURN(altered, ChangedSchema(table->schema, change, rows));
    auto next = std::make_shared<Version>(*current);
    auto changed = std::make_shared<TableVersion>(*table);
    changed->schema = altered;
    next->tables[altered.table_id] = std::move(changed);
    return InstallVersion(std::move(next));
  };
  bool layout_changes = change.kind == SchemaChange::Kind::kAddColumn ||
                        change.kind == SchemaChange::Kind::kDropColumn;
  if (layout_changes) {
    RETURN_IF_ERROR(RunWithMemtablesFlushed(apply));
  } else {
    std::lock_guard manifest_lock(manifest_mu_);
    RETURN_IF_ERROR(apply());
  }
  return altered;
}

Status EngineImpl::TruncateTables(const std::vector<std::string>& names) {
  return RunWithMemtablesFlushed([&]() -> Status {
    std::shared_ptr<const Version> current = CurrentVersion();
    auto next = std::make_shared<Version>(*current);
    std::vector<std::shared_ptr<const SegmentReader>> dropped;
    for (const std::string& name : names) {
      const TableVersion* table = next->FindTable(name);
      if (table == nullptr) return NoSuchTable(name);
      uint32_t table_id = table->schema.table_id;
      next->tables[table_id] = WithoutPartitions(
          *table, [](int64_t) { return true; }, dropped);
    }
    return InstallDroppingSegments(std::move(next), dropped);
  });
}

Result<std::vector<int64_t>> EngineImpl::ListPartitions(uint32_t table_id) {
  ASSIGN_OR_RETURN(std::vector<PartitionStats> partitions, ListPartitionStats(table_id));
  std::vector<int64_t> starts;
  for (const PartitionStats& partition : partitions)
    starts.push_back(partition.start);
  return starts;
}

Result<std::vector<Engine::PartitionStats>> EngineImpl::ListPartitionStats(uint32_t table_id) {
  ASSIGN_OR_RETURN(PinnedTable pinned, Pin(ScanSpec{.table_id = table_id}));
  const TableSchema& schema = pinned.table->schema;
  if (!schema.time_column) return NotAHypertable(schema.name);
  std::map<int64_t, PartitionStats> partitions;
  for (const auto& [start, segments] : pinned.table->partitions) {
    for (const auto& segment : segments) {
      if (segment->row_count() == 0) continue;
      PartitionStats& partition = partitions[start];
      partition.start = start;
      partition.row_count += segment->live_rows();
      partition.disk_bytes += segment->meta().file_size;
    }
  }
  const int column = *schema.time_column;
  const TypeId type = schema.columns[column].type.id;
  for (const MemRun& run : pinned.memtable_rows) {
    const ColumnVector& times = run.block->values[column];
    for (size_t r = 0; r < run.rows; ++r) {
      int64_t value = type == TypeId::kDate ? times.data<int32_t>()[r] : times.data<int64_t>()[r];
      int64_t start = PartitionStart(TimeToMicros(type, value), schema.partition_interval_micros);
      PartitionStats& partition = partitions[start];
      partition.start = start;
      ++partition.row_count;
    }
  }
  std::vector<PartitionStats> list;
  for (const auto& [start, partition] : partitions)
    list.push_back(partition);
  return list;
}

Result<std::vector<int64_t>> EngineImpl::DropPartitions(uint32_t table_id, const TimeRange& range) {
  std::vector<int64_t> removed;
  RETURN_IF_ERROR(RunWithMemtablesFlushed([&]() -> Status {
    std::shared_ptr<const Version> current = CurrentVersion();
    const TableVersion* table = current->FindTable(table_id);
    if (table == nullptr) return NoSuchTableId(table_id);
    if (!table->schema.time_column) return NotAHypertable(table->schema.name);
    const int64_t interval = table->schema.partition_interval_micros;
    auto inside = [&](int64_t start) {
      return start >= range.begin && SaturatingAdd(start, interval) <= range.end;
    };
    auto next = std::make_shared<Version>(*current);
    std::vector<std::shared_ptr<const SegmentReader>> dropped;
    next->tables[table_id] = WithoutPartitions(*table, inside, dropped);
    for (const auto& [start, segments] : table->partitions) {
      if (inside(start)) removed.push_back(start);
    }
    if (dropped.empty()) return Status::Ok();
    return InstallDroppingSegments(std::move(next), dropped);
  }));
  return removed;
}

}  // namespace sundial::ts
