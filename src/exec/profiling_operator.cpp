#include <chrono>

#include "exec/operator.h"
#include "exec/plan_profile.h"

namespace sundial::exec {
namespace {

class ProfilingOperator final : public Operator {
 public:
  ProfilingOperator(std::unique_ptr<Operator> inner, NodeProfile& profile)
      : inner_(std::move(inner)), profile_(profile) {}

  Result<bool> Next(DataChunk& out) override {
    auto start = std::chrono::steady_clock::now();
    Result<bool> more = inner_->Next(out);
    profile_.nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    if (more.ok() && *more) {
      profile_.rows += out.size();
      ++profile_.batches;
    }
    return more;
  }

 private:
  std::unique_ptr<Operator> inner_;
  NodeProfile& profile_;
};

}  // namespace

std::unique_ptr<Operator> MakeProfilingOperator(std::unique_ptr<Operator> inner,
                                                NodeProfile& profile) {
  return std::make_unique<ProfilingOperator>(std::move(inner), profile);
}

}  // namespace sundial::exec
