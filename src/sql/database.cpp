#include "sql/database.h"

#include <filesystem>

#include "catalog/catalog.h"
#include "catalog/system_scan_engine.h"
#include "sql/column_defaults.h"
#include "sql/table_policies.h"
#include "ts/engine.h"

namespace sundial::sql {

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
  db->engine_ = std::make_unique<catalog::SystemScanEngine>(*db->store_, *db->catalog_);
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
  db->catalog_->SetJobs([&policies = *db->policies_] {
    std::vector<catalog::CatalogSnapshot::Job> jobs;
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
