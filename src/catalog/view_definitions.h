#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"

namespace sundial::catalog {

// Views get kFirstViewOid + their view id: ids are never reused, and the
// range lies between the user tables' OIDs (kFirstUserOid + store table id)
// and kAttrDefOidBase.
inline constexpr uint32_t kFirstViewOid = 1u << 29;

// What a continuous aggregate adds to its view: where its rows are kept and
// which of its buckets are current.
struct ContinuousAggregate {
  uint32_t source_table_id = 0;
  // The hypertable holding the materialized rows, one column per view column.
  uint32_t materialization_table_id = 0;
  // The view column holding time_bucket(width, <source time column>).
  int bucket_column = 0;
  int64_t bucket_width_micros = 0;
  // Buckets start at origin + k * width (microseconds since the epoch).
  int64_t bucket_origin_micros = 0;
  // Whether queries read only the materialized rows (TimescaleDB's default
  // since 2.13) or add the source's rows past the last materialized bucket.
  bool materialized_only = true;
  // Sorted, disjoint, bucket-aligned [begin, end) ranges (microseconds) whose
  // materialized rows match the source now: refreshes add to it, writes to
  // the source take the written rows' buckets out of it.
  std::vector<std::pair<int64_t, int64_t>> current_ranges;
};

// A view as CREATE VIEW (or CREATE MATERIALIZED VIEW ... WITH
// (timescaledb.continuous)) defined it. The query is kept as written and
// bound afresh whenever the view is used.
struct ViewDefinition {
  uint32_t view_id = 0;
  std::string name;
  std::string query;
  // The creating session's time zone: the query's literals are read in it
  // wherever the view is used, as PostgreSQL reads them once at CREATE.
  std::string time_zone = "UTC";
  // The output columns as bound at creation (names after the column list).
  std::vector<std::string> column_names;
  std::vector<DataType> column_types;
  // The relations (tables and views, by OID) the view reads: dropping one
  // is refused while the view exists, unless CASCADE drops the view too.
  std::vector<uint32_t> referenced_oids;
  std::optional<ContinuousAggregate> continuous;

  uint32_t oid() const { return kFirstViewOid + view_id; }
};

// The views of the database, persisted in one small file rewritten whole on
// each change (write temp, fsync, rename, fsync the directory). Thread-safe.
class ViewDefinitions {
 public:
  // Loads the file at `path` (absent: no views yet).
  static Result<std::unique_ptr<ViewDefinitions>> Open(std::string path);
  explicit ViewDefinitions(std::string path) : path_(std::move(path)) {}

  std::optional<ViewDefinition> Find(const std::string& name) const;
  std::optional<ViewDefinition> FindByOid(uint32_t oid) const;
  std::vector<ViewDefinition> List() const;
  // Whether a continuous aggregate reads the table (cheap: writes ask it).
  bool HasContinuousAggregateOn(uint32_t table_id) const;
  // The views that read the relation.
  std::vector<ViewDefinition> DependingOn(uint32_t oid) const;

  // Durably adds a view under a new id (set in the returned definition).
  // kDuplicateTable if a view has the name.
  Result<ViewDefinition> Create(ViewDefinition view);
  // Durably replaces the view with the same id.
  Status Replace(const ViewDefinition& view);
  Status Drop(uint32_t view_id);

 private:
  Status Persist() const;  // requires mutex_

  std::string path_;
  mutable std::mutex mutex_;
  uint32_t next_view_id_ = 1;
  std::vector<ViewDefinition> views_;
};

}  // namespace sundial::catalog
