#include "catalog/system_scan_engine.h"

#include <numeric>

#include "ts/chunk_scanner.h"
#include "ts/scan_predicate.h"

namespace sundial::catalog {
namespace {

Status ReadOnly(const SystemRelation& relation) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "cannot change system relation \"" + std::string(relation.name) + "\"");
}

const SystemRelation* SystemRelationNamed(const std::string& name) {
  return SystemRelations::Get().Find("", name);
}

// Writes a column of values (all of the column's type or NULL) into a vector.
ColumnVector MakeColumn(DataType type, const std::vector<SystemRow>& rows, size_t column,
                        size_t begin, size_t count) {
  ColumnVector out(type, std::max<size_t>(count, 1));
  out.SetSize(count);
  for (size_t i = 0; i < count; ++i) {
    const Value& value = rows[begin + i][column];
    if (value.is_null()) {
      out.SetNull(i, true);
      continue;
    }
    switch (type.id) {
      case TypeId::kBool:
        out.data<uint8_t>()[i] = value.bool_value() ? 1 : 0;
        break;
      case TypeId::kInt16:
        out.data<int16_t>()[i] = static_cast<int16_t>(value.int_value());
        break;
      case TypeId::kInt32:
      case TypeId::kDate:
        out.data<int32_t>()[i] = static_cast<int32_t>(value.int_value());
        break;
      case TypeId::kInt64:
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz:
      case TypeId::kTime:
        out.data<int64_t>()[i] = value.int_value();
        break;
      case TypeId::kFloat32:
        out.data<float>()[i] = static_cast<float>(value.float_value());
        break;
      case TypeId::kFloat64:
        out.data<double>()[i] = value.float_value();
        break;
      case TypeId::kText:
      case TypeId::kVarchar:
      case TypeId::kArray:
      case TypeId::kUuid:
      case TypeId::kJson:
      case TypeId::kJsonb:
      case TypeId::kBytea:
        out.data<std::string_view>()[i] = out.AddString(value.text_value());
        break;
      case TypeId::kInterval:
        out.data<Interval>()[i] = value.interval_value();
        break;
      case TypeId::kNumeric:
        out.data<Numeric>()[i] = value.numeric_value();
        break;
      case TypeId::kUnknown:
        out.SetNull(i, true);
        break;
    }
  }
  return out;
}

}  // namespace

Result<std::vector<DataChunk>> ScanSystemRelation(const SystemRelation& relation,
                                                  const CatalogSnapshot& snapshot,
                                                  const ts::ScanSpec& spec) {
  ASSIGN_OR_RETURN(std::vector<SystemRow> rows, relation.Rows(snapshot));
  auto missing = [&](int column) {
    return Status::Error(ErrorCode::kInternal, "scan of column " + std::to_string(column) +
                                                   ", which \"" + std::string(relation.name) +
                                                   "\" does not have");
  };
  auto has = [&](int column) {
    return column >= 0 && static_cast<size_t>(column) < relation.columns.size();
  };
  std::vector<ts::CompiledPredicate> predicates;
  for (const ts::ScanPredicate& predicate : spec.predicates) {
    if (!has(predicate.column)) return missing(predicate.column);
    ASSIGN_OR_RETURN(
        ts::CompiledPredicate compiled,
        ts::CompiledPredicate::Compile(predicate, relation.columns[predicate.column].type));
    predicates.push_back(std::move(compiled));
  }
  for (int column : spec.columns) {
    if (!has(column)) return missing(column);
  }

  std::vector<DataChunk> out;
  std::vector<uint32_t> selected(kBatchCapacity);
  for (size_t begin = 0; begin < rows.size(); begin += kBatchCapacity) {
    const size_t count = std::min(kBatchCapacity, rows.size() - begin);
    // Only the columns read or tested are materialized.
    std::vector<std::optional<ColumnVector>> columns(relation.columns.size());
    auto column_at = [&](size_t c) -> const ColumnVector& {
      if (!columns[c]) columns[c] = MakeColumn(relation.columns[c].type, rows, c, begin, count);
      return *columns[c];
    };
    auto view_of = [&](size_t c) {
      const ColumnVector& vector = column_at(c);
      return ts::ColumnView{.type = vector.type().id,
                            .values = vector.data<char>(),
                            .validity = vector.validity(),
                            .string_owner = &vector};
    };
    size_t kept = count;
    bool all = true;
    for (const ts::CompiledPredicate& predicate : predicates) {
      kept = predicate.Refine(view_of(predicate.column()), all, kept, selected.data());
      all = false;
      if (kept == 0) break;
    }
    if (kept == 0) continue;
    DataChunk chunk;
    chunk.row_count_without_columns = kept;
    for (int c : spec.columns) {
      chunk.columns.push_back(ts::GatherColumn(view_of(c), relation.columns[c].type,
                                               all ? nullptr : selected.data(), 0, kept));
    }
    out.push_back(std::move(chunk));
  }
  return out;
}

Result<ts::TableSchema> SystemScanEngine::CreateTable(ts::TableSchema schema) {
  return store_.CreateTable(std::move(schema));
}

