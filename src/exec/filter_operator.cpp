#include <vector>

#include "exec/operator_factories.h"
#include "exec/vector_ops.h"

namespace sundial::exec {
namespace {

// Keeps the rows whose predicate is true. A batch where every row qualifies
// passes through untouched; otherwise the survivors are gathered into fresh
// vectors (strings shared, not copied).
class FilterOperator final : public Operator {
 public:
  FilterOperator(const FilterPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan), child_(std::move(child)), context_(context), selection_(kBatchCapacity) {}

  Result<bool> Next(DataChunk& out) override {
    DataChunk input;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(input));
      if (!more) return false;
      RETURN_IF_ERROR(CheckCanceled(context_));
      size_t n = input.size();
      ColumnVector predicate;
      RETURN_IF_ERROR(Evaluate(*plan_.predicate, input, context_.eval, predicate));
      if (selection_.size() < n) selection_.resize(n);
      size_t kept = SelectTrue(predicate, n, selection_.data());
      if (kept == 0) continue;
      if (kept == n) {
        out = std::move(input);
        return true;
      }
      DataChunk result;
      result.row_count_without_columns = kept;
      result.columns.reserve(input.columns.size());
      for (const ColumnVector& column : input.columns) {
        result.columns.push_back(GatherRows(column, selection_.data(), kept));
      }
      out = std::move(result);
      return true;
    }
  }

 private:
  const FilterPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
  std::vector<uint32_t> selection_;
};

}  // namespace

std::unique_ptr<Operator> MakeFilterOperator(const FilterPlan& plan,
                                             std::unique_ptr<Operator> child,
                                             ExecContext& context) {
  return std::make_unique<FilterOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
