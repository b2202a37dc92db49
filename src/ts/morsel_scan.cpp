#include "ts/morsel_scan.h"

#include "ts/row_group_pruner.h"
#include "ts/scanner.h"

namespace sundial::ts {
namespace {

class SnapshotMorselScan final : public MorselScan {
 public:
  SnapshotMorselScan(std::shared_ptr<const TableVersion> table, const ScanSpec& spec,
                     std::vector<MemRun> memtable_rows)
      : table_(std::move(table)), spec_(spec), memtable_rows_(std::move(memtable_rows)) {
    // The uncommitted rows are among memtable_rows_ already.
    spec_.uncommitted_rows.clear();
    segments_ = SegmentsToScan(*table_, spec_.time_range, pruned_);
    // Row groups whose bounds rule out every row never become morsels, so a
    // query that needs a few of them runs them on the calling thread.
    std::vector<CompiledPredicate> predicates;
    for (const ScanPredicate& predicate : spec_.predicates) {
      if (predicate.column < 0 ||
          predicate.column >= static_cast<int>(table_->schema.columns.size())) {
        predicates.clear();  // the scanner reports it
        break;
      }
      auto compiled =
          CompiledPredicate::Compile(predicate, table_->schema.columns[predicate.column].type);
      if (compiled.ok()) predicates.push_back(std::move(compiled).value());
    }
    RowGroupPruner pruner(table_->schema, spec_.time_range, &predicates);
    for (size_t s = 0; s < segments_.size(); ++s) {
      for (size_t g = 0; g < segments_[s]->row_group_rows().size(); ++g) {
        switch (pruner.Judge(*segments_[s], g)) {
          case RowGroupPruner::Verdict::kOutsideTimeRange:
            ++pruned_.blocks_skipped;
            break;
          case RowGroupPruner::Verdict::kNoMatch:
            ++pruned_.groups_filtered;
            break;
          case RowGroupPruner::Verdict::kMayMatch:
            morsels_.push_back(Morsel{.segment = s, .first = g, .end = g + 1});
            break;
        }
      }
    }
    size_t rows = 0;
    for (size_t r = 0; r < memtable_rows_.size(); ++r) {
      if (rows == 0) morsels_.push_back(Morsel{.segment = kMemtable, .first = r, .end = r});
      ++morsels_.back().end;
      rows += memtable_rows_[r].rows;
      if (rows >= kMemtableMorselRows) rows = 0;
    }
  }

  size_t morsel_count() const override { return morsels_.size(); }

  Result<std::unique_ptr<TableScanner>> OpenMorsel(size_t index) const override {
    if (index >= morsels_.size()) {
      return Status::Error(ErrorCode::kInternal, "morsel " + std::to_string(index) +
                                                     " is beyond the scan's " +
                                                     std::to_string(morsels_.size()));
    }
    const Morsel& morsel = morsels_[index];
    ScanSource source;
    if (morsel.segment == kMemtable) {
      source.memtable_rows.assign(memtable_rows_.begin() + static_cast<ptrdiff_t>(morsel.first),
                                  memtable_rows_.begin() + static_cast<ptrdiff_t>(morsel.end));
    } else {
      source.segments = {segments_[morsel.segment]};
      source.first_row_group = morsel.first;
      source.end_row_group = morsel.end;
    }
    return std::unique_ptr<TableScanner>(
        std::make_unique<SegmentTableScanner>(table_, spec_, std::move(source), ScanStatistics{}));
  }

  ScanStatistics pruning_statistics() const override { return pruned_; }

 private:
  static constexpr size_t kMemtable = static_cast<size_t>(-1);
  // Row groups [first, end) of segments_[segment], or memtable runs
  // [first, end) when segment is kMemtable.
  struct Morsel {
    size_t segment = 0;
    size_t first = 0;
    size_t end = 0;
  };

  std::shared_ptr<const TableVersion> table_;
  ScanSpec spec_;
  std::vector<MemRun> memtable_rows_;
  std::vector<std::shared_ptr<const SegmentReader>> segments_;
  std::vector<Morsel> morsels_;
  ScanStatistics pruned_;
};

// Serves Engine::ScanMorsels for engines without a snapshot of their own:
// the whole scan is one morsel.
class WholeScanMorsel final : public MorselScan {
 public:
  WholeScanMorsel(Engine& engine, ScanSpec spec) : engine_(engine), spec_(std::move(spec)) {}

  size_t morsel_count() const override { return 1; }
  Result<std::unique_ptr<TableScanner>> OpenMorsel(size_t index) const override {
    if (index != 0) return Status::Error(ErrorCode::kInternal, "a whole scan is one morsel");
    return engine_.Scan(spec_);
  }

 private:
  Engine& engine_;
  ScanSpec spec_;
};

}  // namespace

std::shared_ptr<const MorselScan> MakeSnapshotMorselScan(std::shared_ptr<const TableVersion> table,
                                                         const ScanSpec& spec,
                                                         std::vector<MemRun> memtable_rows) {
  return std::make_shared<SnapshotMorselScan>(std::move(table), spec, std::move(memtable_rows));
}

Result<std::shared_ptr<const MorselScan>> Engine::ScanMorsels(const ScanSpec& spec) {
  return std::shared_ptr<const MorselScan>(std::make_shared<WholeScanMorsel>(*this, spec));
}

}  // namespace sundial::ts
