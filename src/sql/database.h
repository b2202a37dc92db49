#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace sundial::ts {
class Engine;
}
namespace sundial::catalog {
class Catalog;
class IndexDefinitions;
class SequenceDefinitions;
class ViewDefinitions;
}  // namespace sundial::catalog

namespace sundial::sql {

class ColumnDefaults;
class ContinuousAggregateRanges;
class TablePolicies;

struct DatabaseOptions {
  std::string data_dir = "./sundial-data";
  size_t memtable_flush_bytes = 64 << 20;
  size_t block_cache_bytes = size_t{512} << 20;
  size_t merge_memory_bytes = size_t{1} << 30;
  // Off: segments merge only when CHECKPOINT runs (ts::EngineOptions).
  bool background_merge = true;
};

// The shared state behind all sessions: the store and the catalog.
// Thread-safe.
class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  // The store, with the system relations' scans served by the catalog.
  ts::Engine& engine() { return *engine_; }
  catalog::Catalog& catalog() { return *catalog_; }
  const std::string& data_dir() const { return data_dir_; }
  // Where operators put spill files (created at Open).
  const std::string& temp_dir() const { return temp_dir_; }
  // DEFAULT expressions of table columns (the store keeps no SQL).
  ColumnDefaults& column_defaults() { return *column_defaults_; }
  // The retention policies (run by the server's scheduler) and compression
  // policies of hypertables.
  TablePolicies& policies() { return *policies_; }
  // Which buckets of each continuous aggregate are current.
  ContinuousAggregateRanges& continuous_aggregate_ranges() { return *aggregate_ranges_; }

 private:
  Database() = default;
  std::string data_dir_;
  std::string temp_dir_;
  std::unique_ptr<ts::Engine> store_;
  std::unique_ptr<ColumnDefaults> column_defaults_;
  std::unique_ptr<TablePolicies> policies_;
  std::unique_ptr<catalog::ViewDefinitions> views_;
  std::unique_ptr<catalog::IndexDefinitions> indexes_;
  std::unique_ptr<catalog::SequenceDefinitions> sequences_;
  std::unique_ptr<ContinuousAggregateRanges> aggregate_ranges_;
  // The store as writes must reach it: continuous aggregates invalidated first.
  std::unique_ptr<ts::Engine> invalidating_store_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<ts::Engine> engine_;
};

}  // namespace sundial::sql
