#include "exec/operator_factories.h"

namespace sundial::exec {
namespace {

// Computes one output column per expression; column references pass the
// input vector through by (shallow) copy.
class ProjectOperator final : public Operator {
 public:
  ProjectOperator(const ProjectPlan& plan, std::unique_ptr<Operator> child, ExecContext& context)
      : plan_(plan), child_(std::move(child)), context_(context) {}

  Result<bool> Next(DataChunk& out) override {
    DataChunk input;
    ASSIGN_OR_RETURN(bool more, child_->Next(input));
    if (!more) return false;
    DataChunk result;
    result.row_count_without_columns = input.size();
    RETURN_IF_ERROR(EvaluateAll(plan_.expressions, input, context_.eval, result.columns));
    out = std::move(result);
    return true;
  }

 private:
  const ProjectPlan& plan_;
  std::unique_ptr<Operator> child_;
  ExecContext& context_;
};

}  // namespace

std::unique_ptr<Operator> MakeProjectOperator(const ProjectPlan& plan,
                                              std::unique_ptr<Operator> child,
                                              ExecContext& context) {
  return std::make_unique<ProjectOperator>(plan, std::move(child), context);
}

}  // namespace sundial::exec
