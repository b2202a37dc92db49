#include <algorithm>
#include <cmath>
#include <limits>

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
      if (plan_.parameter_terms.empty() &&
          context_.uncommitted_rows.count(plan_.spec.table_id) == 0 &&
          context_.block_deletes.count(plan_.spec.table_id) == 0) {
        ASSIGN_OR_RETURN(scanner_, context_.engine->Scan(plan_.spec));
      } else {
        ASSIGN_OR_RETURN(ts::ScanSpec spec, ResolveScanSpec(plan_, context_));
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

// Narrows `range` to the times `op value` admits.
void NarrowTimeRange(ts::ScanCompare op, int64_t value, ts::TimeRange& range) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t next = value == kMax ? kMax : value + 1;
  switch (op) {
    case ts::ScanCompare::kEq:
      range.begin = std::max(range.begin, value);
      range.end = std::min(range.end, next);
      break;
    case ts::ScanCompare::kLt:
      range.end = std::min(range.end, value);
      break;
    case ts::ScanCompare::kLe:
      range.end = std::min(range.end, next);
      break;
    case ts::ScanCompare::kGt:
      range.begin = std::max(range.begin, next);
      break;
    case ts::ScanCompare::kGe:
      range.begin = std::max(range.begin, value);
      break;
    case ts::ScanCompare::kIn:
      break;
  }
}

}  // namespace

Result<ts::ScanSpec> ResolveScanSpec(const ScanPlan& plan, const ExecContext& context) {
  ts::ScanSpec spec = plan.spec;
  if (auto it = context.uncommitted_rows.find(spec.table_id);
      it != context.uncommitted_rows.end()) {
    spec.uncommitted_rows = it->second;
  }
  if (auto it = context.block_deletes.find(spec.table_id); it != context.block_deletes.end()) {
    spec.block_deletes = it->second;
  }
  for (const ScanParameterTerm& term : plan.parameter_terms) {
    ASSIGN_OR_RETURN(Value value, EvaluateConstant(*term.value, context.eval));
    // The filter above rejects every row for these; the store needs a
    // comparable value.
    if (value.is_null() || (IsFloat(value.type().id) && std::isnan(value.float_value()))) {
      continue;
    }
    if (term.column == plan.time_column)
      NarrowTimeRange(term.op, value.int_value(), spec.time_range);
    spec.predicates.push_back(
        ts::ScanPredicate{.column = term.column, .op = term.op, .values = {std::move(value)}});
  }
  return spec;
}

std::unique_ptr<Operator> MakeScanOperator(const ScanPlan& plan, ExecContext& context) {
  return std::make_unique<ScanOperator>(plan, context);
}

}  // namespace sundial::exec
