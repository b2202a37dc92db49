#include "sql/database.h"

#include <filesystem>

#include "catalog/catalog.h"
#include "catalog/system_scan_engine.h"
#include "common/datetime.h"
#include "sql/column_defaults.h"
#include "sql/continuous_aggregate_ranges.h"
#include "sql/invalidating_engine.h"
#include "sql/table_policies.h"
#include "ts/engine.h"

namespace sundial::sql {
namespace {

// A policy offset in a job's config: the interval's text, or null.
std::string JsonInterval(const std::optional<Interval>& interval) {
  if (!interval) return "null";
  std::string text;
  FormatInterval(*interval, text);
  return "\"" + text + "\"";
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::unique_ptr<Database> db(new Database());
  db->data_dir_ = options.data_dir;
  ASSIGN_OR_RETURN(db->store_, ts::Engine::Open(ts::EngineOptions{
                                   .data_dir = options.data_dir,
                                   .memtable_flush_bytes = options.memtable_flush_bytes,
                                   .block_cache_bytes = options.block_cache_bytes,
                                   .background_merge = options.background_merge,
                                   .merge_memory_bytes = options.merge_memory_bytes,
                               }));
  std::filesystem::path sql_dir = std::filesystem::path(options.data_dir) / "sql";
  ASSIGN_OR_RETURN(db->column_defaults_,
                   ColumnDefaults::Open((sql_dir / "column_defaults").string()));
  ColumnDefaults& defaults = *db->column_defaults_;
  db->catalog_ = std::make_unique<catalog::Catalog>(
      *db->store_,
      [&defaults](uint32_t table_id, int column) { return defaults.Find(table_id, column); });
  ASSIGN_OR_RETURN(db->views_, catalog::ViewDefinitions::Open((sql_dir / "views").string()));
  db->catalog_->SetViews(*db->views_);
  ASSIGN_OR_RETURN(db->indexes_, catalog::IndexDefinitions::Open((sql_dir / "indexes").string()));
  db->catalog_->SetIndexes(*db->indexes_);
  ASSIGN_OR_RETURN(db->sequences_,
                   catalog::SequenceDefinitions::Open((sql_dir / "sequences").string()));
  db->catalog_->SetSequences(*db->sequences_);
  db->aggregate_ranges_ = std::make_unique<ContinuousAggregateRanges>(*db->views_);
  db->invalidating_store_ =
      std::make_unique<InvalidatingEngine>(*db->store_, *db->aggregate_ranges_);
  db->engine_ =
      std::make_unique<catalog::SystemScanEngine>(*db->invalidating_store_, *db->catalog_);
  db->temp_dir_ = (sql_dir / "tmp").string();
  std::error_code ec;
  // Spill files of a crashed process are garbage.
  std::filesystem::remove_all(db->temp_dir_, ec);
  std::filesystem::create_directories(db->temp_dir_, ec);
  if (ec) {
    return Status::Error(ErrorCode::kIoError,
                         "could not create directory \"" + db->temp_dir_ + "\": " + ec.message());
  }
  // Named when it held retention policies only.
  ASSIGN_OR_RETURN(db->policies_, TablePolicies::Open((sql_dir / "retention_policies").string()));
  db->catalog_->SetJobs([&policies = *db->policies_, &views = *db->views_] {
    std::vector<catalog::CatalogSnapshot::Job> jobs;
    for (const TablePolicies::Policy& policy :
         policies.List(TablePolicies::Kind::kContinuousAggregate)) {
      std::optional<catalog::ViewDefinition> view =
          views.FindByOid(catalog::kFirstViewOid + policy.table_id);
      if (!view || !view->continuous) continue;  // dropped; the scheduler removes it
      const uint32_t materialization = view->continuous->materialization_table_id;
      // jsonb's key order, shorter first, as TimescaleDB shows it.
      jobs.push_back(catalog::CatalogSnapshot::Job{
          .job_id = policy.job_id,
          .proc_name = "policy_refresh_continuous_aggregate",
          .table_id = materialization,
          .config = "{\"end_offset\": " + JsonInterval(policy.end_offset) +
                    ", \"start_offset\": " + JsonInterval(policy.start_offset) +
                    ", \"mat_hypertable_id\": " + std::to_string(materialization) + "}"});
    }
    for (TablePolicies::Kind kind :
         {TablePolicies::Kind::kRetention, TablePolicies::Kind::kCompression}) {
      const bool retention = kind == TablePolicies::Kind::kRetention;
      for (const TablePolicies::Policy& policy : policies.List(kind)) {
        jobs.push_back(catalog::CatalogSnapshot::Job{
            .job_id = policy.job_id,
            .proc_name = retention ? "policy_retention" : "policy_compression",
            .config_key = retention ? "drop_after" : "compress_after",
            .scheduled = retention,
            .table_id = policy.table_id,
            .after = policy.after});
      }
    }
    return jobs;
  });
  return db;
}

Database::~Database() = default;

}  // namespace sundial::sql