Status SystemScanEngine::DropTable(const std::string& name) {
  if (!store_.FindTable(name)) {
    if (const SystemRelation* relation = SystemRelationNamed(name)) return ReadOnly(*relation);
  }
  return store_.DropTable(name);
}

Result<ts::TableSchema> SystemScanEngine::MakeHypertable(const std::string& name, int time_column,
                                                         int64_t partition_interval_micros) {
  if (!store_.FindTable(name)) {
    if (const SystemRelation* relation = SystemRelationNamed(name)) return ReadOnly(*relation);
  }
  return store_.MakeHypertable(name, time_column, partition_interval_micros);
}

Result<ts::TableSchema> SystemScanEngine::AlterTable(const std::string& name,
                                                     const ts::SchemaChange& change) {
  if (!store_.FindTable(name)) {
    if (const SystemRelation* relation = SystemRelationNamed(name)) return ReadOnly(*relation);
  }
  return store_.AlterTable(name, change);
}

Status SystemScanEngine::TruncateTables(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (store_.FindTable(name)) continue;
    if (const SystemRelation* relation = SystemRelationNamed(name)) return ReadOnly(*relation);
  }
  return store_.TruncateTables(names);
}

Result<std::vector<int64_t>> SystemScanEngine::ListPartitions(uint32_t table_id) {
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(table_id)) {
    return ReadOnly(*relation);
  }
  return store_.ListPartitions(table_id);
}

Result<std::vector<ts::Engine::PartitionStats>> SystemScanEngine::ListPartitionStats(
    uint32_t table_id) {
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(table_id)) {
    return ReadOnly(*relation);
  }
  return store_.ListPartitionStats(table_id);
}

Result<std::vector<int64_t>> SystemScanEngine::DropPartitions(uint32_t table_id,
                                                              const ts::TimeRange& range) {
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(table_id)) {
    return ReadOnly(*relation);
  }
  return store_.DropPartitions(table_id, range);
}

Result<uint64_t> SystemScanEngine::DeleteRows(const ts::ScanSpec& candidates,
                                              const ts::RowMatcher& matcher,
                                              const ts::TimeRange& whole_partitions) {
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(candidates.table_id)) {
    return ReadOnly(*relation);
  }
  return store_.DeleteRows(candidates, matcher, whole_partitions);
}

Result<uint64_t> SystemScanEngine::ReplaceRows(const ts::ScanSpec& candidates,
                                               const ts::RowReplacer& replacer,
                                               std::vector<DataChunk> added) {
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(candidates.table_id)) {
    return ReadOnly(*relation);
  }
  return store_.ReplaceRows(candidates, replacer, std::move(added));
}

Result<uint64_t> SystemScanEngine::MatchRowsInBlock(const ts::ScanSpec& candidates,
                                                    const ts::RowReplacer& replacer,
                                                    ts::BlockDeletes& deletes,
                                                    std::vector<DataChunk>& replacements) {
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(candidates.table_id)) {
    return ReadOnly(*relation);
  }
  return store_.MatchRowsInBlock(candidates, replacer, deletes, replacements);
}

Status SystemScanEngine::AppendTables(const std::vector<ts::TableAppend>& tables) {
  for (const ts::TableAppend& append : tables) {
    if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(append.table_id)) {
      return ReadOnly(*relation);
    }
  }
  return store_.AppendTables(tables);
}

Status SystemScanEngine::CommitBlock(const std::vector<ts::TableAppend>& tables,
                                     const std::vector<ts::BlockDeletes>& deletes) {
  for (const ts::TableAppend& append : tables) {
    if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(append.table_id)) {
      return ReadOnly(*relation);
    }
  }
  return store_.CommitBlock(tables, deletes);
}

Result<std::unique_ptr<ts::BulkLoad>> SystemScanEngine::BeginBulkLoad(uint32_t table_id) {
  if (const SystemRelation* relation = SystemRelations::Get().FindByTableId(table_id)) {
    return ReadOnly(*relation);
  }
  return store_.BeginBulkLoad(table_id);
}

Result<std::unique_ptr<ts::TableScanner>> SystemScanEngine::Scan(const ts::ScanSpec& spec) {
  const SystemRelation* relation = SystemRelations::Get().FindByTableId(spec.table_id);
  if (relation == nullptr) return store_.Scan(spec);
  ASSIGN_OR_RETURN(std::vector<DataChunk> chunks,
                   ScanSystemRelation(*relation, catalog_.Snapshot(), spec));
  return std::unique_ptr<ts::TableScanner>(std::make_unique<ts::ChunkScanner>(std::move(chunks)));
}

Result<std::shared_ptr<const ts::MorselScan>> SystemScanEngine::ScanMorsels(
    const ts::ScanSpec& spec) {
  // A system relation is one morsel opening Scan (the base class's default).
  if (SystemRelations::Get().FindByTableId(spec.table_id) != nullptr) {
    return ts::Engine::ScanMorsels(spec);
  }
  return store_.ScanMorsels(spec);
}

Result<ts::Engine::TableStats> SystemScanEngine::Stats(uint32_t table_id) const {
  if (SystemRelations::Get().FindByTableId(table_id) != nullptr) return TableStats{};
  return store_.Stats(table_id);
}

}  // namespace sundial::catalog
