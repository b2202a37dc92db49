#include "sql/nesting_limit.h"

#include <pthread.h>

#include <cstdint>

namespace sundial::sql {
namespace {

// The lowest usable address of the calling thread's stack (stacks grow
// down), or 0 when the system does not say.
uintptr_t StackLowAddress() {
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) != 0) return 0;
  void* low = nullptr;
  size_t size = 0;
  const int status = pthread_attr_getstack(&attributes, &low, &size);
  pthread_attr_destroy(&attributes);
  return status == 0 ? reinterpret_cast<uintptr_t>(low) : 0;
}

}  // namespace

bool StackNearlyExhausted() {
  thread_local const uintptr_t low = StackLowAddress();
  if (low == 0) return false;
  char marker;
  return reinterpret_cast<uintptr_t>(&marker) < low + kStackReserveBytes;
}

}  // namespace sundial::sql
