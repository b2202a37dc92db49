#include <algorithm>

#include "exec/cast.h"
#include "exec/operator_factories.h"

namespace sundial::exec {
namespace {

// Emits constant rows in batches.
class ValuesOperator final : public Operator {
 public:
  ValuesOperator(const ValuesPlan& plan, ExecContext& context) : plan_(plan), context_(context) {}

  Result<bool> Next(DataChunk& out) override {
    size_t total = plan_.rows.size();
    if (next_row_ >= total) return false;
    size_t count = std::min(kBatchCapacity, total - next_row_);
    DataChunk chunk = DataChunk::Make(plan_.output_types, count);
    DataChunk one_row;
    one_row.row_count_without_columns = 1;
    for (size_t r = 0; r < count; ++r) {
      const std::vector<ExprPtr>& row = plan_.rows[next_row_ + r];
      if (row.size() != plan_.output_types.size()) {
        return Status::Error(ErrorCode::kInternal, "VALUES row width differs from its plan");
      }
      for (size_t c = 0; c < row.size(); ++c) {
        ColumnVector value;
        RETURN_IF_ERROR(Evaluate(*row[c], one_row, context_.eval, value));
        if (value.type().id != plan_.output_types[c].id ||
            (IsString(value.type().id) && plan_.output_types[c].max_length >= 0)) {
          ColumnVector cast;
          RETURN_IF_ERROR(CastVector(value, 1, plan_.output_types[c], context_.eval, cast));
          value = std::move(cast);
        }
        chunk.columns[c].AppendFrom(value, 0);
      }
    }
    chunk.SetSize(count);
    next_row_ += count;
    out = std::move(chunk);
    return true;
  }

 private:
  const ValuesPlan& plan_;
  ExecContext& context_;
  size_t next_row_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeValuesOperator(const ValuesPlan& plan, ExecContext& context) {
  return std::make_unique<ValuesOperator>(plan, context);
}

}  // namespace sundial::exec
