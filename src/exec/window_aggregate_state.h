#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/column_vector.h"
#include "common/status.h"
#include "exec/function_registry.h"
#include "exec/vector_ops.h"

namespace sundial::exec {

// One aggregate state of a window call, sized and aligned for any
// AggregateFunction.
class WindowAggregateState {
 public:
  explicit WindowAggregateState(const AggregateFunction& function)
      : function_(function),
        bytes_((function.state_size() + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t) +
               1) {}
  ~WindowAggregateState() { Reset(); }
  WindowAggregateState(const WindowAggregateState&) = delete;
  WindowAggregateState& operator=(const WindowAggregateState&) = delete;

  void Start() {
    Reset();
    function_.Init(data());
    live_ = true;
  }
  // Folds rows [begin, end) of the argument columns into the state.
  void Add(const std::vector<ColumnVector>& columns, const std::vector<int>& args, size_t begin,
           size_t end) {
    if (end <= begin) return;
    std::vector<ColumnVector> sliced;
    for (int arg : args)
      sliced.push_back(SliceRows(columns[arg], begin, end - begin));
    std::vector<uint8_t*> states(end - begin, data());
    function_.Update(states.data(), sliced.data(), end - begin);
  }
  Status FinalizeInto(ColumnVector& out, size_t row) const {
    return function_.FinalizeChecked(data(), out, row);
  }

 private:
  void Reset() {
    if (live_) function_.Destroy(data());
    live_ = false;
  }
  uint8_t* data() { return reinterpret_cast<uint8_t*>(bytes_.data()); }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(bytes_.data()); }

  const AggregateFunction& function_;
  std::vector<std::max_align_t> bytes_;
  bool live_ = false;
};

}  // namespace sundial::exec
