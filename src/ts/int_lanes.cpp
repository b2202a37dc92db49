#include "ts/int_lanes.h"

#include <cstring>

namespace sundial::ts {

namespace {

template <typename T>
void Widen(const BlockValues& in, uint64_t* lanes) {
  const T* v = static_cast<const T*>(in.values);
  for (size_t i = 0; i < in.count; ++i)
    lanes[i] = static_cast<uint64_t>(static_cast<int64_t>(v[i]));
}

template <typename T>
void Narrow(const uint64_t* lanes, size_t count, T* out) {
  for (size_t i = 0; i < count; ++i)
    out[i] = static_cast<T>(lanes[i]);
}

}  // namespace

bool IsIntegerLike(TypeId type) {
  return type == TypeId::kBool || IsInteger(type) || type == TypeId::kDate || IsTimestamp(type) ||
         type == TypeId::kTime;
}

void WidenToLanes(const BlockValues& in, std::vector<uint64_t>& lanes) {
  lanes.resize(in.count);
  switch (PhysicalSize(in.type)) {
    case 1:
      Widen<uint8_t>(in, lanes.data());
      break;
    case 2:
      Widen<int16_t>(in, lanes.data());
      break;
    case 4:
      Widen<int32_t>(in, lanes.data());
      break;
    default:
      Widen<int64_t>(in, lanes.data());
      break;
  }
  if (in.nulls == nullptr || in.null_count == 0) return;
  size_t first_valid = 0;
  while (first_valid < in.count && in.nulls[first_valid])
    ++first_valid;
  if (first_valid == in.count) return;
  uint64_t previous = lanes[first_valid];
  for (size_t i = 0; i < in.count; ++i) {
    if (in.nulls[i]) {
      lanes[i] = previous;
    } else {
      previous = lanes[i];
    }
  }
}

void NarrowFromLanes(const uint64_t* lanes, size_t count, DecodedBlock& out) {
  switch (PhysicalSize(out.type())) {
    case 1:
      Narrow(lanes, count, out.values<uint8_t>());
      break;
    case 2:
      Narrow(lanes, count, out.values<int16_t>());
      break;
    case 4:
      Narrow(lanes, count, out.values<int32_t>());
      break;
    default:
      if (lanes != out.values<uint64_t>()) {
        std::memcpy(out.values<uint64_t>(), lanes, count * 8);
      }
      break;
  }
  ZeroNullSlots(out);
}

uint64_t* LaneBuffer(DecodedBlock& out, std::vector<uint64_t>& scratch) {
  if (PhysicalSize(out.type()) == 8) return out.values<uint64_t>();
  scratch.resize(out.count());
  return scratch.data();
}

}  // namespace sundial::ts
