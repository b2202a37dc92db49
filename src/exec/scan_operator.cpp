#include "exec/operator_factories.h"
#include "exec/plan_profile.h"

namespace sundial::exec {
namespace {

// Reads a table through the storage engine; the scanner is opened on the
// first Next so that building a plan never touches storage.
class ScanOperator final : public Operator {
 public:
  ScanOperator(const ScanPlan& plan, ExecContext& context) : plan_(plan), context_(context) {}

  Result<bool> Next(DataChunk& out) override {
    RETURN_IF_ERROR(CheckCanceled(context_));
    if (!scanner_ && context_.morsel_scan != nullptr) {
      ASSIGN_OR_RETURN(scanner_, context_.morsel_scan->OpenMorsel(context_.morsel));
    }
    if (!scanner_) {
      if (context_.engine == nullptr) {
        return Status::Error(ErrorCode::kInternal, "scan without a storage engine");
      }
      auto uncommitted = context_.uncommitted_rows.find(plan_.spec.table_id);
      if (uncommitted == context_.uncommitted_rows.end()) {
        ASSIGN_OR_RETURN(scanner_, context_.engine->Scan(plan_.spec));
      } else {
        ts::ScanSpec spec = plan_.spec;
        spec.uncommitted_rows = uncommitted->second;
        ASSIGN_OR_RETURN(scanner_, context_.engine->Scan(spec));
      }
    }
    Result<bool> more = scanner_->Next(out);
    if (context_.profile != nullptr) context_.profile->For(&plan_).scan = scanner_->statistics();
    return more;
  }

 private:
  const ScanPlan& plan_;
  ExecContext& context_;
  std::unique_ptr<ts::TableScanner> scanner_;
};

}  // namespace

std::unique_ptr<Operator> MakeScanOperator(const ScanPlan& plan, ExecContext& context) {
  return std::make_unique<ScanOperator>(plan, context);
}

}  // namespace sundial::exec
